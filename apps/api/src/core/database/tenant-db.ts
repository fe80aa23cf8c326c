import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** The database role tenant-scoped work runs as; row-level security applies to it. */
export const TENANT_ROLE = 'ct_tenant';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A transaction bound to one tenant. Repositories of tenant-owned data take one of these
 * (never a bare tenant id from a caller) and add `tenant_id = tx.tenantId` to every
 * statement; row-level security on `app.tenant_id` is the second wall.
 *
 * Work inside must use `tx.em` and must not open transactions of its own (no `em.transaction`).
 */
export class TenantTx {
  /** @internal Only {@link TenantDb} makes these. */
  constructor(
    readonly tenantId: string,
    readonly em: EntityManager,
  ) {}
}

/** Opens the transaction and enters the tenant's scope, in one round trip. */
function scopeStatement(tenantId: string, begin: boolean): string {
  // The id is interpolated, not bound (a multi-statement query cannot take parameters), so
  // it must be a canonical UUID; callers pass ids that come from tokens, sessions or rows.
  if (!UUID.test(tenantId)) throw new Error('TenantDb: the tenant id is not a canonical UUID');
  return `${begin ? 'BEGIN; ' : ''}SELECT set_config('app.tenant_id', '${tenantId}', true), set_config('role', '${TENANT_ROLE}', true)`;
}

@Injectable()
export class TenantDb {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction scoped to `tenantId`: committed when it resolves, rolled back
   * when it throws. Opening the transaction and entering the scope take one round trip.
   */
  async run<T>(tenantId: string, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(scopeStatement(tenantId, true));
      // Tell TypeORM a transaction is open, so that nothing in `work` starts another.
      (runner as { isTransactionActive: boolean }).isTransactionActive = true;
      const result = await work(new TenantTx(tenantId, runner.manager));
      await runner.query('COMMIT');
      return result;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      (runner as { isTransactionActive: boolean }).isTransactionActive = false;
      await runner.release();
    }
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
    await em.query(scopeStatement(tenantId, false));
    return new TenantTx(tenantId, em);
  }
}
