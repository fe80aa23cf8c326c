import { Injectable } from '@nestjs/common';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { InvalidationService } from '../core/cache/invalidation.service';
import { Clock } from '../core/clock';
import { isUniqueViolation } from '../core/database/pg-errors';
import { TenantDb, type TenantTx } from '../core/database/tenant-db';
import { describeTables, type Sql, type TableInfo, tenantOwnedTables, TENANTS_TABLE } from '../core/database/tenant-schema';
import { sqlOfEm, sqlOfTx, TenantDataRepository, tenantKeyOf, type TenantRef } from './tenant-data.repository';

/** The first line's `format`: what the file is. */
export const EXPORT_FORMAT = 'central-tickets/tenant-export';
/** The first line's `version`: bumped when the line format changes (not when the schema does). */
export const EXPORT_VERSION = 1;

/** Rows fetched (export) or inserted (import) per statement. */
const BATCH_ROWS = 500;
/** An import batch is also cut at this many characters of JSON, whatever its row count. */
const BATCH_CHARS = 4 * 1024 * 1024;

/** Exit codes of the refusals, for scripts (1 is any other failure, as in the rest of the CLI). */
export const EXIT_TENANT_EXISTS = 3;
export const EXIT_MIGRATION_MISMATCH = 4;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  tenant: TenantRef;
  /** The newest migration of the exporting database: the schema the rows fit. */
  migration: string;
  exported_at: string;
}

/** The last line: its row counts prove the file complete. */
export interface ExportTrailer {
  end: { rows: Record<string, number> };
}

export interface TransferSummary {
  tenant: TenantRef;
  migration: string;
  /** Rows per table, in file order. */
  rows: Record<string, number>;
}

/** A failure the operator can act on, with the exit code that tells scripts which. */
export class TenantDataError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'TenantDataError';
  }
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The file's lines with their numbers; blank lines are skipped. */
async function* numberedLines(input: Readable): AsyncGenerator<{ n: number; text: string }> {
  let n = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    n += 1;
    if (text.trim()) yield { n, text };
  }
}

function parseLine(line: { n: number; text: string }): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    throw new TenantDataError(`Line ${line.n} is not JSON: this is not a tenant export, or it is damaged.`);
  }
  if (!isObject(value)) throw new TenantDataError(`Line ${line.n} is not a JSON object.`);
  return value;
}

function parseHeader(line: { n: number; text: string } | undefined): ExportHeader {
  const h = line ? parseLine(line) : null;
  const tenant = h?.['tenant'];
  if (
    !h ||
    h['format'] !== EXPORT_FORMAT ||
    !isObject(tenant) ||
    typeof tenant['id'] !== 'string' ||
    typeof tenant['slug'] !== 'string' ||
    typeof h['migration'] !== 'string'
  ) {
    throw new TenantDataError(`The input is not a tenant export (its first line must be the "${EXPORT_FORMAT}" header).`);
  }
  if (h['version'] !== EXPORT_VERSION) {
    throw new TenantDataError(`The export is of format version ${String(h['version'])}; this version reads version ${EXPORT_VERSION}.`);
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    tenant: { id: tenant['id'], slug: tenant['slug'] },
    migration: h['migration'],
    exported_at: String(h['exported_at']),
  };
}

/** Writes `text`, waiting while the destination's buffer is full (a slow disk or pipe). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Consecutive rows of one table, waiting to be inserted in one statement. */
interface Batch {
  table: TableInfo;
  lines: string[];
  chars: number;
  firstLine: number;
}

/**
 * One import in progress, inside its transaction: checks each row line, gathers consecutive
 * rows of a table into a batch, and inserts the batches. The `tenants` row comes first and is
 * written by the platform (as sign-up does); the tenant's scope is entered right after it, so
 * every other row is written under row-level security.
 */
class Restore {
  readonly counts: Record<string, number> = {};
  private tx: TenantTx | null = null;
  private batch: Batch | null = null;
  private readonly tenants: TableInfo;
  private readonly tables: Map<string, TableInfo>;
  private readonly columns: Map<string, Set<string>>;

  constructor(
    private readonly em: EntityManager,
    private readonly header: ExportHeader,
    /** `tenants` first, then the tenant-owned tables (as `tablesOf` lists them). */
    tables: readonly TableInfo[],
    private readonly repo: TenantDataRepository,
    private readonly db: TenantDb,
  ) {
    this.tenants = tables[0] as TableInfo;
    this.tables = new Map(tables.map((t) => [t.name, t]));
    this.columns = new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  }

  async add(line: { n: number; text: string }, value: JsonObject): Promise<void> {
    const table = this.tableOf(line.n, value);
    if (this.batch && (this.batch.table !== table || this.batch.lines.length >= BATCH_ROWS || this.batch.chars >= BATCH_CHARS)) {
      await this.flush();
    }
    this.batch ??= { table, lines: [], chars: 0, firstLine: line.n };
    this.batch.lines.push(line.text);
    this.batch.chars += line.text.length;
    this.counts[table.name] = (this.counts[table.name] ?? 0) + 1;
    if (table === this.tenants) await this.flush();
  }

  /** Inserts what is left and checks the last line's counts; returns the tenant's scope. */
  async finish(last: JsonObject): Promise<TenantTx> {
    await this.flush();
    const end = last['end'];
    const declared = isObject(end) && isObject(end['rows']) ? Object.entries(end['rows']).filter(([, c]) => c !== 0) : null;
    const read = Object.entries(this.counts);
    if (!declared || declared.length !== read.length || !declared.every(([table, c]) => this.counts[table] === c)) {
      throw new TenantDataError('The row counts of the last line do not match the rows read: the file is damaged. Nothing was written.');
    }
    if (!this.tx) throw new TenantDataError('The export holds no tenants row. Nothing was written.');
    return this.tx;
  }

  /** The table a row line belongs to, once it is known to be a row of this tenant that fits this schema. */
  private tableOf(n: number, value: JsonObject): TableInfo {
    const { table: name, row } = value;
    if (typeof name !== 'string' || !isObject(row)) throw new TenantDataError(`Line ${n} is not a row ({"table": ..., "row": {...}}).`);
    const table = this.tables.get(name);
    if (!table) throw new TenantDataError(`Line ${n} is a row of "${name}", which is not a tenant table of this database.`);
    const tenantSeen = this.tx !== null;
    if ((table === this.tenants) === tenantSeen) {
      throw new TenantDataError(`Line ${n}: an export holds exactly one tenants row, before any other row.`);
    }
    if (row[tenantKeyOf(table)] !== this.header.tenant.id) {
      throw new TenantDataError(`Line ${n} is a row of another tenant than ${this.header.tenant.slug} (${this.header.tenant.id}).`);
    }
    const expected = this.columns.get(name) ?? new Set<string>();
    const keys = Object.keys(row);
    if (keys.length !== expected.size || !keys.every((k) => expected.has(k))) {
      throw new TenantDataError(`Line ${n}: the columns of this ${name} row are not those of the table in this database.`);
    }
    return table;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      await this.repo.insertLines(this.tx ? sqlOfTx(this.tx) : sqlOfEm(this.em), batch.table, batch.lines);
    } catch (err) {
      // Created since the import checked: the same refusal as before it began.
      if (isUniqueViolation(err, 'tenants_pkey') || isUniqueViolation(err, 'tenants_slug_key')) {
        throw new TenantDataError(`Tenant ${this.header.tenant.slug} already exists in this database. Nothing was written.`, EXIT_TENANT_EXISTS);
      }
      throw new TenantDataError(
        `Could not restore the ${batch.table.name} rows of lines ${batch.firstLine}-${batch.firstLine + batch.lines.length - 1}: ` +
          `${err instanceof Error ? err.message : String(err)}. Nothing was written.`,
      );
    }
    if (batch.table === this.tenants) this.tx = await this.db.enter(this.em, this.header.tenant.id);
  }
}

/**
 * Backup and restore of one tenant: every row of the tenant (its `tenants` row and every
 * table with a `tenant_id`, found in the live schema) as JSON lines, and back.
 *
 * The export reads one consistent snapshot (a repeatable-read, read-only transaction) in the
 * tenant's scope, table by table in foreign-key order, through a cursor. The import checks the
 * header (the same migration, a tenant this database does not have), then restores everything
 * in one transaction: the `tenants` row as the platform (as sign-up does), the rest in the
 * tenant's scope, so row-level security checks every row it writes.
 */
@Injectable()
export class TenantDataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: TenantDb,
    private readonly repo: TenantDataRepository,
    private readonly clock: Clock,
    private readonly invalidation: InvalidationService,
  ) {}

  /** Writes the tenant named by `slugOrId` to `out`; `out` is left open. */
  exportTenant(slugOrId: string, out: Writable): Promise<TransferSummary> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const migration = await this.migration(em);
      const tenant = await this.repo.findTenant(sqlOfEm(em), slugOrId);
      if (!tenant) throw new TenantDataError(`No tenant has the slug or id "${slugOrId}".`);
      const tx = await this.db.enter(em, tenant.id);
      await this.repo.useUtc(tx);
      const header: ExportHeader = {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        tenant,
        migration,
        exported_at: this.clock.now().toISOString(),
      };
      await write(out, `${JSON.stringify(header)}\n`);
      const rows: Record<string, number> = {};
      for (const table of await this.tablesOf(sqlOfTx(tx))) {
        rows[table.name] = await this.exportTable(tx, table, out);
      }
      const trailer: ExportTrailer = { end: { rows } };
      await write(out, `${JSON.stringify(trailer)}\n`);
      return { tenant, migration, rows };
    });
  }

  /**
   * Restores a tenant from `input` into this database, all or nothing. Refuses a dump of
   * another migration, or of a tenant whose id or slug this database already has.
   */
  async importTenant(input: Readable): Promise<TransferSummary> {
    const lines = numberedLines(input);
    try {
      const first = await lines.next();
      const header = parseHeader(first.done ? undefined : first.value);
      const migration = await this.migration(this.dataSource.manager);
      if (migration !== header.migration) {
        throw new TenantDataError(
          `The export was taken at migration ${header.migration}; this database is at ${migration}. ` +
            'Import it with the release of Central Tickets that wrote it, into a database migrated by that release.',
          EXIT_MIGRATION_MISMATCH,
        );
      }
      await this.refuseExisting(this.dataSource.manager, header.tenant);
      const rows = await this.dataSource.transaction(async (em) => {
        const tables = await this.tablesOf(sqlOfEm(em));
        const restore = new Restore(em, header, tables, this.repo, this.db);
        for await (const line of lines) {
          const value = parseLine(line);
          if (!('end' in value)) {
            await restore.add(line, value);
            continue;
          }
          const tx = await restore.finish(value);
          const extra = await lines.next();
          if (!extra.done) throw new TenantDataError(`Line ${extra.value.n} follows the last line: the file is damaged. Nothing was written.`);
          await this.repo.reconcileTicketCounter(tx);
          // A host or slug of this tenant may be remembered as unknown by running instances.
          await this.invalidation.publish(em, { kind: 'tenant', tenantId: header.tenant.id });
          return restore.counts;
        }
        throw new TenantDataError('The export ends before its last line: the file is incomplete. Nothing was written.');
      });
      return { tenant: header.tenant, migration, rows };
    } finally {
      await lines.return(undefined);
    }
  }

  private async refuseExisting(em: EntityManager, tenant: TenantRef): Promise<void> {
    const clash = await this.repo.findClash(sqlOfEm(em), tenant);
    if (!clash) return;
    throw new TenantDataError(
      clash.id === tenant.id
        ? `Tenant ${clash.slug} (${clash.id}) already exists in this database: the import restores only a tenant the database does not have. Nothing was written.`
        : `Another tenant (${clash.id}) already has the slug ${tenant.slug} in this database. Nothing was written.`,
      EXIT_TENANT_EXISTS,
    );
  }

  /** The `tenants` table (the tenant's own row) and then every tenant-owned table, parents first. */
  private async tablesOf(sql: Sql): Promise<TableInfo[]> {
    const tenants = (await describeTables(sql, [TENANTS_TABLE])).get(TENANTS_TABLE);
    if (!tenants) throw new Error('The schema has no tenants table');
    return [tenants, ...(await tenantOwnedTables(sql))];
  }

  private async exportTable(tx: TenantTx, table: TableInfo, out: Writable): Promise<number> {
    const prefix = `{"table":${JSON.stringify(table.name)},"row":`;
    let count = 0;
    for await (const rows of this.repo.rowsAsJson(tx, table, BATCH_ROWS)) {
      await write(out, rows.map((row) => `${prefix}${row}}\n`).join(''));
      count += rows.length;
    }
    return count;
  }

  private async migration(em: EntityManager): Promise<string> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const name = await this.repo.latestMigration(sqlOfEm(em), table);
    if (!name) throw new TenantDataError('This database has run no migration yet: start the application once first.');
    return name;
  }
}
