import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { ConfigError, loadConfig } from './core/config/app-config';
import { DatabaseInUseError } from './core/database/pglite-driver';

/** The operator CLI: `node dist/apps/api/cli.js --help` (or `npm run -s cli -- --help`). */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig({ SEED_DEMO: 'false', ...process.env });
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error'],
    cliName: 'central-tickets',
    errorHandler: (err) => {
      // commander's own exits (help, version, usage errors) carry their exit code.
      const code = (err as { exitCode?: number }).exitCode ?? 2;
      process.exit(code);
    },
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseInUseError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err instanceof ConfigError ? 78 : 1);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
