import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Where a test file's database lives. With TEST_DATABASE_URL (a PostgreSQL server), each
 * file gets a schema of its own in that database, dropped afterwards, so files run in
 * parallel without meeting; without it, an in-memory PGlite.
 */
export interface TestDatabase {
  env: Record<string, string>;
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    return { kind: 'pglite', env: { DATA_DIR: 'memory://' }, drop: async () => undefined };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withClient((c) => c.query(`CREATE SCHEMA "${schema}"`));
  return {
    kind: 'postgres',
    env: { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, DATABASE_POOL_SIZE: '5' },
    drop: () => withClient((c) => c.query(`DROP SCHEMA "${schema}" CASCADE`)).then(() => undefined),
  };
}

async function withClient<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
