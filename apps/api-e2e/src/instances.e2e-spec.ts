import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { cleanup, freePort, RunningServer, startServer, tempDir, useServerDatabase } from './support/server';
import { configureTenant, cookieOf, send, sendToPortal, SignedUpTenant, signUp, uniqueSlug } from './support/sign-in';

/*
 * Two API processes behind one address (CONTRACT §1): a one-time callback token is spent once
 * across all instances (the database), and the redirect rate limit counts across all instances
 * (Redis). Needs a PostgreSQL server (TEST_DATABASE_URL; PGlite is one process by design) and,
 * for the rate limit, Redis (E2E_REDIS_URL, default redis://127.0.0.1:6379).
 */

const DATABASE_URL = process.env['TEST_DATABASE_URL'];
const REDIS_URL = process.env['E2E_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const LIMIT = 5;
const COMPANY_ORIGIN = 'http://app.company.example:8080';

/** Whether Redis answers PING at `url` (checked synchronously: tests are registered synchronously). */
function redisAnswers(url: string): boolean {
  const probe = `
    const u = new URL(process.argv[1]);
    const s = require('node:net').connect(Number(u.port || 6379), u.hostname);
    s.setTimeout(1500, () => process.exit(1));
    s.on('error', () => process.exit(1));
    s.on('connect', () => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));`;
  return spawnSync(process.execPath, ['-e', probe, url], { timeout: 5_000 }).status === 0;
}

/**
 * A client address of its own (any 127.x.y.z reaches the server on Linux): rate limits count
 * per client IP, in a Redis shared with other runs, so each run counts from zero.
 */
function loopbackAddress(): string {
  const [x, y, z] = randomBytes(3);
  return `127.${(x % 254) + 1}.${y}.${(z % 253) + 2}`;
}

const REDIS_UP = DATABASE_URL !== undefined && redisAnswers(REDIS_URL);

if (!DATABASE_URL) {
  describe('two API instances', () => {
    it('need a PostgreSQL server (TEST_DATABASE_URL): the embedded database admits one process', () => {
      // Not applicable on PGlite: a second process on the same data is refused by design
      // (quick-start.e2e-spec.ts proves that). `.ci/run` runs this file again on PostgreSQL.
      expect(process.env['TEST_DATABASE_URL']).toBeUndefined();
    });
  });
} else {
  describe('two API instances on one PostgreSQL database', () => {
    const db = useServerDatabase();
    const dirs = [tempDir(), tempDir()];
    const appKey = randomBytes(32).toString('base64');
    const ips: string[] = [];
    const ip = () => {
      const a = loopbackAddress();
      ips.push(a);
      return a;
    };
    let a: RunningServer;
    let b: RunningServer;
    let tenant: SignedUpTenant;

    beforeAll(async () => {
      const portA = await freePort();
      const portB = await freePort();
      const env = {
        SEED_DEMO: 'false',
        APP_KEY: appKey,
        // One public address for both, as behind a load balancer: the portal is {slug}.localhost:{portA}.
        PUBLIC_BASE_URL: `http://localhost:${portA}`,
        RATE_LIMIT_REDIRECT_PER_HOUR: String(LIMIT),
        ...db.env(),
        ...(REDIS_UP && { REDIS_URL }),
      };
      // One after the other: the first runs the migrations.
      a = await startServer({ dataDir: dirs[0], env: { ...env, PORT: String(portA) } });
      b = await startServer({ dataDir: dirs[1], env: { ...env, PORT: String(portB) } });
      const admin = ip();
      tenant = await signUp(a, uniqueSlug('multi'), { localAddress: admin });
      await configureTenant(a, tenant, { allowed_origins: [COMPANY_ORIGIN], redirect_auth: 'origin' }, { localAddress: admin });
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      dirs.forEach(cleanup);
      if (REDIS_UP) {
        // This run's counters only (other runs may be counting in the same Redis).
        const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
        await redis.connect();
        for (const address of ips) {
          const keys = await redis.keys(`ct:rl:*:${address}:*`);
          if (keys.length) await redis.del(...keys);
        }
        await redis.quit();
      }
    });

    it('spends a callback token once across instances: issued on A, redeemed on B, then TOKEN_REPLAYED on A', async () => {
      const client = ip();
      const issued = await send(`${a.url}/api/test/auth/redirect/${tenant.slug}`, {
        method: 'POST',
        localAddress: client,
        headers: { Origin: COMPANY_ORIGIN },
        body: { email: 'alan.turing@company.example', name: 'Alan Turing' },
      });
      expect(issued.status).toBe(200);
      const { redirect_url, token } = issued.json<{ redirect_url: string; token: string }>();
      expect(issued.json()).toEqual({ redirect_url, token, expires_in: 120, expires_at: expect.any(String) });
      expect(redirect_url).toBe(`${tenant.portal}/auth/callback?token=${encodeURIComponent(token)}`);

      // Redeemed on B, which never saw the token being issued.
      const onB = await sendToPortal(b, redirect_url, { localAddress: client });
      expect(onB.status).toBe(302);
      expect(onB.headers['location']).toBe(`${tenant.portal}/dashboard`);
      const cookie = cookieOf(onB, 'ct_session');
      expect(cookie).toBeDefined();

      // The session begun on B is known to A.
      const me = await sendToPortal(a, `${tenant.portal}/api/me`, { localAddress: client, headers: { Cookie: cookie?.pair as string } });
      expect(me.status).toBe(200);
      expect(me.json()).toMatchObject({ user: { email: 'alan.turing@company.example', name: 'Alan Turing' }, tenant: { slug: tenant.slug } });

      // The same token on A afterwards: already spent.
      const onA = await sendToPortal(a, redirect_url, { localAddress: client, headers: { Accept: 'application/json' } });
      expect(onA.status).toBe(401);
      expect(onA.json()).toMatchObject({ code: 'TOKEN_REPLAYED' });
      expect(cookieOf(onA, 'ct_session')).toBeUndefined();
      // And a browser gets the friendly page, on B as well.
      const page = await sendToPortal(b, redirect_url, { localAddress: client, headers: { Accept: 'text/html' } });
      expect(page.status).toBe(401);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('TOKEN_REPLAYED');
    });

    if (REDIS_UP) {
      it(`counts redirects per client IP across instances in Redis: the ${LIMIT + 1}th overall is 429 RATE_LIMITED`, async () => {
        const client = ip();
        const redirect = (server: RunningServer, from = client) =>
          send(`${server.url}/api/auth/redirect/${tenant.slug}`, {
            method: 'POST',
            localAddress: from,
            headers: { Origin: COMPANY_ORIGIN },
            body: { email: 'grace@company.example', name: 'Grace' },
          });

        const remaining: Array<string | string[] | undefined> = [];
        for (let i = 0; i < LIMIT; i++) {
          const res = await redirect(i % 2 === 0 ? a : b);
          expect(res.status).toBe(302);
          expect(res.headers['location']).toMatch(new RegExp(`^${tenant.portal.replace(/\./g, '\\.')}/auth/callback\\?token=`));
          expect(res.headers['x-ratelimit-limit']).toBe(String(LIMIT));
          remaining.push(res.headers['x-ratelimit-remaining']);
        }
        // A, B, A, B, A: one count, whichever instance answered.
        expect(remaining).toEqual(['4', '3', '2', '1', '0']);

        const limited = await redirect(b);
        expect(limited.status).toBe(429);
        const body = limited.json<{ retry_after: number }>();
        expect(body).toMatchObject({ message: 'Too many requests.', code: 'RATE_LIMITED', retry_after: expect.any(Number) });
        expect(body.retry_after).toBeGreaterThan(0);
        expect(body.retry_after).toBeLessThanOrEqual(3600);
        expect(limited.headers['retry-after']).toBe(String(body.retry_after));
        expect(limited.headers['x-ratelimit-remaining']).toBe('0');
        expect(limited.headers['location']).toBeUndefined();

        // Refused on A as well.
        const onA = await redirect(a);
        expect(onA.status).toBe(429);
        expect(onA.json()).toMatchObject({ code: 'RATE_LIMITED' });

        // Another client IP has a count of its own.
        const other = await redirect(a, ip());
        expect(other.status).toBe(302);
        expect(other.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));

        // The count lives in Redis, under the documented prefix.
        const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
        await redis.connect();
        try {
          expect((await redis.keys(`ct:rl:*:${client}:*`)).length).toBeGreaterThan(0);
        } finally {
          await redis.quit();
        }
      });
    } else {
      it(`counts the redirect rate limit across instances only with Redis: none answers at ${REDIS_URL}`, () => {
        // Without REDIS_URL each instance counts in its own memory (CONTRACT §1: shared only with Redis).
        expect(redisAnswers(REDIS_URL)).toBe(false);
      });
    }
  });

  describe('two API instances starting together on an empty database', () => {
    const db = useServerDatabase();
    const dirs = [tempDir(), tempDir()];
    const appKey = randomBytes(32).toString('base64');
    let servers: RunningServer[] = [];
    const LEADS = 'this instance runs the background jobs';
    const leaders = () => servers.filter((s) => s.logs().some((l) => l['msg'] === LEADS));
    const sql = async <T>(text: string): Promise<T[]> => {
      const client = new Client({ connectionString: db.env()['DATABASE_URL'] });
      await client.connect();
      try {
        await client.query(`SET search_path TO "${db.env()['DATABASE_SCHEMA']}"`);
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      const env = { SEED_DEMO: 'true', APP_KEY: appKey, ...db.env() };
      const ports = [await freePort(), await freePort()];
      // At the same moment: both migrate-and-seed at start.
      servers = await Promise.all(dirs.map((dir, i) => startServer({ dataDir: dir, env: { ...env, PORT: String(ports[i]) } })));
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      dirs.forEach(cleanup);
    });

    it('runs each migration once and seeds the demo tenant once', async () => {
      const migrations = await sql<{ name: string; n: string }>('SELECT name, count(*) AS n FROM typeorm_migrations GROUP BY name');
      const files = readdirSync(join(__dirname, '../../api/src/migrations')).filter((f) => /^\d+-.+\.ts$/.test(f));
      expect(migrations).toHaveLength(files.length);
      expect(migrations.every((m) => m.n === '1')).toBe(true);
      expect(await sql<{ n: string }>(`SELECT count(*) AS n FROM tenants WHERE slug = 'demo'`)).toEqual([{ n: '1' }]);
      expect(await sql<{ n: string }>(`SELECT count(*) AS n FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = 'demo' AND u.role = 'admin'`)).toEqual([{ n: '1' }]);
      for (const s of servers) expect((await send(`${s.url}/health`)).status).toBe(200);
    });

    it('drops a revoked API token on the other instance at once (cache invalidation)', async () => {
      const [a, b] = servers as [RunningServer, RunningServer];
      const tenant = await signUp(a, uniqueSlug('cache'));
      const created = await send(`${a.url}/api/tenant/api-tokens`, { method: 'POST', headers: { Authorization: `Bearer ${tenant.apiToken}` }, body: { name: 'short-lived', scopes: ['tickets:read'] } });
      const token = created.json<{ id: string; token: string }>();
      // B authenticates it (and keeps it in its cache for a minute) ...
      expect((await send(`${b.url}/api/tickets`, { headers: { Authorization: `Bearer ${token.token}` } })).status).toBe(200);
      // ... A revokes it, and B refuses it on the very next request.
      expect((await send(`${a.url}/api/tenant/api-tokens/${token.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${tenant.apiToken}` } })).status).toBe(204);
      await new Promise((r) => setTimeout(r, 200)); // the notification's trip between processes
      expect((await send(`${b.url}/api/tickets`, { headers: { Authorization: `Bearer ${token.token}` } })).status).toBe(401);
    });

    it('runs the background jobs on one instance at a time, and hands them over when it stops', async () => {
      const deadline = Date.now() + 10_000;
      while (leaders().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(leaders()).toHaveLength(1);
      const [leader] = leaders() as [RunningServer];
      const other = servers.find((s) => s !== leader) as RunningServer;
      expect(await leader.stop()).toBe(0);
      const handover = Date.now() + 10_000;
      while (!other.logs().some((l) => l['msg'] === LEADS) && Date.now() < handover) await new Promise((r) => setTimeout(r, 200));
      expect(other.logs().filter((l) => l['msg'] === LEADS)).toHaveLength(1);
    });
  });
}
