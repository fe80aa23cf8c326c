import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';

/** The database role tenant-scoped work runs as; row-level security applies to it. */
export const TENANT_ROLE = 'ct_tenant';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One name per distinct statement text, so each connection prepares (and plans) it once. */
const statementNames = new Map<string, string>();
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `ct_${createHash('sha256').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A transaction bound to one tenant. Repositories of tenant-owned data take one of these
 * (never a bare tenant id from a caller) and add `tenant_id = tx.tenantId` to every
 * statement; row-level security on `app.tenant_id` is the second wall.
 *
 * Statements go through {@link query}: each distinct text becomes a prepared statement of
 * the connection, planned once (planning the joins under row-level security costs several
 * times what running them does). `em` is there for TypeORM's entity API; nothing inside
 * may open a transaction of its own.
 */
export class TenantTx {
  /** @internal Only {@link TenantDb} makes these. */
  constructor(
    readonly tenantId: string,
    readonly em: EntityManager,
    private readonly client: PoolClient,
  ) {}

  /** Runs one statement (its text fixed in the code, values bound) and returns its rows. */
  async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const result = await this.client.query({ name: statementName(text), text, values });
    return result.rows as T[];
  }
}

/**
 * Opens the transaction and enters the tenant's scope, in one round trip. Two planner
 * settings go with it, for the rest of the transaction (ADR 0007):
 * - generic plans: tenant statements are written to be planned once and reused; left to
 *   choose, PostgreSQL keeps re-planning them for a large tenant (~1 ms each time);
 * - no Memoize: it sizes its caches from the tenant's row estimate, and for a 200,000-ticket
 *   tenant setting them up took 3.5 ms of a page that otherwise runs in 0.3 ms;
 * - no JIT: it compiles statements that look expensive on every execution (~7 ms for a broad
 *   search), which short transactions never win back.
 */
function scopeStatement(tenantId: string, begin: boolean): string {
  // The id is interpolated, not bound (a multi-statement query cannot take parameters), so
  // it must be a canonical UUID; callers pass ids that come from tokens, sessions or rows.
  if (!UUID.test(tenantId)) throw new Error('TenantDb: the tenant id is not a canonical UUID');
  return `${begin ? 'BEGIN; ' : ''}SELECT set_config('app.tenant_id', '${tenantId}', true), set_config('role', '${TENANT_ROLE}', true), set_config('plan_cache_mode', 'force_generic_plan', true), set_config('enable_memoize', 'off', true), set_config('jit', 'off', true)`;
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
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query(scopeStatement(tenantId, true));
      // Tell TypeORM a transaction is open, so that nothing in `work` starts another.
      (runner as { isTransactionActive: boolean }).isTransactionActive = true;
      const result = await work(new TenantTx(tenantId, runner.manager, client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
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
    const runner = em.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('TenantDb.enter needs an open transaction');
    const client = (await runner.connect()) as PoolClient;
    await client.query(scopeStatement(tenantId, false));
    return new TenantTx(tenantId, em, client);
  }
}
