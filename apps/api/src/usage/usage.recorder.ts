import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../core/auth/auth-context';
import { Clock } from '../core/clock';
import { endpointGroup } from '../core/metrics/metrics.service';
import { type UsageCount, UsageRepository } from './usage.repository';

const FLUSH_EVERY_MS = 10_000;
/** A flush that keeps failing stops collecting new keys past this (counts of known keys still add up). */
const MAX_PENDING_KEYS = 100_000;

/**
 * Counts each tenant's API requests (those made with an API token) in memory, by day,
 * endpoint group and status class, and adds them to `api_usage` every ten seconds and at
 * shutdown, in one statement. The request pays for a map increment; instances add up, since
 * each adds only its own counts.
 */
@Injectable()
export class UsageRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UsageRecorder.name);
  private pending = new Map<string, UsageCount>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly repo: UsageRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** Fastify's onResponse hook: a request of the tenant API, answered. */
  observe(req: FastifyRequest, reply: FastifyReply): void {
    const auth = (req as AuthenticatedRequest).auth;
    if (auth?.actor.kind !== 'api_token') return;
    const day = this.clock.now().toISOString().slice(0, 10);
    const group = endpointGroup(req.routeOptions.url ?? '');
    const statusClass = `${Math.floor(reply.statusCode / 100)}xx`;
    const key = `${auth.tenantId}|${day}|${group}|${statusClass}`;
    const known = this.pending.get(key);
    if (known) known.requests += 1;
    else if (this.pending.size < MAX_PENDING_KEYS) this.pending.set(key, { tenantId: auth.tenantId, day, group, statusClass, requests: 1 });
  }

  /** Adds what was counted to the table; on failure the counts wait for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.repo.add([...batch.values()]);
    } catch (err) {
      this.logger.warn({ err, keys: batch.size }, 'could not record API usage; will try again');
      for (const [key, count] of batch) {
        const newer = this.pending.get(key);
        if (newer) newer.requests += count.requests;
        else this.pending.set(key, count);
      }
    }
  }
}
