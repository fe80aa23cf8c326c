import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ident, type Sql, type TableInfo, TENANT_COLUMN, TENANTS_TABLE } from '../core/database/tenant-schema';
import type { TenantTx } from '../core/database/tenant-db';

export interface TenantRef {
  id: string;
  slug: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor an export reads one table through (one at a time, closed after each table). */
const CURSOR = 'ct_tenant_export';

/** Statements of a `TenantTx` as a {@link Sql}. */
export const sqlOfTx = (tx: TenantTx): Sql => (text, values) => tx.query(text, values);
/** Statements of an `EntityManager` (its transaction, when it has one) as a {@link Sql}. */
export const sqlOfEm = (em: EntityManager): Sql => (text, values) => em.query(text, values);

/** The column that names a row's tenant: `id` in `tenants` itself, `tenant_id` everywhere else. */
export const tenantKeyOf = (table: TableInfo): string => (table.name === TENANTS_TABLE ? 'id' : TENANT_COLUMN);

/**
 * One table's rows of one tenant, each as a JSON object in column order. Values are rendered
 * by PostgreSQL itself, so nothing passes through a JavaScript number or Date: timestamps
 * keep their microseconds (ISO 8601, UTC once the transaction's time zone is set), bigints
 * and jsonb numbers every digit, arrays and jsonb their structure; bytea becomes base64.
 * Ordered by the primary key (text compared byte-wise), so two exports of the same data
 * are identical line for line.
 */
function rowsAsJsonStatement(table: TableInfo, tenantId: string): string {
  const fields = table.columns.map((c) =>
    c.isBytea ? `translate(encode(x.${ident(c.name)}, 'base64'), E'\\n', '') AS ${ident(c.name)}` : `x.${ident(c.name)}`,
  );
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const order = table.primaryKey.length
    ? table.primaryKey.map((k) => `x.${ident(k)}${byName.get(k)?.collatable ? ' COLLATE "C"' : ''}`).join(', ')
    : 'to_json(r)::text COLLATE "C"';
  // A cursor takes no bound parameters: the id is checked to be a canonical UUID instead.
  if (!UUID.test(tenantId)) throw new Error('The tenant id is not a canonical UUID');
  return `DECLARE ${CURSOR} NO SCROLL CURSOR FOR
    SELECT to_json(r)::text AS row
      FROM ${ident(table.name)} AS x, LATERAL (SELECT ${fields.join(', ')}) AS r
     WHERE x.${ident(tenantKeyOf(table))} = '${tenantId}'
     ORDER BY ${order}`;
}

/**
 * Inserts a batch of export lines (`{"table": ..., "row": {...}}`) given as one JSON array.
 * PostgreSQL parses the rows itself (`json_to_record` with each column's own type), so
 * values arrive exactly as they were written; bytea comes back from base64. One value would
 * not survive: a json/jsonb column holding JSON `null` itself (not SQL NULL) is exported as
 * `null` and comes back as SQL NULL; no column of the schema stores one.
 */
function insertFromJsonStatement(table: TableInfo): string {
  const columns = table.columns.map((c) => ident(c.name)).join(', ');
  const values = table.columns
    .map((c) => (c.isBytea ? `decode(r.${ident(c.name)}, 'base64')` : `r.${ident(c.name)}`))
    .join(', ');
  const types = table.columns.map((c) => `${ident(c.name)} ${c.isBytea ? 'text' : c.type}`).join(', ');
  return `INSERT INTO ${ident(table.name)} (${columns})
    SELECT ${values} FROM json_array_elements($1::json) AS l(line), json_to_record(l.line -> 'row') AS r(${types})`;
}

/**
 * The statements of the tenant export and import (the catalog reads that find the tables are
 * in core/database/tenant-schema.ts). Methods marked "Platform" run outside any tenant scope,
 * before one exists; the rest take the tenant's transaction.
 */
@Injectable()
export class TenantDataRepository {
  /** Platform: the newest migration this database has run (the schema's version). */
  async latestMigration(sql: Sql, migrationsTable: string): Promise<string | null> {
    const [row] = await sql<{ name: string }>(
      `SELECT name FROM ${ident(migrationsTable)} ORDER BY "timestamp" DESC, id DESC LIMIT 1`,
    );
    return row?.name ?? null;
  }

  /** Platform: the tenant a slug or an id names, before any tenant scope exists. */
  async findTenant(sql: Sql, slugOrId: string): Promise<TenantRef | null> {
    const [row] = UUID.test(slugOrId)
      ? await sql<TenantRef>(`SELECT id, slug FROM tenants WHERE id = $1`, [slugOrId])
      : await sql<TenantRef>(`SELECT id, slug FROM tenants WHERE slug = $1`, [slugOrId]);
    return row ?? null;
  }

  /** Platform: any tenant that has this id or this slug (an import must not meet either). */
  async findClash(sql: Sql, tenant: TenantRef): Promise<TenantRef | null> {
    const [row] = await sql<TenantRef>(`SELECT id, slug FROM tenants WHERE id = $1 OR slug = $2 ORDER BY id = $1 DESC LIMIT 1`, [
      tenant.id,
      tenant.slug,
    ]);
    return row ?? null;
  }

  /** Timestamps are rendered in UTC for the rest of the transaction (exports do not depend on the server's zone). */
  async useUtc(tx: TenantTx): Promise<void> {
    await tx.query(`SELECT set_config('TimeZone', 'UTC', true)`);
  }

  /**
   * The tenant's rows of `table` as JSON texts, `batchSize` at a time, through a cursor: a
   * large tenant is never held in memory. Needs the open transaction of `tx`.
   */
  async *rowsAsJson(tx: TenantTx, table: TableInfo, batchSize: number): AsyncGenerator<string[]> {
    await tx.em.query(rowsAsJsonStatement(table, tx.tenantId));
    let complete = false;
    try {
      for (;;) {
        const rows: Array<{ row: string }> = await tx.em.query(`FETCH FORWARD ${Math.trunc(batchSize)} FROM ${CURSOR}`);
        if (rows.length) yield rows.map((r) => r.row);
        if (rows.length < batchSize) break;
      }
      complete = true;
    } finally {
      // After a failure the transaction is rolled back (which closes the cursor anyway), and
      // its error, not the CLOSE's, is the one to report.
      const closing = tx.em.query(`CLOSE ${CURSOR}`);
      await (complete ? closing : closing.catch(() => undefined));
    }
  }

  /** Inserts export lines of one table (their JSON texts, unchanged) in one statement. */
  async insertLines(sql: Sql, table: TableInfo, lines: readonly string[]): Promise<void> {
    await sql(insertFromJsonStatement(table), [`[${lines.join(',')}]`]);
  }

  /**
   * Ticket numbers come from the tenant's row in `ticket_counters` (a platform statement takes
   * the next one). The row is restored with the rest; this makes sure the counter is at least
   * the highest number restored, so the next ticket never repeats one.
   */
  async reconcileTicketCounter(tx: TenantTx): Promise<void> {
    await tx.query(
      `INSERT INTO ticket_counters AS c (tenant_id, last_number)
       SELECT $1::uuid, max(number) FROM tickets WHERE tenant_id = $1::uuid HAVING max(number) IS NOT NULL
       ON CONFLICT (tenant_id) DO UPDATE SET last_number = greatest(c.last_number, EXCLUDED.last_number)`,
      [tx.tenantId],
    );
  }
}
