import { Injectable } from '@nestjs/common';
import { PlatformDb } from '../core/database/platform-db';
import type { TenantTx } from '../core/database/tenant-db';

export interface StoredKey {
  route: string;
  request_hash: Buffer;
  status: number | null;
  response: unknown;
}

/** The only code that reads or writes `idempotency_keys`; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly platform: PlatformDb) {}

  /**
   * Deletes keys older than `ttlHours` across tenants (platform scope, deliberately: a purge
   * of expired rows, by the `created_at` index), in batches so no statement runs long. By the
   * database's clock, which is the one `created_at` and {@link claim}'s expiry use.
   */
  async purgeExpired(ttlHours: number, batch = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.platform.query<{ n: string }>(
        `WITH gone AS (
           DELETE FROM idempotency_keys WHERE ctid IN (
             SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)
           RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [ttlHours, batch],
      );
      const n = Number(row?.n ?? 0);
      total += n;
      if (n < batch) return total;
    }
  }

  /**
   * Claims the key for this request, or returns the request that claimed it. A concurrent
   * claim of the same key waits here until the first transaction ends, then sees its result.
   * A key older than `ttlHours` is taken over.
   */
  async claim(tx: TenantTx, key: string, route: string, hash: Buffer, ttlHours: number): Promise<StoredKey | null> {
    const claimed: unknown[] = await tx.query(
      `INSERT INTO idempotency_keys AS k (tenant_id, key, route, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, key) DO UPDATE
         SET route = EXCLUDED.route, request_hash = EXCLUDED.request_hash, status = NULL, response = NULL, created_at = now()
         WHERE k.created_at < now() - make_interval(hours => $5)
       RETURNING 1`,
      [tx.tenantId, key, route, hash, ttlHours],
    );
    if (claimed.length) return null;
    const rows: StoredKey[] = await tx.query(
      `SELECT route, request_hash, status, response FROM idempotency_keys WHERE tenant_id = $1 AND key = $2`,
      [tx.tenantId, key],
    );
    return rows[0];
  }

  async complete(tx: TenantTx, key: string, status: number, response: unknown): Promise<void> {
    await tx.query(
      `UPDATE idempotency_keys SET status = $3, response = $4 WHERE tenant_id = $1 AND key = $2`,
      [tx.tenantId, key, status, JSON.stringify(response)],
    );
  }
}
