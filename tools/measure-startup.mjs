#!/usr/bin/env node
// Start-up time (spawn → /health answers) and resident memory when idle, of the production
// build: embedded database fresh and existing, and PostgreSQL when TEST_PG_ADMIN_URL answers.
//   npx nx build api && node tools/measure-startup.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const MAIN = resolve('dist/apps/api/main.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function measure(label, env, port) {
  const started = Date.now();
  const proc = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn', ...env }, stdio: 'ignore' });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - started > 60_000) throw new Error(`${label}: no answer`);
    await sleep(20);
  }
  const startupMs = Date.now() - started;
  await sleep(5_000);
  const rss = rssMb(proc.pid);
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('close', r));
  return { label, startup_ms: startupMs, idle_rss_mb: Math.round(rss) };
}

const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'ct-measure-'));
rows.push(await measure('PGlite, first start (initdb, migrations, demo tenant)', { DATA_DIR: dir }, 3301));
rows.push(await measure('PGlite, existing data', { DATA_DIR: dir }, 3302));
rows.push(await measure('PGlite, existing data (again)', { DATA_DIR: dir }, 3303));
rmSync(dir, { recursive: true, force: true });

const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const db = `ct_measure_${Date.now()}`;
const sql = async (q) => { const c = new pg.Client(admin); await c.connect(); try { await c.query(q); } finally { await c.end(); } };
try {
  await sql(`CREATE DATABASE ${db}`);
  const url = new URL(admin); url.pathname = `/${db}`;
  const pgDir = mkdtempSync(join(tmpdir(), 'ct-measure-'));
  rows.push(await measure('PostgreSQL, empty database (migrations, demo tenant)', { DATABASE_URL: url.toString(), DATA_DIR: pgDir }, 3304));
  rows.push(await measure('PostgreSQL, migrated', { DATABASE_URL: url.toString(), DATA_DIR: pgDir }, 3305));
  rmSync(pgDir, { recursive: true, force: true });
  await sql(`DROP DATABASE ${db} WITH (FORCE)`);
} catch (err) {
  console.error(`PostgreSQL skipped: ${err.message}`);
}
console.table(rows);
