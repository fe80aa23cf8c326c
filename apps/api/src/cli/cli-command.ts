import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CommandRunner, Option } from 'nest-commander';
import { AppException } from '../core/errors/app.exception';
import { flattenValidationErrors } from '../core/errors/validation';

export interface JsonOption {
  json?: boolean;
}

/**
 * Base of the operator commands: input checked with the API's own DTOs, output as text for
 * people or as one JSON document (`--json`) for scripts, failures on stderr with exit code 1.
 */
export abstract class CliCommand<O extends JsonOption> extends CommandRunner {
  protected abstract execute(options: O): Promise<{ json: unknown; text: string }>;

  async run(_params: string[], options: O): Promise<void> {
    try {
      const { json, text } = await this.execute(options);
      process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
    } catch (err) {
      process.exitCode = 1;
      if (!(err instanceof AppException)) throw err;
      const problem = { code: err.code, message: err.message, ...err.extras };
      if (options.json) {
        process.stderr.write(`${JSON.stringify({ error: problem })}\n`);
      } else {
        const fields = Object.entries(err.extras.errors ?? {}).map(([f, m]) => `  ${this.flagFor(f)}: ${m.join(' ')}`);
        process.stderr.write([`error: ${err.message}`, ...(err.extras.details ? [`  ${err.extras.details}`] : []), ...fields].join('\n') + '\n');
      }
    }
  }

  /** The command-line flag that sets a DTO field. */
  protected flagFor(field: string): string {
    return `--${field.replace(/_/g, '-')}`;
  }

  @Option({ flags: '--json', description: 'print one JSON document (for scripts)' })
  parseJson(): boolean {
    return true;
  }

  /** Checks `plain` against a DTO class of the contract, as the API's validation pipe does. */
  protected async validated<T extends object>(dto: ClassConstructor<T>, plain: object): Promise<T> {
    const instance = plainToInstance(dto, plain);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw AppException.validation(flattenValidationErrors(errors));
    return instance;
  }
}
