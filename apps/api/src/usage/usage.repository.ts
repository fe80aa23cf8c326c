import { Injectable } from '@nestjs/common';
import { PlatformDb } from '../core/database/platform-db';
import type { TenantTx } from '../core/database/tenant-db';

export interface UsageCount {
  tenantId: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  group: string;
  statusClass: string;
  requests: number;
}

export interface UsageRow {
  day: string;
  endpoint_group: string;
  status_class: string;
  requests: string;
}

/** The only code that reads or writes `api_usage`. */
@Injectable()
export class UsageRepository {
  constructor(private readonly platform: PlatformDb) {}

  /**
   * Adds counts of many tenants in one statement. Platform scope, deliberately: the batch
   * spans tenants. Counts of a tenant deleted meanwhile are dropped, not failed on.
   */
  async add(counts: UsageCount[]): Promise<void> {
    await this.platform.query(
      `INSERT INTO api_usage (tenant_id, day, endpoint_group, status_class, requests)
       SELECT u.tenant_id, u.day, u.endpoint_group, u.status_class, u.requests
         FROM unnest($1::uuid[], $2::date[], $3::text[], $4::text[], $5::bigint[])
              AS u (tenant_id, day, endpoint_group, status_class, requests)
        WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.id = u.tenant_id)
       ON CONFLICT (tenant_id, day, endpoint_group, status_class)
       DO UPDATE SET requests = api_usage.requests + EXCLUDED.requests`,
      [
        counts.map((c) => c.tenantId),
        counts.map((c) => c.day),
        counts.map((c) => c.group),
        counts.map((c) => c.statusClass),
        counts.map((c) => c.requests),
      ],
    );
  }

  /** The tenant's counts from `since` (a `YYYY-MM-DD` day) on. */
  since(tx: TenantTx, since: string): Promise<UsageRow[]> {
    return tx.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, endpoint_group, status_class, requests::text AS requests
         FROM api_usage WHERE tenant_id = $1 AND day >= $2::date
        ORDER BY day, endpoint_group, status_class`,
      [tx.tenantId, since],
    );
  }
}
