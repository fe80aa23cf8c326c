#!/usr/bin/env node
// npm run bench — loads a production build of the API on a generated data set, beside two
// baselines measured in the same run on the same machine, and writes bench/results/<time>.json
// plus a table on stdout. See bench/README.md.
//
// Options: --duration=<s> (10)  --connections=<n> (20)  --scale=<f> (1: 1M tickets on PostgreSQL)
//          --skip-build  --skip-pglite  --skip-postgres
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SEARCHES, seedStatements } from './seed.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist/apps/api');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const DURATION = Number(args.duration ?? 10);
const CONNECTIONS = Number(args.connections ?? 20);
const SCALE = Number(args.scale ?? 1);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (...m) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes

const ports = { api: 3410, http: 3411, insert: 3412 };

async function waitFor(url, proc, label) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${label} exited with ${proc.exitCode}`);
    if (await fetch(url).then((r) => r.status < 500, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${label} did not start`);
    await sleep(100);
  }
}

function start(label, script, env, port, readyPath = '/') {
  const proc = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const stop = async () => {
    if (proc.exitCode === null) proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode === null ? proc.once('close', r) : r()));
  };
  return waitFor(`http://127.0.0.1:${port}${readyPath}`, proc, label).then(
    () => ({ proc, stop, stderr: () => stderr }),
    async (err) => {
      await stop();
      throw new Error(`${err.message}\n${stderr}`);
    },
  );
}

/** Highest resident set size of `pid` while `work` runs, sampled every 50 ms. */
async function withPeakRss(pid, work) {
  let peak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
      peak = Math.max(peak, kb);
    } catch {
      // the process is gone
    }
  };
  sample();
  const timer = setInterval(sample, 50);
  try {
    const result = await work();
    sample();
    return { result, peakRssMb: Math.round(peak / 1024) };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------- load

/** One autocannon run (after a short warm-up) from this process, over loopback. */
async function load(port, request, duration = DURATION) {
  const base = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, pipelining: 1, requests: [request] };
  await autocannon({ ...base, duration: 2 });
  const r = await autocannon({ ...base, duration });
  return {
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

const rotating = (items) => {
  let i = 0;
  return () => items[i++ % items.length];
};

// ---------------------------------------------------------------- data

function mintToken(tenantId) {
  const raw = Buffer.concat([Buffer.from(tenantId.replace(/-/g, ''), 'hex'), randomBytes(32)]);
  const token = `ct_${raw.toString('base64url')}`;
  return { token, hash: createHash('sha256').update(token).digest(), lastFour: token.slice(-4) };
}

/** Fills the migrated database through `query` and returns what the scenarios need. */
async function seed(query, size) {
  const started = Date.now();
  for (const statement of seedStatements(size)) await query(statement);
  const [large] = await query(`SELECT id FROM tenants WHERE slug = 'bench-1'`);
  const { token, hash, lastFour } = mintToken(large.id);
  await query(
    `INSERT INTO api_tokens (tenant_id, id, name, token_hash, last_four, scopes)
     VALUES ($1, $2, 'bench', $3, $4, ARRAY['tickets:read', 'tickets:write', 'admin'])`,
    [large.id, randomUUID(), hash, lastFour],
  );
  const ids = (await query(`SELECT id FROM tickets WHERE tenant_id = $1 ORDER BY random() LIMIT 1000`, [large.id])).map((r) => r.id);
  const [{ max }] = await query(`SELECT max(number)::int AS max FROM tickets WHERE tenant_id = $1`, [large.id]);
  const requesters = (await query(`SELECT email FROM users WHERE tenant_id = $1 AND role = 'requester' LIMIT 100`, [large.id])).map((r) => r.email);
  await query('VACUUM ANALYZE');
  return { token, ids, max, requesters, seconds: Math.round((Date.now() - started) / 1000) };
}

// ---------------------------------------------------------------- scenarios

function scenarios(data) {
  const auth = { Authorization: `Bearer ${data.token}` };
  // "Deep": after 100,000 rows, or 90% of the tenant's tickets when it has fewer.
  const depth = Math.min(100_000, Math.floor(data.max * 0.9));
  const deepCursor = Buffer.from(JSON.stringify({ n: data.max - depth })).toString('base64url');
  const nextId = rotating(data.ids);
  const nextSearch = rotating(SEARCHES.map((q) => `/api/tickets?q=${encodeURIComponent(q)}`));
  const nextRequester = rotating(data.requesters);
  return [
    {
      name: 'create ticket',
      ceiling: 'ceiling-insert',
      request: {
        method: 'POST',
        path: '/api/tickets',
        headers: { ...auth, 'Content-Type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            title: 'Cannot download my invoice',
            description: 'The invoice link on the billing page returns an error since this morning.',
            priority: 'high',
            requester_email: nextRequester(),
          }),
        }),
      },
    },
    { name: 'get ticket', ceiling: 'ceiling-http', request: { method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/api/tickets/${nextId()}` }) } },
    { name: 'list first page', ceiling: 'ceiling-http', request: { method: 'GET', path: '/api/tickets', headers: auth } },
    { name: 'list deep page', ceiling: 'ceiling-http', request: { method: 'GET', path: `/api/tickets?cursor=${deepCursor}`, headers: auth } },
    { name: 'search', ceiling: 'ceiling-http', request: { method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: nextSearch() }) } },
  ];
}

async function runApi(label, env, data, ceilings) {
  const api = await start(`API (${label})`, join(DIST, 'main.js'), {
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64'),
    SEED_DEMO: 'false',
    ...env,
  }, ports.api, '/health');
  const rows = [];
  try {
    for (const s of scenarios(data)) {
      log(`${label}: ${s.name}`);
      const { result, peakRssMb } = await withPeakRss(api.proc.pid, () => load(ports.api, s.request));
      const ceiling = ceilings[s.ceiling];
      rows.push({ database: label, scenario: s.name, ...result, peak_rss_mb: peakRssMb, ceiling: s.ceiling, ratio: ceiling ? +(result.rps / ceiling.rps).toFixed(3) : null });
    }
  } finally {
    await api.stop();
  }
  return rows;
}

function judge(rows, ceilings) {
  const by = (name) => rows.find((r) => r.scenario === name);
  const first = by('list first page');
  const checks = [
    ['create ticket ≥ 50% of ceiling-insert, 0 errors', () => by('create ticket').rps >= 0.5 * ceilings['ceiling-insert'].rps && by('create ticket').errors === 0],
    ['get ticket p99 ≤ 20 ms', () => by('get ticket').p99_ms <= 20],
    ['list first page p99 ≤ 20 ms', () => first.p99_ms <= 20],
    ['deep page p99 ≤ 1.5 × first page p99', () => by('list deep page').p99_ms <= 1.5 * Math.max(first.p99_ms, 1)],
    ['search p99 ≤ 50 ms', () => by('search').p99_ms <= 50],
    ['peak RSS ≤ 300 MB', () => Math.max(...rows.map((r) => r.peak_rss_mb)) <= 300],
    ['no errors', () => rows.every((r) => r.errors === 0)],
  ];
  return checks.map(([target, ok]) => ({ target, met: ok() }));
}

// ---------------------------------------------------------------- main

async function pgQuery(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return { query: async (sql, params) => (await client.query(sql, params)).rows, close: () => client.end() };
}

async function main() {
  const started = Date.now();
  if (!args['skip-build']) {
    log('building the API (production)');
    const build = spawnSync('npx', ['nx', 'build', 'api', '--skip-nx-cache'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false' } });
    if (build.status !== 0) throw new Error('build failed');
  }
  const report = {
    started_at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    settings: { duration_s: DURATION, connections: CONNECTIONS, scale: SCALE },
    ceilings: {},
    runs: [],
  };

  let admin = null;
  try {
    admin = await pgQuery(ADMIN_URL);
  } catch (err) {
    log(`no PostgreSQL server at ${ADMIN_URL} (${err.message}): ceiling-insert and the PostgreSQL run are skipped`);
  }
  const dbName = `ct_bench_${Date.now()}`;
  const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  if (admin) await admin.query(`CREATE DATABASE ${dbName}`);

  try {
    // Baselines, measured first, on the same machine in the same run.
    log('ceiling-http');
    const http = await start('ceiling-http', join(ROOT, 'bench/ceiling-http.mjs'), {}, ports.http);
    report.ceilings['ceiling-http'] = await withPeakRss(http.proc.pid, () => load(ports.http, { method: 'GET', path: '/' })).then((x) => ({ ...x.result, peak_rss_mb: x.peakRssMb }));
    await http.stop();
    if (admin) {
      log('ceiling-insert');
      const insert = await start('ceiling-insert', join(ROOT, 'bench/ceiling-insert.mjs'), { DATABASE_URL: dbUrl }, ports.insert);
      report.ceilings['ceiling-insert'] = await withPeakRss(insert.proc.pid, () =>
        load(ports.insert, { method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: '{"title":"Cannot download my invoice"}' }),
      ).then((x) => ({ ...x.result, peak_rss_mb: x.peakRssMb }));
      await insert.stop();
    }

    const attempt = async (database, run) => {
      try {
        await run();
      } catch (err) {
        log(`${database}: failed: ${err.message.split('\n')[0]}`);
        report.runs.push({ database, error: err.message.split('\n')[0] });
      }
    };

    if (admin && !args['skip-postgres']) await attempt('postgres', async () => {
      const size = { tenants: 1000, tickets: Math.round(1_000_000 * SCALE), large: Math.round(200_000 * SCALE) };
      log(`PostgreSQL: migrating, then seeding ${size.tickets} tickets (${size.large} in the large tenant)`);
      const migrate = spawnSync(process.execPath, [join(DIST, 'cli.js'), 'tenants', 'list'], { env: { PATH: process.env.PATH, DATABASE_URL: dbUrl, SEED_DEMO: 'false' }, encoding: 'utf8' });
      if (migrate.status !== 0) throw new Error(`migration failed: ${migrate.stderr}`);
      const db = await pgQuery(dbUrl);
      const data = await seed(db.query, size);
      await db.close();
      log(`PostgreSQL: seeded in ${data.seconds} s`);
      const rows = await runApi('postgres', { DATABASE_URL: dbUrl }, data, report.ceilings);
      report.runs.push({ database: 'postgres', dataset: size, seed_seconds: data.seconds, scenarios: rows, targets: judge(rows, report.ceilings) });
    });

    if (!args['skip-pglite']) await attempt('pglite', async () => {
      const size = { tenants: 100, tickets: Math.round(100_000 * SCALE), large: Math.round(20_000 * SCALE) };
      const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-'));
      try {
        log(`PGlite: migrating, then seeding ${size.tickets} tickets (${size.large} in the large tenant)`);
        const migrate = spawnSync(process.execPath, [join(DIST, 'cli.js'), 'tenants', 'list'], { env: { PATH: process.env.PATH, DATA_DIR: dataDir, SEED_DEMO: 'false' }, encoding: 'utf8' });
        if (migrate.status !== 0) throw new Error(`migration failed: ${migrate.stderr}`);
        const { PGlite } = await import('@electric-sql/pglite');
        const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
        // The same extensions as the API's (its search index is a btree_gin one).
        const lite = await PGlite.create(join(dataDir, 'pglite'), { extensions: { btree_gin } });
        const data = await seed(async (sql, params) => (await lite.query(sql, params)).rows, size);
        await lite.close();
        log(`PGlite: seeded in ${data.seconds} s`);
        const rows = await runApi('pglite', { DATA_DIR: dataDir }, data, report.ceilings);
        report.runs.push({ database: 'pglite', dataset: size, seed_seconds: data.seconds, scenarios: rows, targets: judge(rows, report.ceilings) });
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  } finally {
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.close();
    }
  }

  report.total_seconds = Math.round((Date.now() - started) / 1000);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results', `${report.started_at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  print(report);
  console.log(`\nWritten to ${file.replace(`${ROOT}/`, '')} (${report.total_seconds} s in all).`);
  if (report.runs.some((run) => run.error)) process.exitCode = 1;
}

function print(report) {
  const fmt = (n) => (n === null || n === undefined ? '' : String(n));
  const lines = [
    ['', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB', 'ratio to ceiling'],
    ...Object.entries(report.ceilings).map(([name, c]) => ['baseline', name, c.rps, c.p50_ms, c.p99_ms, c.errors, c.peak_rss_mb, '']),
    ...report.runs.filter((run) => !run.error).flatMap((run) =>
      run.scenarios.map((r) => [`${run.database} (${run.dataset.tickets / 1000}k tickets)`, r.scenario, r.rps, r.p50_ms, r.p99_ms, r.errors, r.peak_rss_mb, r.ratio === null ? '' : `${(r.ratio * 100).toFixed(1)}% of ${r.ceiling}`]),
    ),
  ].map((row) => row.map(fmt));
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const out = lines.map((l) => `| ${l.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
  out.splice(1, 0, `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  console.log(`\nCentral Tickets benchmark, ${report.machine.cpus} cores, ${report.machine.node}, ${report.settings.connections} connections, ${report.settings.duration_s} s per scenario\n`);
  console.log(out.join('\n'));
  for (const run of report.runs) {
    if (run.error) {
      console.log(`\n${run.database}: FAILED — ${run.error}`);
      continue;
    }
    console.log(`\nTargets on ${run.database}:`);
    for (const t of run.targets) console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.target}`);
  }
}

main().then(
  () => undefined,
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
