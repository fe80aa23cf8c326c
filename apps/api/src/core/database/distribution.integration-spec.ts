import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { loadConfig } from '../config/app-config';
import { createDataSource, initializeDatabase } from './data-source';
import {
  describeTables,
  REFERENCE_TABLES,
  type Sql,
  TENANT_COLUMN,
  TENANTS_TABLE,
  tablesWithTenantColumn,
  tenantOwnedTables,
} from './tenant-schema';

/** docs/SCALING.md, whose SQL distributes the schema: checked against the live schema below. */
const SCALING_DOC = join(__dirname, '../../../../../docs/SCALING.md');

interface KeyRow {
  name: string;
  kind: 'p' | 'u' | 'x' | 'f' | 'i';
  table: string;
  ref_table: string | null;
  columns: string[];
  ref_columns: string[];
}

/** Primary keys, unique and exclusion constraints, foreign keys, and unique indexes of no constraint. */
const KEYS = `
  SELECT con.conname::text AS name, con.contype::text AS kind, c.relname::text AS table, f.relname::text AS ref_table,
         ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
         ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    LEFT JOIN pg_class f ON f.oid = con.confrelid
   WHERE c.relnamespace = current_schema()::regnamespace AND con.contype IN ('p', 'u', 'x', 'f')
  UNION ALL
  SELECT i.relname::text, 'i', c.relname::text, NULL,
         ARRAY(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord),
         '{}'::text[]
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class c ON c.oid = ix.indrelid
   WHERE c.relnamespace = current_schema()::regnamespace AND ix.indisunique
     AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x'))
   ORDER BY 3, 1`;

const KIND: Record<KeyRow['kind'], string> = {
  p: 'primary key',
  u: 'unique constraint',
  x: 'exclusion constraint',
  f: 'foreign key',
  i: 'unique index',
};

/**
 * Every key that would stop the schema from being distributed by `tenant_id`, as one line
 * naming table and constraint. A distributed table is one with `tenant_id` that is not a
 * reference table. Its primary key, unique constraints and unique indexes must include
 * `tenant_id` (the only uniqueness a shard can enforce); a foreign key from it must pair its
 * `tenant_id` with the referenced table's (co-located rows), except the one to `tenants(id)`;
 * and nothing but another distributed table may reference it.
 */
async function distributionViolations(sql: Sql): Promise<string[]> {
  const distributed = new Set((await tablesWithTenantColumn(sql)).filter((t) => !REFERENCE_TABLES.includes(t)));
  const keys = await sql<KeyRow>(KEYS);
  const violations: string[] = [];
  for (const table of distributed) {
    if (!keys.some((k) => k.table === table && k.kind === 'p')) violations.push(`${table}: has no primary key`);
  }
  for (const k of keys) {
    const at = `${k.table}.${k.name} (${KIND[k.kind]} on ${k.columns.join(', ')})`;
    if (k.kind !== 'f') {
      if (distributed.has(k.table) && !k.columns.includes(TENANT_COLUMN)) violations.push(`${at} leaves out ${TENANT_COLUMN}`);
      continue;
    }
    const target = k.ref_table ?? '';
    if (distributed.has(k.table)) {
      const toTenants = target === TENANTS_TABLE && k.columns.join() === TENANT_COLUMN && k.ref_columns.join() === 'id';
      const at2 = `${at} → ${target} (${k.ref_columns.join(', ')})`;
      const paired = k.columns.findIndex((c) => c === TENANT_COLUMN) === k.ref_columns.findIndex((c) => c === TENANT_COLUMN);
      if (!toTenants && !(k.columns.includes(TENANT_COLUMN) && k.ref_columns.includes(TENANT_COLUMN) && paired)) {
        violations.push(`${at2} does not match ${TENANT_COLUMN} to ${TENANT_COLUMN}`);
      }
    } else if (distributed.has(target)) {
      violations.push(`${at} references the distributed table ${target} from a table that is not distributed`);
    }
  }
  return violations;
}

/** The tables of the first SQL block of docs/SCALING.md that calls `create_reference_table`, in order. */
function documentedPlan(): { reference: string[]; distributed: string[]; order: string[] } {
  const doc = readFileSync(SCALING_DOC, 'utf8');
  const block = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes('create_reference_table('));
  if (!block) throw new Error(`${SCALING_DOC} has no SQL block with create_reference_table`);
  const calls = [...block.matchAll(/create_(reference|distributed)_table\('([a-z0-9_]+)'(?:,\s*'([a-z0-9_]+)')?/g)];
  for (const [call, kind, , column] of calls) {
    if (kind === 'distributed' && column !== TENANT_COLUMN) throw new Error(`${call}: distribute by ${TENANT_COLUMN}`);
  }
  return {
    reference: calls.filter((c) => c[1] === 'reference').map((c) => c[2] as string),
    distributed: calls.filter((c) => c[1] === 'distributed').map((c) => c[2] as string),
    order: calls.map((c) => c[2] as string),
  };
}

/**
 * The schema can be distributed by tenant (Citus), and docs/SCALING.md says how: checked
 * against the live schema after every migration, so a table or key added later is held to
 * the same rules.
 */
describe('distribution by tenant_id (docs/SCALING.md)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const sql: Sql = (text, values) => dataSource.query(text, values);

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...db.env });
    dataSource = await initializeDatabase(await createDataSource(config));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('every primary key, unique constraint, unique index and foreign key of a distributed table carries tenant_id', async () => {
    expect(await distributionViolations(sql)).toEqual([]);
  });

  it('the check names each key that leaves tenant_id out (proved on tables made for it, then rolled back)', async () => {
    const runner: QueryRunner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`CREATE TABLE zz_parent (
        tenant_id uuid NOT NULL, id uuid NOT NULL, code text,
        CONSTRAINT zz_parent_pkey PRIMARY KEY (id), CONSTRAINT zz_parent_code_key UNIQUE (code))`);
      await runner.query(`CREATE UNIQUE INDEX zz_parent_lower_code_key ON zz_parent (lower(code))`);
      await runner.query(`CREATE TABLE zz_child (
        tenant_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid,
        CONSTRAINT zz_child_pkey PRIMARY KEY (tenant_id, id),
        CONSTRAINT zz_child_parent_fkey FOREIGN KEY (parent_id) REFERENCES zz_parent (id))`);
      await runner.query(`CREATE TABLE zz_keyless (tenant_id uuid NOT NULL)`);
      await runner.query(`CREATE TABLE zz_local (
        user_tenant uuid NOT NULL, user_id uuid NOT NULL,
        CONSTRAINT zz_local_user_fkey FOREIGN KEY (user_tenant, user_id) REFERENCES users (tenant_id, id))`);

      const found = await distributionViolations((text, values) => runner.query(text, values));
      expect(found.sort()).toEqual([
        'zz_child.zz_child_parent_fkey (foreign key on parent_id) → zz_parent (id) does not match tenant_id to tenant_id',
        'zz_keyless: has no primary key',
        'zz_local.zz_local_user_fkey (foreign key on user_tenant, user_id) references the distributed table users from a table that is not distributed',
        'zz_parent.zz_parent_code_key (unique constraint on code) leaves out tenant_id',
        'zz_parent.zz_parent_lower_code_key (unique index on (expression)) leaves out tenant_id',
        'zz_parent.zz_parent_pkey (primary key on id) leaves out tenant_id',
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('docs/SCALING.md distributes exactly the tenant-owned tables and makes the rest reference tables', async () => {
    const plan = documentedPlan();
    const withTenant = await tablesWithTenantColumn(sql);
    expect([...plan.distributed].sort()).toEqual(withTenant.filter((t) => !REFERENCE_TABLES.includes(t)));
    expect([...plan.reference].sort()).toEqual([...REFERENCE_TABLES].sort());
  });

  it('docs/SCALING.md runs the statements in an order Citus accepts: reference tables, then each table after those it references', async () => {
    const { order, reference } = documentedPlan();
    const described = await describeTables(sql, order);
    const position = new Map(order.map((t, i) => [t, i]));
    const late: string[] = [];
    for (const [table, info] of described) {
      for (const ref of info.references) {
        if ((position.get(ref) ?? Infinity) > (position.get(table) ?? -1)) late.push(`${table} comes before ${ref}, which it references`);
      }
    }
    expect(late).toEqual([]);
    expect(order.slice(0, reference.length)).toEqual(reference);
  });

  it('a table without tenant_id is a reference table or the migrations ledger (which stays on the coordinator)', async () => {
    const tables = await sql<{ name: string }>(
      `SELECT relname::text AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') ORDER BY 1`,
    );
    const withTenant = new Set(await tablesWithTenantColumn(sql));
    const others = tables.map((t) => t.name).filter((t) => !withTenant.has(t));
    expect(others.filter((t) => !REFERENCE_TABLES.includes(t))).toEqual([dataSource.options.migrationsTableName]);
  });

  it('no column of a tenant-owned table takes its value from a sequence (ids are UUIDs; ticket numbers come from ticket_counters)', async () => {
    // Sequences are shared by every tenant of a database: a tenant moved to another database
    // (tenants import) or to another node could not take its values along.
    const tables = (await tenantOwnedTables(sql)).map((t) => t.name);
    const sequenced = await sql<{ column: string }>(
      `SELECT c.relname || '.' || a.attname AS column
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY ($1::text[]) AND a.attnum > 0
          AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%')`,
      [tables],
    );
    expect(sequenced).toEqual([]);
  });
});
