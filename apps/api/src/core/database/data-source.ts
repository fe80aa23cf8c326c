import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { createPgliteDriver, openPglite } from './pglite-driver';

/** Arbitrary constant: the advisory lock that makes concurrent starts migrate one at a time. */
const MIGRATION_LOCK = 7_240_311;

/**
 * Builds the DataSource for the configured database: a pooled PostgreSQL server, or the
 * embedded PGlite (one session) with the very same migrations.
 */
export async function createDataSource(config: AppConfig): Promise<DataSource> {
  const common = {
    type: 'postgres',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    logging: false,
    applicationName: 'central-tickets',
  } as const;

  let options: DataSourceOptions;
  if (config.database.kind === 'postgres') {
    const { url, poolSize, schema } = config.database;
    options = {
      ...common,
      url,
      poolSize,
      ...(schema && { schema }),
      extra: {
        idleTimeoutMillis: 30_000,
        ...(schema && { options: `-c search_path=${schema}` }),
      },
    };
  } else {
    const { pglite, release } = await openPglite(config.database.dataDir);
    options = { ...common, driver: createPgliteDriver(pglite, release), poolSize: 1 };
  }
  return new DataSource(options);
}

/** Connects and brings the schema up to date; concurrent starts on one server take turns. */
export async function initializeDatabase(dataSource: DataSource): Promise<DataSource> {
  await dataSource.initialize();
  const isServer = (dataSource.options as { driver?: unknown }).driver === undefined;
  if (!isServer) {
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
