import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import type { INestApplication } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { createApp } from './app/create-app';
import { AppConfig, ConfigError, loadConfig } from './core/config/app-config';
import { DatabaseInUseError } from './core/database/pglite-driver';
import { GracefulShutdown } from './core/http/graceful-shutdown';
import { DemoCredentials, DemoSeedService } from './demo/demo-seed.service';

function banner(config: AppConfig, demo: DemoCredentials | null, startupMs: number): string {
  const base = config.publicBaseUrl;
  const lines = [
    '',
    `  Central Tickets is running (${config.env}, ${config.database.kind === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL'}), started in ${startupMs} ms`,
    '',
    `  API             ${base}/api`,
    `  API docs        ${base}/api/docs`,
    `  Health          ${base}/health`,
  ];
  if (demo) {
    lines.push(
      '',
      `  Demo tenant     ${demo.portalUrl}${demo.created ? '   (created now)' : ''}`,
      `  Console         ${demo.portalUrl}/login`,
      `  Demo admin      ${demo.adminEmail} / ${demo.adminPassword ?? '(password changed since: use yours)'}`,
      `  Demo API token  ${demo.apiToken ?? '(revoked since: create one with the API or the CLI)'}`,
      `  Demo JWT secret ${demo.jwtSecret ?? '(rotated since)'}`,
      '',
      `  Try it:  curl -H "Authorization: Bearer ${demo.apiToken ?? '<token>'}" ${base}/api/tenant`,
    );
  }
  return lines.join('\n') + '\n';
}

async function bootstrap(): Promise<void> {
  const started = Date.now();
  loadDotenv({ quiet: true });
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }

  const shutdown = new GracefulShutdown();
  const app: INestApplication = await createApp(config, shutdown);
  const demo = config.seedDemo ? await app.get(DemoSeedService).ensure() : null;
  await app.listen(config.port, config.host);

  const logger = await app.resolve(PinoLogger);
  logger.setContext('Main');
  const startupMs = Date.now() - started;
  logger.info({ port: config.port, host: config.host, startup_ms: startupMs }, 'listening');
  if (!config.isProduction) process.stdout.write(banner(config, demo, startupMs));

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error({ timeout_ms: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Stop accepting, answer what is in flight (closing each connection after its answer),
    // then close what is left and the database.
    await shutdown.drain(app.getHttpServer());
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

bootstrap().catch((err: unknown) => {
  if (err instanceof DatabaseInUseError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
