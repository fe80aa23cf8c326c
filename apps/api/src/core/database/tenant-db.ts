import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The database role tenant-scoped work runs as; row-level security applies to it. */
export const TENANT_ROLE = 'ct_tenant';

/**
 * A transaction bound to one tenant. Repositories of tenant-owned data take one of these
 * (never a bare tenant id from a caller) and add `tenant_id = tx.tenantId` to every
 * statement; row-level security on `app.tenant_id` is the second wall.
 */
export class TenantTx {
  /** @internal Only {@link TenantDb} makes these. */
  constructor(
    readonly tenantId: string,
    readonly em: EntityManager,
  ) {}
}

@Injectable()
export class TenantDb {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction scoped to `tenantId`. */
  run<T>(tenantId: string, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => work(await this.enter(em, tenantId)));
  }

  /**
   * Continues an open platform transaction as the tenant (used when a tenant is created and
   * its first rows are written in the same transaction). From here to the end of the
   * transaction, statements run as {@link TENANT_ROLE} under row-level security.
   */
  async enter(em: EntityManager, tenantId: string): Promise<TenantTx> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('TenantDb.enter needs an open transaction');
    }
    await em.query(
      `SELECT set_config('app.tenant_id', $1, true), set_config('role', '${TENANT_ROLE}', true)`,
      [tenantId],
    );
    return new TenantTx(tenantId, em);
  }
}
