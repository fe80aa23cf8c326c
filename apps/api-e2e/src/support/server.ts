import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const DIST = resolve(__dirname, '../../../../dist/apps/api');
export const MAIN = join(DIST, 'main.js');
export const CLI = join(DIST, 'cli.js');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export function tempDir(prefix = 'ct-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The environment a spawned server or CLI runs with: a private data directory, no .env. */
export function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Every JSON log line printed so far. */
  logs: () => Array<Record<string, unknown>>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
}

/** Starts `node dist/apps/api/main.js` and waits until /health answers. */
export async function startServer(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? tempDir();
  const port = Number(opts.env?.['PORT'] ?? (await freePort()));
  let out = '';
  let err = '';
  const proc = spawn(process.execPath, [MAIN], {
    cwd: dataDir,
    env: baseEnv(dataDir, { PORT: String(port), ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  // 'close', not 'exit': by then everything the process wrote has been read.
  const exited = new Promise<number | null>((ok) => proc.once('close', (code) => ok(code)));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  let ready = false;
  while (!ready) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${err}\n${out}`);
    if (Date.now() > deadline) throw new Error(`server did not answer in time:\n${err}\n${out}`);
    ready = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir,
    proc,
    exited,
    stdout: () => out,
    stderr: () => err,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs the operator CLI to completion. */
export function cli(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [CLI, ...args], { cwd: dataDir, env: baseEnv(dataDir, env), encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * For a describe block: a database for its servers, made before its tests and dropped after.
 * `env()` is what to pass to `startServer`/`cli`.
 */
export function useServerDatabase(): { env: () => Record<string, string> } {
  let db: Awaited<ReturnType<typeof serverDatabase>> | undefined;
  beforeAll(async () => {
    db = await serverDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  return { env: () => db?.env ?? {} };
}

/** With TEST_DATABASE_URL, a schema of its own on that server; otherwise nothing (PGlite). */
export async function serverDatabase(): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) return { env: {}, drop: async () => undefined };
  const schema = `e_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE SCHEMA "${schema}"`);
  return { env: { DATABASE_URL: url, DATABASE_SCHEMA: schema }, drop: () => run(`DROP SCHEMA "${schema}" CASCADE`) };
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
