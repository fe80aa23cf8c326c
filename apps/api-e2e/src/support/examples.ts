import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { freePort } from './server';

/*
 * Runs code examples as an integrator would: Node scripts with `node`, Python with Debian's
 * python3 (requests, PyJWT), PHP with Debian's php-cli and php-curl (scripts, or pages behind
 * `php -S`), browser code in a page served from an allowed origin (CompanySite).
 */

export const ROOT = resolve(__dirname, '../../../..');
export const PYTHON = process.env['E2E_PYTHON'] ?? '/usr/bin/python3';
export const PHP = process.env['E2E_PHP'] ?? '/usr/bin/php';

/** A code block of a page: `<pre><code data-example="id" data-language data-runtime>`. */
export interface PageExample {
  id: string;
  language: string;
  runtime: string;
  code: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
export const unescapeHtml = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ENTITIES[e] as string);

/** Every runnable example of the page, in page order, exactly as a reader would copy it. */
export function extractExamples(html: string): PageExample[] {
  return [...html.matchAll(/<code data-example="([^"]+)" data-language="([^"]+)" data-runtime="([^"]+)">([\s\S]*?)<\/code>/g)].map((m) => ({
    id: m[1] as string,
    language: m[2] as string,
    runtime: m[3] as string,
    code: unescapeHtml(m[4] as string),
  }));
}

/** Every `<code data-response="id">` block: the error answers the page shows, parsed. */
export function extractResponses(html: string): Map<string, { status: number; body: Record<string, unknown> }> {
  const found = new Map<string, { status: number; body: Record<string, unknown> }>();
  for (const m of html.matchAll(/<code data-response="([^"]+)" data-status="(\d+)"[^>]*>([\s\S]*?)<\/code>/g)) {
    found.set(m[1] as string, { status: Number(m[2]), body: JSON.parse(unescapeHtml(m[3] as string)) as Record<string, unknown> });
  }
  return found;
}

/** Every fenced block of a Markdown file with its language, in order. */
export function markdownBlocks(markdown: string): Array<{ language: string; code: string }> {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ language: m[1] as string, code: m[2] as string }));
}

/**
 * Builds the SDK as `npx nx build sdk` does (tsc with libs/sdk/tsconfig.lib.json, then its
 * package.json), into `outDir`: always from the current sources, without running Nx inside a test.
 */
export function buildSdk(outDir: string): string {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'libs/sdk/tsconfig.lib.json'), '--outDir', outDir], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`building the SDK failed:\n${res.stdout}\n${res.stderr}`);
  copyFileSync(join(ROOT, 'libs/sdk/package.json'), join(outDir, 'package.json'));
  return outDir;
}

/** Fails with the apt-get line to run when a Debian program or module is missing. */
export function requireSystemTools(): void {
  const problems: string[] = [];
  const probe = (cmd: string, args: string[], pkg: string) => {
    if (spawnSync(cmd, args, { encoding: 'utf8' }).status !== 0) problems.push(pkg);
  };
  probe(PYTHON, ['-c', 'import requests, jwt'], 'python3-requests python3-jwt');
  probe(PHP, ['-r', 'exit(function_exists("curl_init") ? 0 : 1);'], 'php-cli php-curl');
  if (problems.length) throw new Error(`Missing: apt-get install -y ${problems.join(' ')} (tools/ensure-system-packages.sh does it)`);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A directory to run examples in, as an integrator's project: `node_modules` holds the
 * SDK's build as `@central-tickets/sdk` and the monorepo's `jsonwebtoken`, `express`, `react`
 * and `react-dom`.
 */
export class ExampleWorkspace {
  /** The SDK's build, as published (`dist/libs/sdk` of `npx nx build sdk`). */
  readonly sdkDir: string;

  constructor(
    readonly dir: string,
    private readonly env: Record<string, string>,
  ) {
    this.sdkDir = buildSdk(join(dir, 'sdk-build'));
    const modules = join(dir, 'node_modules');
    mkdirSync(join(modules, '@central-tickets'), { recursive: true });
    symlinkSync(this.sdkDir, join(modules, '@central-tickets', 'sdk'), 'dir');
    for (const name of ['jsonwebtoken', 'express', 'react', 'react-dom']) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }

  /** The environment of a run: the secrets, and no proxy between the example and the server. */
  private runEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_PROXY: '*', no_proxy: '*', PYTHONIOENCODING: 'utf-8', ...this.env, ...extra };
  }

  write(filename: string, code: string): string {
    const file = join(this.dir, filename);
    writeFileSync(file, code);
    return file;
  }

  run(command: string, filename: string, code: string, extra?: Record<string, string>): RunResult {
    const file = this.write(filename, code);
    const res = spawnSync(command, [file], { cwd: this.dir, encoding: 'utf8', timeout: 30_000, env: this.runEnv(extra) });
    return { code: res.status, stdout: res.stdout ?? '', stderr: `${res.stderr ?? ''}${res.error ? String(res.error) : ''}` };
  }

  node(filename: string, code: string, extra?: Record<string, string>): RunResult {
    return this.run(process.execPath, filename, code, extra);
  }

  python(filename: string, code: string, extra?: Record<string, string>): RunResult {
    return this.run(PYTHON, filename, code, extra);
  }

  php(filename: string, code: string, extra?: Record<string, string>): RunResult {
    return this.run(PHP, filename, code, extra);
  }

  /**
   * A React app's script, as its bundler makes it: `entry` (JSX, importing the modules written
   * to the workspace and React from its `node_modules`) bundled by esbuild (the monorepo's, from
   * @angular/build) with React's automatic JSX runtime and production React into one classic
   * script for a `<script>` tag.
   */
  async bundleJsx(entry: string): Promise<string> {
    const out = await build({
      stdin: { contents: entry, loader: 'jsx', resolveDir: this.dir, sourcefile: 'main.jsx' },
      bundle: true,
      jsx: 'automatic',
      write: false,
      format: 'iife',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    return out.outputFiles[0]?.text ?? '';
  }

  /**
   * `node file` as a server (the company's site of the widget's examples): resolves once it has
   * printed `listening`, and is stopped with `stop()`.
   */
  async nodeServer(filename: string, code: string, extra?: Record<string, string>): Promise<{ output: () => string; stop: () => Promise<void> }> {
    const file = this.write(filename, code);
    let output = '';
    const proc = spawn(process.execPath, [file], { cwd: this.dir, env: this.runEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((ok) => proc.once('close', () => ok()));
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${filename} did not start:\n${output}`)), 15_000);
      const read = (d: Buffer) => {
        output += d.toString();
        if (/^listening\b/m.test(output)) {
          clearTimeout(timer);
          ok();
        }
      };
      proc.stdout?.on('data', read);
      proc.stderr?.on('data', read);
      void exited.then(() => {
        clearTimeout(timer);
        fail(new Error(`${filename} exited (${proc.exitCode}):\n${output}`));
      });
    });
    return {
      output: () => output,
      stop: async () => {
        if (proc.exitCode === null) proc.kill();
        await exited;
      },
    };
  }

  /**
   * A PHP page behind PHP's built-in web server (`php -S`), as a browser would request it:
   * answers with the status, `Location` and body of one GET of `/{filename}`.
   */
  async phpPage(filename: string, code: string, extra?: Record<string, string>): Promise<{ status: number; location: string | null; body: string; log: string }> {
    this.write(filename, code);
    const port = await freePort();
    let log = '';
    const proc: ChildProcess = spawn(PHP, ['-S', `127.0.0.1:${port}`, '-t', this.dir], { cwd: this.dir, env: this.runEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const url = `http://127.0.0.1:${port}/${filename}`;
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          const res = await fetch(url, { redirect: 'manual' });
          return { status: res.status, location: res.headers.get('location'), body: await res.text(), log };
        } catch (err) {
          if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`php -S did not answer: ${String(err)}\n${log}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      proc.kill();
    }
  }
}

/** The first line of a run's output that is an absolute URL, or a readable failure. */
export function printedUrl(result: RunResult): string {
  const line = result.stdout.split('\n').find((l) => /^https?:\/\/\S+$/.test(l.trim()));
  if (result.code !== 0 || !line) throw new Error(`exit ${result.code}, no URL printed:\n${result.stdout}\n${result.stderr}`);
  return line.trim();
}

/** `Ticket #<number>: <id>` as the API examples print it. */
export function printedTicket(result: RunResult): { number: number; id: string } {
  const m = /^Ticket #(\d+): ([0-9a-f-]{36})$/m.exec(result.stdout);
  if (result.code !== 0 || !m) throw new Error(`exit ${result.code}, no ticket printed:\n${result.stdout}\n${result.stderr}`);
  return { number: Number(m[1]), id: m[2] as string };
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/**
 * The integrator's own site: a node:http server on 127.0.0.1 whose origin
 * (`http://app.localhost:{port}`, which Chromium resolves to the loopback) the test adds to
 * the tenant's allowed origins. Serves the pages the test sets, the SDK's build under `/sdk/`
 * (what a bundler would do) and whatever routes the test adds (the site's own backend).
 */
export class CompanySite {
  private readonly pages = new Map<string, string>();
  private readonly routes = new Map<string, Handler>();
  private server: Server | undefined;
  origin = '';
  /** The same site on an origin no tenant allows. */
  foreignOrigin = '';

  /** `sdkDir`: the SDK's build, served under `/sdk/`. */
  constructor(private readonly sdkDir: string) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.origin = `http://app.localhost:${port}`;
    this.foreignOrigin = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => this.answer(req, res, body));
    });
    await new Promise<void>((ok) => this.server?.listen(port, '127.0.0.1', ok));
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = (req.url ?? '/').split('?')[0] as string;
    const route = this.routes.get(`${req.method} ${path}`);
    if (route) return route(req, res, body);
    const page = req.method === 'GET' ? this.pages.get(path) : undefined;
    if (page !== undefined) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
      return;
    }
    if (req.method === 'GET' && path.startsWith('/sdk/')) {
      const file = normalize(join(this.sdkDir, path.slice('/sdk/'.length)));
      if (file.startsWith(this.sdkDir) && extname(file) === '.js' && existsSync(file)) {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }

  /** Serves `html` at `path` (a fresh path per test keeps pages apart). */
  page(path: string, html: string): string {
    this.pages.set(path, html);
    return `${this.origin}${path}`;
  }

  route(method: string, path: string, handler: Handler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  async stop(): Promise<void> {
    await new Promise((ok) => (this.server ? this.server.close(ok) : ok(undefined)));
  }
}

/**
 * The company's site for the widget's examples, as an integrator builds it: an Express app over
 * https (the suite's certificate, `TLS_KEY`/`TLS_CERT`) on 127.0.0.1:`SITE_PORT`, whose session
 * (a stand-in: the cookie `app_session=signed-in`) sets `req.user` to `SITE_USER`; it serves
 * `SITE_PAGE` at `/` and mounts the page's token route example (`./support-routes.mjs`) as its
 * comment says, after the session middleware.
 */
export const EXPRESS_SITE = String.raw`import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import express from 'express';
import { supportRoutes } from './support-routes.mjs';

const env = process.env;
const app = express();
app.use((req, res, next) => {
  if (/(?:^|;\s*)app_session=signed-in(?:;|$)/.test(req.headers.cookie || '')) req.user = JSON.parse(env.SITE_USER);
  next();
});
app.get('/', (req, res) => res.set('Cache-Control', 'no-store').type('html').send(readFileSync(env.SITE_PAGE, 'utf8')));
app.use(supportRoutes);

const server = createServer({ key: readFileSync(env.TLS_KEY), cert: readFileSync(env.TLS_CERT) }, app);
server.listen(Number(env.SITE_PORT), '127.0.0.1', () => console.log('listening on ' + env.SITE_PORT));
`;

/** A page of the company's site: `currentUser` for the example, then the example itself. */
export function pageWithExample(user: { email: string; name: string } | null, example: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Company app</title>
<script type="importmap">{ "imports": { "@central-tickets/sdk": "/sdk/index.js" } }</script>
${head}</head>
<body>
<h1>Company app</h1>
<script>const currentUser = ${JSON.stringify(user)};</script>
${example}
</body>
</html>
`;
}

export interface Me {
  status: number;
  body: { user?: { email: string; name: string }; tenant?: { slug: string }; code?: string };
}

/** What the portal page itself gets from `GET /api/me` (same origin, its session cookie). */
export const fetchMe = (page: Page) =>
  page.evaluate<Me>("fetch('/api/me').then((r) => r.json().then((body) => ({ status: r.status, body })))");
