/**
 * What the live schema says about tenancy: which tables are tenant-owned, their columns and
 * keys, and an order of them that satisfies their foreign keys. Read from the catalog (never
 * from a list kept by hand), so a table added by a later migration is covered by itself: the
 * tenant export and import use it, and so does the schema check behind docs/SCALING.md.
 */

/** Runs one statement and returns its rows (a `TenantTx`, an `EntityManager` or a pool). */
export type Sql = <T>(text: string, values?: unknown[]) => Promise<T[]>;

/** The column every tenant-owned table has, and the distribution column in a Citus deployment. */
export const TENANT_COLUMN = 'tenant_id';

/** The platform's table of tenants: keyed on `id`, which every `tenant_id` references. */
export const TENANTS_TABLE = 'tenants';

/**
 * Tables that a distributed deployment copies whole to every node instead of splitting by
 * `tenant_id` (docs/SCALING.md). `tenants` has no `tenant_id`; `domains` has one, but a host
 * name serves one tenant across the platform (its verified-host unique index is global, and
 * the host is resolved before any tenant is known), so it must be readable everywhere.
 */
export const REFERENCE_TABLES: readonly string[] = [TENANTS_TABLE, 'domains'];

export interface ColumnInfo {
  name: string;
  /** The type as SQL spells it (`format_type`), e.g. `timestamp with time zone`, `text[]`. */
  type: string;
  isBytea: boolean;
  /** Whether the type sorts by a collation (text-like), so an ordering must name one. */
  collatable: boolean;
}

export interface TableInfo {
  name: string;
  /** The stored columns in table order; generated columns are left out (they are computed). */
  columns: ColumnInfo[];
  /** The primary key's columns, in key order (empty when the table has none). */
  primaryKey: string[];
  /** Tables of this schema that this one's foreign keys reference (itself excluded). */
  references: string[];
}

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  is_bytea: boolean;
  collatable: boolean;
}

const TABLES_WITH_TENANT_COLUMN = `
  SELECT c.relname::text AS name
    FROM pg_class c
   WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $1 AND NOT a.attisdropped)
   ORDER BY c.relname`;

const COLUMNS = `
  SELECT c.relname::text AS table, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
         a.atttypid = 'bytea'::regtype AS is_bytea, t.typcollation <> 0 AS collatable
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    JOIN pg_type t ON t.oid = a.atttypid
   WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY ($1::text[])
   ORDER BY c.relname, a.attnum`;

const PRIMARY_KEYS = `
  SELECT c.relname::text AS table,
         ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
   WHERE con.contype = 'p' AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY ($1::text[])`;

const REFERENCES = `
  SELECT DISTINCT c.relname::text AS table, f.relname::text AS references
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class f ON f.oid = con.confrelid
   WHERE con.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY ($1::text[])
     AND f.oid <> c.oid`;

/** Names of every table of the current schema that has a `tenant_id` column, sorted. */
export async function tablesWithTenantColumn(sql: Sql): Promise<string[]> {
  return (await sql<{ name: string }>(TABLES_WITH_TENANT_COLUMN, [TENANT_COLUMN])).map((r) => r.name);
}

/** Columns, primary key and references of the named tables of the current schema, by name. */
export async function describeTables(sql: Sql, names: readonly string[]): Promise<Map<string, TableInfo>> {
  const tables = new Map<string, TableInfo>(
    names.map((name) => [name, { name, columns: [], primaryKey: [], references: [] }]),
  );
  const list = [...names];
  for (const c of await sql<ColumnRow>(COLUMNS, [list])) {
    tables.get(c.table)?.columns.push({ name: c.name, type: c.type, isBytea: c.is_bytea, collatable: c.collatable });
  }
  for (const pk of await sql<{ table: string; columns: string[] }>(PRIMARY_KEYS, [list])) {
    const table = tables.get(pk.table);
    if (table) table.primaryKey = pk.columns;
  }
  for (const ref of await sql<{ table: string; references: string }>(REFERENCES, [list])) {
    tables.get(ref.table)?.references.push(ref.references);
  }
  return tables;
}

/**
 * Every tenant-owned table (a `tenant_id` column), parents before children: inserting rows in
 * this order never breaks a foreign key. Ties are broken by name, so the order is stable.
 */
export async function tenantOwnedTables(sql: Sql): Promise<TableInfo[]> {
  const described = await describeTables(sql, await tablesWithTenantColumn(sql));
  return inDependencyOrder([...described.values()]);
}

/** `tables` sorted so that each comes after the tables it references (among `tables`). */
export function inDependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  while (pending.size) {
    const ready = [...pending.values()]
      .filter((t) => t.references.every((r) => !pending.has(r)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (!ready.length) throw new Error(`Foreign keys form a cycle among: ${[...pending.keys()].join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      pending.delete(t.name);
    }
  }
  return ordered;
}

/** A SQL identifier, quoted. Names come from the catalog; quoting keeps any of them literal. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
