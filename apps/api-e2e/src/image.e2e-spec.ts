import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { send, uniqueSlug } from './support/sign-in';
import { cleanup, freePort, serverDatabase, tempDir } from './support/server';

/**
 * The production image without Docker. docker/Dockerfile builds by running tools/image/build.sh
 * and copies its output to /app; this suite runs the same script (reusing the dist/ that the e2e
 * target has just built), checks the layout, starts the API from it as the image does, and checks
 * the compose file and the Caddyfile that run it.
 */
const ROOT = resolve(__dirname, '../../..');
const DOCKER = join(ROOT, 'docker');
const BUILD_SCRIPT = join(ROOT, 'tools/image/build.sh');
const REPORT = join(ROOT, 'test-output/image-report.json');
const MB = 1024 * 1024;

/** Every file under `dir` (symbolic links are not followed), with its size. */
function walk(dir: string, files: Array<{ path: string; size: number }> = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, files);
    else files.push({ path, size: lstatSync(path).size });
  }
  return files;
}

const megabytes = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** Polls `probe` until it gives a value; `gaveUp` says why waiting is pointless (a dead process). */
function waitFor<T>(what: string, probe: () => Promise<T | undefined>, gaveUp: () => string | undefined = () => undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const attempt = async (): Promise<T> => {
    const reason = gaveUp();
    if (reason) throw new Error(`gave up waiting for ${what}: ${reason}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
    return attempt();
  };
  return attempt();
}

describe('the production image, built by its own script', () => {
  const work = tempDir('ct-image-');
  // Under the temporary directory, far from the workspace's node_modules: the API resolves its
  // packages from the image's tree only, as in the container.
  const app = join(work, 'app');
  const report: Record<string, unknown> = {};

  beforeAll(() => {
    const started = Date.now();
    const res = spawnSync('bash', [BUILD_SCRIPT, 'app', '--reuse-dist', app], { cwd: ROOT, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`tools/image/build.sh failed (${res.status}):\n${res.stderr}\n${res.stdout}`);
    expect(res.stdout.trim().split('\n').pop()).toBe(app);
    report['build_seconds'] = Math.round((Date.now() - started) / 100) / 10;
  }, 180_000);

  afterAll(() => {
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    writeFileSync(REPORT, JSON.stringify(report, null, 2) + '\n');
    cleanup(work);
  });

  it('is what the Dockerfile builds and runs: this script, its /app, node main.js as a non-root user', () => {
    const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN .*bash tools\/image\/build\.sh deps$/m);
    expect(dockerfile).toMatch(/^RUN .*bash tools\/image\/build\.sh app \/out$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/out \/app$/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production\b/m);
    expect(dockerfile).toMatch(/^WORKDIR \/app\/api$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "\/app\/healthcheck\.js"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "main\.js"\]$/m);
    // The runtime stage ends as `node`, after its last root-only step.
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeGreaterThan(runtime.lastIndexOf('\nRUN '));

    // The host's installs and builds never enter the build context.
    const ignored = readFileSync(join(DOCKER, 'Dockerfile.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '**/data', '.env', '**/.env']));
  });

  it('holds the API, the console and the production dependencies only', () => {
    expect(readdirSync(app).sort()).toEqual(['admin', 'api', 'healthcheck.js']);
    expect(readdirSync(join(app, 'api')).sort()).toEqual(['cli.js', 'main.js', 'node_modules', 'package-lock.json', 'package.json']);
    expect(existsSync(join(app, 'admin/browser/index.html'))).toBe(true);

    // Our own files: bundles and the console, no source maps, sources or tests.
    const ours = walk(app)
      .map((f) => relative(app, f.path))
      .filter((p) => !p.startsWith('api/node_modules/'));
    expect(ours.filter((p) => /\.(map|ts)$|spec|\.test\./.test(p))).toEqual([]);

    // The generated manifest: the workspace's production dependencies, pinned, nothing else.
    const manifest = JSON.parse(readFileSync(join(app, 'api/package.json'), 'utf8'));
    const workspace = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(manifest).sort()).toEqual(['dependencies', 'main', 'name', 'version']);
    for (const [name, version] of Object.entries<string>(manifest.dependencies)) {
      expect({ name, production: name in workspace.dependencies }).toEqual({ name, production: true });
      const installed = JSON.parse(readFileSync(join(app, 'api/node_modules', name, 'package.json'), 'utf8'));
      expect({ name, version: installed.version }).toEqual({ name, version });
    }

    // No development dependency, unless a production package depends on it (nest-commander
    // brings prettier and @types/node, for instance).
    const modules = join(app, 'api/node_modules');
    const needed = new Set<string>();
    for (const f of walk(modules)) {
      if (!/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(f.path)) continue;
      let pkg: { dependencies?: object; optionalDependencies?: object };
      try {
        pkg = JSON.parse(readFileSync(f.path, 'utf8'));
      } catch {
        continue; // a test fixture of some package, not a package
      }
      for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) needed.add(dep);
    }
    const strays = Object.keys(workspace.devDependencies).filter((d) => existsSync(join(modules, d)) && !needed.has(d));
    expect(strays).toEqual([]);
    for (const tool of ['typescript', 'nx', '@nx/js', 'webpack', 'jest', 'ts-node', 'eslint', '@angular/core', 'esbuild', 'rollup']) {
      expect({ tool, present: existsSync(join(modules, tool)) }).toEqual({ tool, present: false });
    }
    // npm agrees: every production dependency satisfied, nothing extraneous.
    const ls = spawnSync('npm', ['ls', '--all', '--omit=dev'], { cwd: join(app, 'api'), encoding: 'utf8' });
    expect(ls.status).toBe(0);
    // And Node resolves nothing from outside the image's tree.
    const outside = spawnSync(process.execPath, ['-e', "require.resolve('typescript')"], { cwd: join(app, 'api') });
    expect(outside.status).not.toBe(0);

    const all = walk(app);
    expect(all.filter((f) => f.path.endsWith('.map'))).toEqual([]);
    const size = (filter: (p: string) => boolean) => megabytes(all.filter((f) => filter(f.path)).reduce((s, f) => s + f.size, 0));
    Object.assign(report, {
      app_mb: size(() => true),
      node_modules_mb: size((p) => p.includes('/node_modules/')),
      api_bundles_mb: size((p) => /\/api\/(main|cli)\.js$/.test(p)),
      console_mb: size((p) => p.includes('/admin/')),
      files: all.length,
    });
    console.log(`image /app: ${report['app_mb']} MB (node_modules ${report['node_modules_mb']} MB, console ${report['console_mb']} MB), built in ${report['build_seconds']} s`);
    expect(report['app_mb']).toBeLessThan(150);
  });

  it('runs from /app as the container does: production, JSON logs, health, the console on a portal, behind the proxy', async () => {
    const data = tempDir('ct-image-data-');
    const db = await serverDatabase();
    const port = await freePort();
    const slug = uniqueSlug('img');
    const portalHost = `${slug}.tickets.example.test`;
    // The Dockerfile's ENV and compose.yaml's environment, on a free port and a private database.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: data,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: data,
      APP_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'https://tickets.example.test',
      TENANT_BASE_DOMAIN: 'tickets.example.test',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
      ...db.env,
    };
    const cwd = join(app, 'api');
    let proc: ChildProcess | undefined;
    try {
      // The operator CLI from the image (`docker compose exec api-1 node cli.js …`).
      const created = spawnSync(process.execPath, ['cli.js', 'tenants', 'create', '--slug', slug, '--name', 'Image Co', '--admin-email', `ops@${slug}.example`, '--admin-name', 'Ops', '--json'], { cwd, env, encoding: 'utf8' });
      expect({ code: created.status, stderr: created.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(JSON.parse(created.stdout)).toMatchObject({ tenant: { slug, portal_url: `https://${portalHost}` } });

      const started = Date.now();
      let stdout = '';
      let stderr = '';
      const child = spawn(process.execPath, ['main.js'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      proc = child;
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((ok) => child.once('close', (code) => ok(code)));
      const url = `http://127.0.0.1:${port}`;
      await waitFor(
        'the server',
        async () => (await fetch(`${url}/health`)).ok || undefined,
        () => (child.exitCode !== null ? `it exited with ${child.exitCode}` : undefined),
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${stderr}\n${stdout}`);
      });
      report['start_seconds'] = Math.round((Date.now() - started) / 100) / 10;

      // The image's HEALTHCHECK, and Caddy's active check (its Host is the replica's address).
      const healthcheck = () => spawnSync(process.execPath, [join(app, 'healthcheck.js')], { env: { PATH: env['PATH'], PORT: String(port) } }).status;
      expect(healthcheck()).toBe(0);
      const probe = await send(`${url}/health`, { headers: { Host: 'api-1:3000' } });
      expect(probe.status).toBe(200);
      // Caddy's on-demand TLS question, as compose's Caddyfile asks it: yes for the tenant's portal only.
      const ask = (domain: string) => send(`${url}/internal/tls/ask?domain=${domain}`, { headers: { Host: 'api:3000' } });
      expect((await ask(portalHost)).status).toBe(200);
      expect((await ask(`nobody-${slug}.tickets.example.test`)).status).toBe(404);

      // The console on the tenant's portal, as Caddy forwards it.
      const proxied = { Host: portalHost, 'X-Forwarded-Host': portalHost, 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' };
      const page = await send(`${url}/tickets`, { headers: proxied });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.text).toContain('<ct-root></ct-root>');
      const script = /src="(main-[A-Z0-9]{8}\.js)"/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      const asset = await send(`${url}/${script}`, { headers: proxied });
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
      // Not the platform's nor another host's.
      expect((await send(`${url}/tickets`, { headers: { ...proxied, Host: 'nobody.tickets.example.test', 'X-Forwarded-Host': 'nobody.tickets.example.test' } })).status).toBe(404);

      // Logs: JSON lines only (no banner in production), the request's client from X-Forwarded-For.
      const line = await waitFor('the request log line', async () =>
        stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { req?: { url?: string; host?: string; ip?: string }; res?: { status?: number } })
          .find((l) => l.req?.url === '/tickets' && l.req.host === portalHost),
      );
      expect(line).toMatchObject({ req: { ip: '203.0.113.7' }, res: { status: 200 } });
      expect(stdout.split('\n').filter((l) => l !== '' && !l.startsWith('{'))).toEqual([]);

      // SIGTERM (docker stop): drains and exits 0; the health check then fails.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      proc = undefined;
      expect(healthcheck()).toBe(1);
    } finally {
      if (proc && proc.exitCode === null) proc.kill('SIGKILL');
      await db.drop();
      cleanup(data);
    }
  });

  describe('docker/compose.yaml', () => {
    type Service = {
      image?: string;
      build?: { context?: string; dockerfile?: string };
      environment?: Record<string, string>;
      healthcheck?: { test?: string[] };
      volumes?: string[];
      ports?: string[];
      depends_on?: Record<string, { condition?: string }>;
      networks?: { default?: { aliases?: string[] } };
      stop_grace_period?: string;
    };
    const text = readFileSync(join(DOCKER, 'compose.yaml'), 'utf8');
    // YAML 1.2 with merge keys (`<<: *api`), as compose reads it.
    const compose = load(text, { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
    const services = compose.services;
    const replicas = Object.keys(services).filter((name) => services[name].build?.dockerfile === 'docker/Dockerfile');

    it('runs two API replicas of the image, PostgreSQL, Redis and the proxy, each with a health check', () => {
      expect(replicas).toEqual(['api-1', 'api-2']);
      expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'postgres', 'proxy', 'redis']);
      for (const name of Object.keys(services)) {
        expect({ name, healthcheck: Array.isArray(services[name].healthcheck?.test) }).toEqual({ name, healthcheck: true });
      }
      for (const name of replicas) {
        const api = services[name];
        expect(api.build?.context).toBe('..');
        expect(api.healthcheck?.test).toEqual(['CMD', 'node', '/app/healthcheck.js']);
        expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
        // Reached only through the proxy; under the name the Caddyfile asks about certificates.
        expect(api.ports).toBeUndefined();
        expect(api.networks?.default?.aliases).toEqual(['api']);
        // SIGTERM drains for SHUTDOWN_TIMEOUT_SECONDS; compose waits longer before killing.
        expect(parseInt(api.stop_grace_period ?? '10', 10)).toBeGreaterThan(Number(api.environment?.['SHUTDOWN_TIMEOUT_SECONDS'] ?? 25));
      }
      expect(services['proxy'].depends_on).toEqual({ 'api-1': { condition: 'service_healthy' }, 'api-2': { condition: 'service_healthy' } });
    });

    it('configures the API for PostgreSQL, Redis and the proxy, with secrets from the environment only', () => {
      const env = services['api-1'].environment ?? {};
      expect(services['api-2'].environment).toEqual(env);
      expect(env).toMatchObject({
        NODE_ENV: 'production',
        TRUST_PROXY: '1',
        REDIS_URL: 'redis://redis:6379',
        APP_KEY: expect.stringMatching(/^\$\{APP_KEY:\?[^}]+\}$/),
        DATABASE_URL: expect.stringMatching(/^postgres:\/\/\$\{CT_DB_USER:-central_tickets\}:\$\{CT_DB_PASSWORD:\?[^}]+\}@postgres:5432\//),
        PUBLIC_BASE_URL: expect.stringMatching(/^https:\/\/\$\{PLATFORM_HOST:\?[^}]+\}$/),
        TENANT_BASE_DOMAIN: expect.stringMatching(/^\$\{TENANT_BASE_DOMAIN:\?[^}]+\}$/),
      });
      // Every variable the API reads is one app-config.ts knows.
      const config = readFileSync(join(ROOT, 'apps/api/src/core/config/app-config.ts'), 'utf8');
      for (const name of Object.keys(env)) expect({ name, known: config.includes(`  ${name}`) }).toEqual({ name, known: true });

      // No secret value anywhere: secrets are `${NAME:?…}` from docker/.env, which git ignores.
      for (const [service, def] of Object.entries(services)) {
        for (const [name, value] of Object.entries(def.environment ?? {})) {
          // A secret comes from the environment: required (`${X:?why}`) or optional and empty by default (`${X:-}`), never a value.
          if (/KEY|PASSWORD|SECRET|TOKEN/.test(name)) expect({ service, name, value }).toEqual({ service, name, value: expect.stringMatching(/^\$\{[A-Z_]+(?::\?[^}]+|:-)\}$/) });
        }
      }
      expect(text).not.toMatch(/[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=/); // a 32-byte base64 key
      const example = readFileSync(join(DOCKER, '.env.example'), 'utf8');
      expect(example).toMatch(/^APP_KEY=$/m);
      expect(example).toMatch(/^POSTGRES_PASSWORD=$/m);
      expect(example).toMatch(/^CT_DB_PASSWORD=$/m);
      // Every variable compose interpolates is in the example, set or commented out.
      const used = new Set([...text.matchAll(/(?<!\$)\$\{([A-Z_]+)/g)].map((m) => m[1]));
      for (const name of used) expect({ name, documented: new RegExp(`^(# )?${name}=`, 'm').test(example) }).toEqual({ name, documented: true });
    });

    it('keeps PostgreSQL data and Caddy certificates in volumes, and makes a non-superuser application role', () => {
      expect(Object.keys(compose.volumes).sort()).toEqual(['caddy-config', 'caddy-data', 'postgres-data']);
      const postgres = services['postgres'];
      expect(postgres.image).toMatch(/^postgres:\d+/);
      expect(postgres.volumes).toEqual(expect.arrayContaining(['postgres-data:/var/lib/postgresql/data', './postgres/initdb:/docker-entrypoint-initdb.d:ro']));
      expect(postgres.environment?.['POSTGRES_PASSWORD']).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
      const init = readFileSync(join(DOCKER, 'postgres/initdb/10-central-tickets.sh'), 'utf8');
      expect(init).toMatch(/CREATE ROLE :"role" LOGIN CREATEROLE NOSUPERUSER PASSWORD :'password';/);
      expect(init).toMatch(/CREATE DATABASE :"db" OWNER :"role";/);

      expect(services['redis'].image).toMatch(/^redis:/);
      const proxy = services['proxy'];
      expect(proxy.image).toMatch(/^caddy:2/);
      expect(proxy.ports).toEqual(['80:80', '443:443', '443:443/udp']);
      expect(proxy.volumes).toEqual(expect.arrayContaining(['./Caddyfile:/etc/caddy/Caddyfile:ro', 'caddy-data:/data', 'caddy-config:/config']));
    });
  });

  describe('docker/Caddyfile', () => {
    const caddyfile = readFileSync(join(DOCKER, 'Caddyfile'), 'utf8');

    it("asks the API's certificate route, balances over the replicas with health checks, and hides /internal", () => {
      // GET /internal/tls/ask?domain=<name> on any replica, by the alias they all carry.
      expect(caddyfile).toMatch(/on_demand_tls \{\s*ask http:\/\/api:3000\/internal\/tls\/ask\s*\}/);
      expect(caddyfile).toMatch(/^https:\/\/ \{\s*tls \{\s*on_demand\s*\}\s*import central_tickets\s*\}/m);
      expect(caddyfile).toMatch(/^\{\$PLATFORM_HOST\} \{\s*import central_tickets\s*\}/m);
      expect(caddyfile).toMatch(/reverse_proxy api-1:3000 api-2:3000 \{/);
      expect(caddyfile).toMatch(/health_uri \/health\n/);
      expect(caddyfile).toMatch(/@internal path \/internal \/internal\/\* \/metrics \/metrics\/\*\n\s*respond @internal 404/);
      // No header_up that would overwrite Caddy's own X-Forwarded-* (it drops a client's).
      expect(caddyfile).not.toMatch(/header_up\s+X-Forwarded/);
    });

    it('is valid for Caddy, when Caddy is installed', () => {
      const caddy = process.env['E2E_CADDY'] ?? ['/usr/bin/caddy', '/usr/local/bin/caddy'].find((p) => existsSync(p));
      const res = caddy
        ? spawnSync(caddy, ['validate', '--adapter', 'caddyfile', '--config', join(DOCKER, 'Caddyfile')], {
            encoding: 'utf8',
            env: { PATH: process.env['PATH'], HOME: work, PLATFORM_HOST: 'tickets.example.test', ACME_EMAIL: 'ops@example.test' },
          })
        : undefined;
      report['caddy_validated'] = Boolean(res);
      if (res) expect({ status: res.status, out: res.stderr.includes('Valid configuration') || res.stdout.includes('Valid configuration') }).toEqual({ status: 0, out: true });
      else expect(caddy).toBeUndefined();
    });
  });
});
