import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** How often an instance that does not lead asks again (a stopped leader is replaced within this). */
export const LEADER_TICK_MS = 5_000;

/**
 * Which instance runs the background jobs: the one holding a PostgreSQL session-level advisory
 * lock, on a connection of its own. When that instance stops or loses its connection, the lock
 * goes with it and another instance takes it at its next try. On the embedded database there is
 * only ever this instance.
 */
@Injectable()
export class JobsLeader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsLeader.name);
  private client: Client | null = null;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  isLeader(): boolean {
    return this.config.database.kind === 'pglite' || this.leading;
  }

  onApplicationBootstrap(): void {
    if (this.config.database.kind !== 'postgres') return;
    void this.tryToLead();
    this.timer = setInterval(() => void this.tryToLead(), LEADER_TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    // Closing the session releases the lock at once: the next instance need not wait for a timeout.
    await this.client?.end().catch(() => undefined);
  }

  private async tryToLead(): Promise<void> {
    const db = this.config.database;
    if (this.leading || this.stopped || db.kind !== 'postgres') return;
    try {
      if (!this.client) {
        const client = new Client({ connectionString: db.url, application_name: 'central-tickets-jobs' });
        client.on('error', (err) => this.lose(client, err));
        await client.connect();
        this.client = client;
      }
      // One lock per schema: deployments (and test runs) sharing a database each get a leader.
      const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        `central-tickets-jobs:${db.schema ?? 'public'}`,
      ]);
      if (rows[0]?.locked && !this.stopped) {
        this.leading = true;
        this.logger.log({ pid: process.pid }, 'this instance runs the background jobs');
      }
    } catch (err) {
      if (this.client) this.lose(this.client, err);
    }
  }

  private lose(client: Client, err: unknown): void {
    if (this.leading) this.logger.warn({ err }, 'lost the background jobs\' lock; another instance takes them over');
    this.leading = false;
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
  }
}
