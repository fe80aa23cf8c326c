#!/usr/bin/env node
// Runs a command against a fresh PostgreSQL database, then drops it.
//   node tools/with-test-database.mjs <command...>
// The server is TEST_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres); the
// command sees TEST_DATABASE_URL. Exits 3 without running anything when no server answers.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `ct_test_${Date.now()}_${randomBytes(3).toString('hex')}`;

async function sql(text) {
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

try {
  await sql('SELECT 1');
} catch (err) {
  console.error(`No PostgreSQL server at ${admin.replace(/:[^:@/]*@/, ':***@')}: ${err.message}`);
  process.exit(3);
}

await sql(`CREATE DATABASE "${name}"`);
const url = new URL(admin);
url.pathname = `/${name}`;
console.error(`Using the fresh database ${name}`);
let status = 1;
try {
  const [cmd, ...args] = process.argv.slice(2);
  const res = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', env: { ...process.env, TEST_DATABASE_URL: url.toString() } });
  status = res.status ?? 1;
} finally {
  await sql(`DROP DATABASE "${name}" WITH (FORCE)`);
  console.error(`Dropped ${name}`);
}
process.exit(status);
