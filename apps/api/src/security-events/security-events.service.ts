import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  ListSecurityEventsQueryDto,
  SecurityEventDto,
  SecurityEventKind,
  SecurityEventPageDto,
  SignInMethod,
} from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import { TenantDb, type TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { MetricsService } from '../core/metrics/metrics.service';
import type { RequestMeta } from '../core/http/request-meta';
import { SecurityEventsRepository, type SecurityEventRow } from './security-events.repository';

export interface SecurityEvent {
  kind: SecurityEventKind;
  method?: SignInMethod | null;
  code?: string | null;
  userId?: string | null;
  email?: string | null;
  details?: string | null;
}

const DEFAULT_LIMIT = 50;

const toDto = (r: SecurityEventRow): SecurityEventDto => ({
  id: r.id,
  kind: r.kind,
  method: r.method,
  code: r.code,
  user_id: r.user_id,
  email: r.email,
  ip: r.ip,
  user_agent: r.user_agent,
  origin: r.origin,
  correlation_id: r.correlation_id,
  details: r.details,
  created_at: r.created_at.toISOString(),
});

/**
 * The tenant's security log: every sign-in, failure, replay, refused origin, rate-limit hit
 * and secret rotation, with the request's IP, user agent and correlation id, never a secret.
 * Each event is written in a transaction of its own, so a failed request still leaves its row.
 */
@Injectable()
export class SecurityEventsService {
  private readonly logger = new Logger(SecurityEventsService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repo: SecurityEventsRepository,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /** Records the event in a transaction of its own; a failure to record is logged, never thrown. */
  async record(tenantId: string, meta: RequestMeta, event: SecurityEvent): Promise<void> {
    try {
      await this.db.run(tenantId, (tx) => this.recordIn(tx, meta, event));
    } catch (err) {
      this.logger.error({ err, kind: event.kind }, 'could not record a security event');
    }
  }

  /** Records the event in `tx`: it exists if and only if what it describes was committed. */
  recordIn(tx: TenantTx, meta: RequestMeta, event: SecurityEvent): Promise<void> {
    this.metrics.signIn(event.method, event.kind, event.code);
    return this.repo.insert(tx, {
      id: randomUUID(),
      kind: event.kind,
      method: event.method ?? null,
      code: event.code ?? null,
      user_id: event.userId ?? null,
      email: event.email ?? null,
      ip: meta.ip,
      user_agent: meta.userAgent,
      origin: meta.origin,
      correlation_id: meta.correlationId,
      details: event.details ?? null,
      created_at: this.clock.now(),
    });
  }

  /** Events of one kind per day since `since`, inside an open tenant transaction. */
  countByDay(tx: TenantTx, kind: SecurityEventKind, since: Date): Promise<Array<{ day: string; count: number }>> {
    return this.repo.countByDay(tx, kind, since);
  }

  list(tenantId: string, query: ListSecurityEventsQueryDto): Promise<SecurityEventPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const before = query.cursor ? decodeCursor(query.cursor) : null;
    return this.db.run(tenantId, async (tx) => {
      const rows = await this.repo.page(tx, { kinds: query.kind?.length ? query.kind : null, email: query.email ?? null }, before, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page.map(toDto),
        next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
      };
    });
  }
}

function encodeCursor(row: SecurityEventRow): string {
  return Buffer.from(JSON.stringify({ t: row.created_at.toISOString(), i: row.id })).toString('base64url');
}

function decodeCursor(raw: string): { createdAt: Date; id: string } {
  const invalid = () => AppException.invalidField('cursor', 'The cursor is invalid; use the next_cursor of the previous page.');
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    const createdAt = new Date(String(c.t));
    if (typeof c.i !== 'string' || !/^[0-9a-f-]{36}$/.test(c.i) || Number.isNaN(createdAt.getTime())) throw invalid();
    return { createdAt, id: c.i };
  } catch {
    throw invalid();
  }
}
