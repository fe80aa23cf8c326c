#!/usr/bin/env node
// npm run bench — loads a production build of the API on a generated data set, beside two
// baselines measured in the same run on the same machine, and writes bench/results/<time>.json
// plus a table on stdout. See bench/README.md.
//
// Options: --duration=<s> (10)  --connections=<n> (20)  --scale=<f> (1: 1M tickets on PostgreSQL)
//          --skip-build  --skip-pglite  --skip-postgres  --only=<a,b> (scenarios whose name contains one)
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
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
const ONLY = args.only ? String(args.only).split(',') : null;
const selected = (name) => !ONLY || ONLY.some((o) => name.includes(o));
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
async function load(port, request, duration = DURATION, expectStatus = null) {
  const base = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, pipelining: 1, requests: [request] };
  await autocannon({ ...base, duration: 2 });
  const r = await autocannon({ ...base, duration });
  // autocannon counts a 302 as non-2xx: where a redirect is the success, count the others.
  const failures = expectStatus === 302 ? r.requests.total - (r['3xx'] ?? 0) : r.non2xx;
  return {
    rps: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    errors: r.errors + r.timeouts + failures,
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

/**
 * AES-256-GCM under a key derived from APP_KEY for `purpose`, in the API's format
 * (apps/api/src/core/crypto/secret-box.ts): the benchmark knows the key it starts the API with,
 * so it can store a JWT secret and mint callback tokens the way the API does.
 */
const keys = new Map();
function seal(appKey, purpose, plaintext, aad) {
  if (!keys.has(purpose)) keys.set(purpose, Buffer.from(hkdfSync('sha256', appKey, Buffer.alloc(0), `central-tickets:${purpose}:v1`, 32)));
  const key = keys.get(purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${Buffer.concat([iv, body]).toString('base64url')}`;
}

/** The key the API runs with in this benchmark. */
const APP_KEY = randomBytes(32);
const APP_ORIGIN = 'https://app.bench.example';
const JWT_SECRET = randomBytes(32).toString('base64url');

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
  const people = await query(`SELECT id, email FROM users WHERE tenant_id = $1 AND role = 'requester' LIMIT 100`, [large.id]);
  // Sign-in: the tenant's app origin, and a JWT secret (stored encrypted, as the API does).
  await query(`UPDATE tenants SET allowed_origins = ARRAY[$2] WHERE id = $1`, [large.id, APP_ORIGIN]);
  const kid = 'k_bench';
  await query(`INSERT INTO jwt_secrets (tenant_id, kid, secret_ciphertext) VALUES ($1, $2, $3)`, [
    large.id,
    kid,
    seal(APP_KEY, 'secrets-at-rest', JWT_SECRET, `jwt-secret:${large.id}:${kid}`),
  ]);
  await query('VACUUM ANALYZE');
  return {
    tenantId: large.id,
    token,
    ids,
    max,
    requesters: people.map((r) => r.email),
    userIds: people.map((r) => r.id),
    seconds: Math.round((Date.now() - started) / 1000),
  };
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
    ...signInScenarios(data),
  ];
}

/** The sign-in flows of the large tenant ("bench-1"), measured against ceiling-insert. */
function signInScenarios(data) {
  const portalHost = `bench-1.localhost:${ports.api}`;
  const nextRequester = rotating(data.requesters);
  return [
    {
      name: 'auth redirect',
      ceiling: 'ceiling-insert',
      request: {
        method: 'POST',
        path: '/api/auth/redirect/bench-1',
        headers: { 'Content-Type': 'application/json', Origin: APP_ORIGIN },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: nextRequester(), name: 'Bench Requester' }) }),
      },
      expect: 302,
    },
    {
      name: 'callback',
      ceiling: 'ceiling-insert',
      // Callback tokens are single use and live 120 s: minted just before the run, one per request.
      request: () => {
        const now = Math.floor(Date.now() / 1000);
        const nextUser = rotating(data.userIds);
        const tokens = Array.from({ length: 150_000 }, () =>
          seal(APP_KEY, 'redirect-token', JSON.stringify({ t: data.tenantId, u: nextUser(), j: randomUUID(), iat: now, exp: now + 120, h: 'bench-1.localhost', r: `http://${portalHost}/dashboard`, m: 'redirect' }), 'callback-token:v1'),
        );
        const next = rotating(tokens);
        return { method: 'GET', headers: { Host: portalHost }, setupRequest: (req) => ({ ...req, path: `/auth/callback?token=${encodeURIComponent(next())}` }) };
      },
      expect: 302,
    },
    {
      name: 'jwt login',
      ceiling: 'ceiling-insert',
      request: {
        method: 'POST',
        path: '/api/jwt/login',
        headers: { 'Content-Type': 'application/json' },
        setupRequest: (req) => {
          const iat = Math.floor(Date.now() / 1000);
          const token = jwt.sign({ email: nextRequester(), name: 'Bench Requester', iat, exp: iat + 120, jti: randomUUID() }, JWT_SECRET, { algorithm: 'HS256' });
          return { ...req, body: JSON.stringify({ token, tenant_slug: 'bench-1' }) };
        },
      },
    },
  ];
}

async function runApi(label, env, data, ceilings) {
  const api = await start(`API (${label})`, join(DIST, 'main.js'), {
    NODE_ENV: 'production',
    APP_KEY: APP_KEY.toString('base64'),
    SEED_DEMO: 'false',
    PUBLIC_BASE_URL: `http://localhost:${ports.api}`,
    // The benchmark measures throughput, not the per-IP limits (all its load comes from one IP).
    RATE_LIMIT_REDIRECT_PER_HOUR: '100000000',
    RATE_LIMIT_JWT_LOGIN_PER_HOUR: '100000000',
    ...env,
  }, ports.api, '/health');
  const rows = [];
  try {
    for (const s of scenarios(data).filter((x) => selected(x.name))) {
      log(`${label}: ${s.name}`);
      const request = typeof s.request === 'function' ? s.request() : s.request;
      const { result, peakRssMb } = await withPeakRss(api.proc.pid, () => load(ports.api, request, DURATION, s.expect));
      const ceiling = ceilings[s.ceiling];
      rows.push({ database: label, scenario: s.name, ...result, peak_rss_mb: peakRssMb, ceiling: s.ceiling, ratio: ceiling ? +(result.rps / ceiling.rps).toFixed(3) : null });
    }
  } finally {
    await api.stop();
  }
  return rows;
}

function judge(rows, ceilings) {
  const by = (name) => rows.find((r) => r.scenario === name) ?? { rps: 0, p99_ms: Infinity, errors: 0 };
  const first = by('list first page');
  const signIn = (name) => [`${name} ≥ 40% of ceiling-insert`, () => by(name).rps >= 0.4 * ceilings['ceiling-insert'].rps];
  const checks = [
    ['create ticket ≥ 50% of ceiling-insert, 0 errors', () => by('create ticket').rps >= 0.5 * ceilings['ceiling-insert'].rps && by('create ticket').errors === 0],
    ['get ticket p99 ≤ 20 ms', () => by('get ticket').p99_ms <= 20],
    ['list first page p99 ≤ 20 ms', () => first.p99_ms <= 20],
    ['deep page p99 ≤ 1.5 × first page p99', () => by('list deep page').p99_ms <= 1.5 * Math.max(first.p99_ms, 1)],
    ['search p99 ≤ 50 ms', () => by('search').p99_ms <= 50],
    ['peak RSS ≤ 300 MB', () => Math.max(...rows.map((r) => r.peak_rss_mb)) <= 300],
    signIn('auth redirect'),
    signIn('callback'),
    signIn('jwt login'),
    ['no errors', () => rows.every((r) => r.errors === 0)],
  ];
  return checks.filter(([target]) => selected(target) || target === 'no errors').map(([target, ok]) => ({ target, met: ok() }));
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
