import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { cleanup, RunningServer, startServer, tempDir, useServerDatabase } from './support/server';
import { configureTenant, cookieOf, send, sendToPortal, SignedUpTenant, signUp, uniqueSlug } from './support/sign-in';

/*
 * The server-side examples of the first integration guide (seeds/000_*.txt), run as printed
 * against the production build: the Node.js JWT example and the Python redirect example.
 */

// ---- seeds/000, "JWT Token Generation", "Node.js example" (the OCR's garbling undone, nothing else) ----
function generateJWToken(email: string, name: string, tenantSecret: string) {
  const payload = {
    email: email,
    name: name,
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + (2 * 60), // 2 minutes
  };

  return jwt.sign(payload, tenantSecret, { algorithm: 'HS256' });
}
// ---- end of the guide's code ----

/** seeds/000, "Python:", as printed; only the URL is this server's. */
const pythonExample = (apiOrigin: string) => `import sys

import requests


def redirect(location):
    # Stand-in for the web framework's redirect() the guide returns (Flask's): this script
    # prints where the user's browser would be sent.
    return location


# ---- seeds/000, "Python:" (the OCR's garbling undone; the URL is this server's) ----
def redirect_to_tickets(email, name, tenant_slug, redirect_url):
    response = requests.post(
        f"${apiOrigin}/api/auth/redirect/{tenant_slug}",
        json={
            "email": email,
            "name": name,
            "redirect_url": redirect_url
        },
        allow_redirects=False
    )

    if response.status_code == 302:
        redirect_url = response.headers.get('Location')
        return redirect(redirect_url)
# ---- end of the guide's code ----


print(redirect_to_tickets(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]))
`;

/** Debian's interpreter, which has python3-requests (the pyenv one on PATH may not). */
const PYTHON = process.env['E2E_PYTHON'] ?? '/usr/bin/python3';

describe("the first guide's server-side examples (seeds/000)", () => {
  const dataDir = tempDir();
  const db = useServerDatabase();
  let server: RunningServer;
  let tenant: SignedUpTenant;

  beforeAll(async () => {
    server = await startServer({ dataDir, env: { SEED_DEMO: 'false', ...db.env() } });
    tenant = await signUp(server, uniqueSlug('seeds'));
  });
  afterAll(async () => {
    await server?.stop();
    cleanup(dataDir);
  });

  describe('Node.js: generateJWToken + POST /api/jwt/login', () => {
    it('signs the user in: the one-time redirect_url lands on the portal with a session of that user', async () => {
      const token = generateJWToken('grace.hopper@company.example', 'Grace Hopper', tenant.jwtSecret);
      const claims = jwt.decode(token, { complete: true });
      expect(claims?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(claims?.payload).toEqual({ email: 'grace.hopper@company.example', name: 'Grace Hopper', iat: expect.any(Number), exp: expect.any(Number) });

      // The guide's loginToTickets(): POST {token, tenant_slug}, then window.location.href = result.redirect_url.
      const login = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
      expect(login.status).toBe(200);
      const result = login.json<{ success: boolean; redirect_url: string; user: { id: string; email: string; name: string } }>();
      expect(result).toEqual({
        success: true,
        redirect_url: expect.stringMatching(/\/auth\/callback\?token=[^&]+$/),
        user: { id: expect.any(String), email: 'grace.hopper@company.example', name: 'Grace Hopper' },
      });
      expect(result.redirect_url.startsWith(`${tenant.portal}/auth/callback?token=`)).toBe(true);
      // On the platform host no cookie is set: it would be useless to the portal.
      expect(login.headers['set-cookie']).toBeUndefined();

      const callback = await sendToPortal(server, result.redirect_url);
      expect(callback.status).toBe(302);
      expect(callback.headers['location']).toBe(`${tenant.portal}/dashboard`);
      const cookie = cookieOf(callback, 'ct_session');
      expect(cookie).toBeDefined();
      expect(cookie?.attributes).toMatch(/HttpOnly/);

      const me = await sendToPortal(server, `${tenant.portal}/api/me`, { headers: { Cookie: cookie?.pair as string } });
      expect(me.status).toBe(200);
      expect(me.json()).toMatchObject({
        user: { id: result.user.id, email: 'grace.hopper@company.example', name: 'Grace Hopper' },
        tenant: { slug: tenant.slug, name: tenant.name },
      });
      // Without the cookie the portal does not know the caller.
      const anonymous = await sendToPortal(server, `${tenant.portal}/api/me`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

      // The one-time URL works once.
      const again = await sendToPortal(server, result.redirect_url, { headers: { Accept: 'application/json' } });
      expect(again.status).toBe(401);
      expect(again.json()).toMatchObject({ code: 'TOKEN_REPLAYED' });
      expect(cookieOf(again, 'ct_session')).toBeUndefined();
    });

    it('refuses the same token a second time: 401 TOKEN_REPLAYED with success: false', async () => {
      const token = generateJWToken('ada@company.example', 'Ada Lovelace', tenant.jwtSecret);
      const first = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
      expect(first.status).toBe(200);
      expect(first.json()).toMatchObject({ success: true });

      const replay = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
      expect(replay.status).toBe(401);
      expect(replay.json()).toMatchObject({ success: false, code: 'TOKEN_REPLAYED', correlation_id: replay.headers['x-correlation-id'] });
      expect(replay.json()).not.toHaveProperty('redirect_url');
    });

    it('refuses a token signed with another secret: 401 TOKEN_INVALID with success: false', async () => {
      const token = generateJWToken('ada@company.example', 'Ada Lovelace', `${tenant.jwtSecret}x`);
      const res = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ success: false, code: 'TOKEN_INVALID' });
    });
  });

  describe('Python: redirect_to_tickets with requests', () => {
    const dir = tempDir('ct-e2e-py-');
    const script = join(dir, 'redirect_to_tickets.py');
    afterAll(() => cleanup(dir));

    const run = (email: string, name: string, redirectUrl: string) => {
      const res = spawnSync(PYTHON, [script, email, name, tenant.slug, redirectUrl], {
        encoding: 'utf8',
        timeout: 20_000,
        // No proxy between the script and the server.
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_PROXY: '*', no_proxy: '*', PYTHONIOENCODING: 'utf-8' },
      });
      if (res.status !== 0) throw new Error(`${PYTHON} exited with ${res.status}: ${res.error?.message ?? ''}\n${res.stderr}`);
      return res.stdout.trim();
    };

    beforeAll(() => {
      if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: apt-get install -y python3 python3-requests`);
      writeFileSync(script, pythonExample(server.url));
      const probe = spawnSync(PYTHON, ['-c', 'import requests'], { encoding: 'utf8' });
      if (probe.status !== 0) throw new Error(`python3 has no requests module: apt-get install -y python3-requests\n${probe.stderr}`);
    });

    it("in the default 'origin' mode, a server without Origin or API token is not let in (the script gets no 302)", async () => {
      await configureTenant(server, tenant, { redirect_auth: 'origin' });
      expect(run('linus@company.example', 'Linus', `${tenant.portal}/dashboard`)).toBe('None');
    });

    it("in 'open' mode, the script gets the portal callback URL and following it signs the user in", async () => {
      await configureTenant(server, tenant, { redirect_auth: 'open' });
      const target = `${tenant.portal}/tickets/new`;
      const location = run('Margaret.Hamilton@Company.example', 'Margaret Hamilton', target);
      expect(location.startsWith(`${tenant.portal}/auth/callback?token=`)).toBe(true);
      expect(location).toMatch(/^\S+$/);

      // Where the integrator's app sends the browser: the portal begins the session.
      const callback = await sendToPortal(server, location);
      expect(callback.status).toBe(302);
      expect(callback.headers['location']).toBe(target);
      const cookie = cookieOf(callback, 'ct_session');
      expect(cookie).toBeDefined();
      const me = await sendToPortal(server, `${tenant.portal}/api/me`, { headers: { Cookie: cookie?.pair as string } });
      expect(me.status).toBe(200);
      const body = me.json<{ user: { email: string; name: string }; tenant: { slug: string } }>();
      expect(body).toMatchObject({ user: { name: 'Margaret Hamilton' }, tenant: { slug: tenant.slug } });
      // Emails are compared case-insensitively (CONTRACT §1).
      expect(body.user.email.toLowerCase()).toBe('margaret.hamilton@company.example');
    });
  });
});
