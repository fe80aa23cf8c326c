import { Injectable } from '@nestjs/common';
import type { SecurityEventKind } from '@central-tickets/contracts';
import type { TenantTx } from '../core/database/tenant-db';

export interface SecurityEventRow {
  id: string;
  kind: SecurityEventKind;
  method: string | null;
  code: string | null;
  user_id: string | null;
  email: string | null;
  ip: string | null;
  user_agent: string | null;
  origin: string | null;
  correlation_id: string | null;
  details: string | null;
  created_at: Date;
}

export type NewSecurityEvent = Omit<SecurityEventRow, 'created_at'> & { created_at: Date };

/** The only code that reads or writes `security_events`; append-only. */
@Injectable()
export class SecurityEventsRepository {
  async insert(tx: TenantTx, e: NewSecurityEvent): Promise<void> {
    await tx.query(
      `INSERT INTO security_events
         (tenant_id, id, kind, method, code, user_id, email, ip, user_agent, origin, correlation_id, details, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [tx.tenantId, e.id, e.kind, e.method, e.code, e.user_id, e.email, e.ip, e.user_agent, e.origin, e.correlation_id, e.details, e.created_at],
    );
  }

  /** How many events of `kind` each day (UTC, `YYYY-MM-DD`) since `since`. */
  countByDay(tx: TenantTx, kind: SecurityEventKind, since: Date): Promise<Array<{ day: string; count: number }>> {
    return tx.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count
         FROM security_events
        WHERE tenant_id = $1 AND kind = $2 AND created_at >= $3
        GROUP BY 1`,
      [tx.tenantId, kind, since],
    );
  }

  /** Newest first, after `(before.created_at, before.id)` when given. */
  page(
    tx: TenantTx,
    filters: { kinds: SecurityEventKind[] | null; email: string | null },
    before: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<SecurityEventRow[]> {
    return tx.query(
      `SELECT id, kind, method, code, user_id, email, ip, user_agent, origin, correlation_id, details, created_at
         FROM security_events
        WHERE tenant_id = $1
          AND ($2::text[] IS NULL OR kind = ANY ($2))
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
          AND ($6::text IS NULL OR lower(email) = $6)
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      [tx.tenantId, filters.kinds, before?.createdAt ?? null, before?.id ?? null, limit, filters.email],
    );
  }
}
