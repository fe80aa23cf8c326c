import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, unlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import type { JsonOption } from './cli-command';
import { TenantDataError, TenantDataService, type TransferSummary } from './tenant-data.service';

/** What a command reports when it succeeds: a JSON document for scripts, a sentence for people. */
interface Report {
  json: unknown;
  text: string;
}

/** A failure of the file system (no such file, no permission, disk full), as Node reports one. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** The row counts of a transfer, a table a line, for people. */
function describeRows(summary: TransferSummary): string {
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  const tables = Object.entries(summary.rows)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `  ${table.padEnd(20)} ${n}`);
  return [`${total} rows:`, ...tables].join('\n');
}

/**
 * Base of the two commands. Unlike the other operator commands, the report goes where the
 * data does not: the export may write its rows to stdout, so its report then goes to stderr.
 * Failures are one `error:` line on stderr with an exit code (TenantDataError says which);
 * anything unexpected is rethrown with exit code 1, as the other commands do.
 */
abstract class TenantDataCommand<O extends JsonOption> extends CommandRunner {
  protected abstract execute(params: string[], options: O): Promise<Report>;
  /** Where the report of a success goes. */
  protected abstract reportTo(options: O): Writable;

  async run(params: string[], options: O): Promise<void> {
    try {
      const { json, text } = await this.execute(params, options);
      this.reportTo(options).write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
    } catch (err) {
      if (!(err instanceof TenantDataError)) {
        process.exitCode = 1;
        throw err;
      }
      process.exitCode = err.exitCode;
      process.stderr.write(options.json ? `${JSON.stringify({ error: { message: err.message } })}\n` : `error: ${err.message}\n`);
    }
  }

  @Option({ flags: '--json', description: 'report as one JSON document (for scripts)' })
  parseJson(): boolean {
    return true;
  }
}

interface ExportOptions extends JsonOption {
  out?: string;
}

@SubCommand({
  name: 'export',
  arguments: '<tenant>',
  argsDescription: { tenant: 'the slug or id of the tenant' },
  description: "write one tenant's rows as JSON lines (a backup of that tenant)",
})
export class ExportTenantCommand extends TenantDataCommand<ExportOptions> {
  constructor(private readonly tenantData: TenantDataService) {
    super();
  }

  protected reportTo(o: ExportOptions): Writable {
    return o.out ? process.stdout : process.stderr;
  }

  protected async execute(params: string[], o: ExportOptions): Promise<Report> {
    const tenant = params[0] ?? '';
    const summary = o.out ? await this.exportToFile(tenant, o.out) : await this.tenantData.exportTenant(tenant, process.stdout);
    const { slug, id } = summary.tenant;
    return {
      json: { ...summary, ...(o.out && { file: o.out }) },
      text: `Exported tenant ${slug} (${id}) at migration ${summary.migration}${o.out ? ` to ${o.out}` : ''}: ${describeRows(summary)}`,
    };
  }

  /**
   * The file holds password hashes, token hashes and encrypted secrets: it is created for its
   * owner only. A failed export removes it rather than leave a partial file that looks whole.
   */
  private async exportToFile(tenant: string, path: string): Promise<TransferSummary> {
    const out = createWriteStream(path, { mode: 0o600 });
    try {
      await once(out, 'open');
      await chmod(path, 0o600); // `mode` applies only when the file is new
      const summary = await this.tenantData.exportTenant(tenant, out);
      out.end();
      await finished(out);
      return summary;
    } catch (err) {
      out.destroy();
      await unlink(path).catch(() => undefined);
      throw isSystemError(err) ? new TenantDataError(`Cannot write ${path}: ${err.message}`) : err;
    }
  }

  @Option({ flags: '--out <file>', description: 'the file to write (default: standard output)' })
  parseOut(value: string): string {
    return value;
  }
}

interface ImportOptions extends JsonOption {
  in?: string;
}

@SubCommand({
  name: 'import',
  description: 'restore one tenant from an export into this database (which must not have that tenant)',
})
export class ImportTenantCommand extends TenantDataCommand<ImportOptions> {
  constructor(private readonly tenantData: TenantDataService) {
    super();
  }

  protected reportTo(): Writable {
    return process.stdout;
  }

  protected async execute(_params: string[], o: ImportOptions): Promise<Report> {
    const input: Readable = o.in ? createReadStream(o.in) : process.stdin;
    try {
      if (o.in) await once(input, 'open');
      const summary = await this.tenantData.importTenant(input);
      const { slug, id } = summary.tenant;
      return { json: summary, text: `Imported tenant ${slug} (${id}) at migration ${summary.migration}: ${describeRows(summary)}` };
    } catch (err) {
      throw isSystemError(err) ? new TenantDataError(`Cannot read ${o.in ?? 'standard input'}: ${err.message}`) : err;
    } finally {
      if (o.in) input.destroy();
    }
  }

  @Option({ flags: '--in <file>', description: 'the export to read (default: standard input)' })
  parseIn(value: string): string {
    return value;
  }
}
