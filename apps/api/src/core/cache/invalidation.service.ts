import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const INVALIDATION_CHANNEL = 'ct_invalidation';

export type Invalidation =
  | { kind: 'api_token'; tenantId: string; id: string }
  /** The tenant's settings, domains or JWT secrets changed. */
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'all' };

type Handler = (message: Invalidation) => void;

/**
 * Tells every instance that something cached has changed. A change is dropped from this
 * instance's caches at once and announced with `pg_notify` inside the changing transaction, so
 * other instances hear of it when (and only if) it commits. On the embedded database there is
 * only ever this instance. When the listening connection drops, everything cached is dropped
 * (a notice may have been missed) and the connection is made again.
 */
@Injectable()
export class InvalidationService implements OnModuleInit, OnApplicationShutdown {
  private readonly handlers: Handler[] = [];
  private listener: Client | null = null;
  private stopped = false;
  private readonly logger = new Logger(InvalidationService.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  subscribe(handler: Handler): void {
    this.handlers.push(handler);
  }

  /** Drops the entry here now, and on other instances when `em`'s transaction commits. */
  async publish(em: EntityManager, message: Invalidation): Promise<void> {
    this.deliver(message);
    if (this.config.database.kind === 'postgres') {
      await em.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, JSON.stringify(message)]);
    }
  }

  async onModuleInit(): Promise<void> {
    if (this.config.database.kind === 'postgres') await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
  }

  private deliver(message: Invalidation): void {
    for (const handler of this.handlers) handler(message);
  }

  private async listen(): Promise<void> {
    const db = this.config.database;
    if (db.kind !== 'postgres' || this.stopped) return;
    const client = new Client({ connectionString: db.url, application_name: 'central-tickets-listener' });
    client.on('notification', (n) => {
      try {
        if (n.payload) this.deliver(JSON.parse(n.payload) as Invalidation);
      } catch {
        this.deliver({ kind: 'all' });
      }
    });
    client.on('error', (err) => {
      this.logger.warn({ err }, 'invalidation listener lost; caches dropped, reconnecting');
      this.deliver({ kind: 'all' });
      this.listener = null;
      void client.end().catch(() => undefined);
      setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    this.listener = client;
  }
}
