import type { SignupResponseDto } from '@central-tickets/contracts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../core/config/app-config';
import { loginJwt, portalHost, portalOrigin, sessionCookie } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';
import { WidgetService } from './widget.service';

/** The `frame-ancestors` sources of a CSP header. */
const frameAncestors = (csp: string | undefined) =>
  (csp ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors '))?.slice('frame-ancestors '.length).split(' ');

describe('the support widget', () => {
  // A stand-in for the console's build: the widget page's headers do not depend on its content.
  const consoleDir = mkdtempSync(join(tmpdir(), 'ct-widget-console-'));
  let t: TestApp;
  let acme: SignupResponseDto;
  let globex: SignupResponseDto;
  const acmeSite = 'https://shop.acme.example';
  const acmeApp = 'http://127.0.0.1:8080';
  const globexSite = 'https://www.globex.example';
  const acmeHost = () => portalHost(acme.tenant.slug);
  /** A fresh login token of acme (each its own jti: tokens are single use). */
  const acmeToken = (claims: Record<string, unknown> = {}) => loginJwt(acme.jwt_secret, { jti: randomUUID(), ...claims });

  const session = (token: string, origin: string, host = acmeHost()) =>
    t.http.post('/api/widget/session').set('Host', host).send({ token, origin });
  const meWith = (cookie: string) => t.http.get('/api/me').set('Host', acmeHost()).set('Cookie', cookie);
  const events = async (kind: string) =>
    (await t.http.get(`/api/tenant/security-events?kind=${kind}`).set(bearer(acme.api_token)).expect(200)).body.data as Array<Record<string, unknown>>;

  beforeAll(async () => {
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Help desk</title><ct-root></ct-root>');
    t = await startTestApp({ ADMIN_DIST_DIR: consoleDir });
    acme = await t.signup();
    globex = await t.signup();
    await t.http.post('/api/tenant/domains').set(bearer(acme.api_token)).send({ hostname: 'help.acme.example' }).expect(201);
    await t.dataSource.query(`UPDATE domains SET verified_at = now() WHERE hostname = 'help.acme.example'`);
    // Also drops the directory's cached profile, so the verification above is seen.
    await t.http.patch('/api/tenant').set(bearer(acme.api_token)).send({ allowed_origins: [acmeSite, acmeApp] }).expect(200);
    await t.http.patch('/api/tenant').set(bearer(globex.api_token)).send({ allowed_origins: [globexSite] }).expect(200);
  });
  afterAll(async () => {
    await t.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  describe('GET /widget.js', () => {
    it('serves the script for the portal it is asked on, cacheable briefly, loadable by any site', async () => {
      const res = await t.http.get('/widget.js').set('Host', acmeHost()).expect(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers['etag']).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.text).toContain(`({"portal":"${portalOrigin(acme.tenant.slug)}","tenant":"${acme.tenant.slug}"})`);
      // Another tenant's portal serves its own.
      const other = await t.http.get('/widget.js').set('Host', portalHost(globex.tenant.slug)).expect(200);
      expect(other.text).toContain(`"tenant":"${globex.tenant.slug}"`);
      expect(other.headers['etag']).not.toBe(res.headers['etag']);
    });

    it('answers 304 to a browser that has it', async () => {
      const first = await t.http.get('/widget.js').set('Host', acmeHost()).expect(200);
      const again = await t.http.get('/widget.js').set('Host', acmeHost()).set('If-None-Match', first.headers['etag']).expect(304);
      expect(again.text).toBe('');
      expect(again.headers['etag']).toBe(first.headers['etag']);
    });

    it('on a verified custom domain, points at that domain', async () => {
      const res = await t.http.get('/widget.js').set('Host', 'help.acme.example').expect(200);
      expect(res.text).toContain(`({"portal":"http://help.acme.example","tenant":"${acme.tenant.slug}"})`);
    });

    it('is not served on the platform host or an unknown host', async () => {
      expect((await t.http.get('/widget.js').expect(404)).body.code).toBe('TENANT_NOT_FOUND');
      expect((await t.http.get('/widget.js').set('Host', 'nobody.localhost:3000').expect(404)).body.code).toBe('TENANT_NOT_FOUND');
    });
  });

  describe('the widget page (/widget) may be framed by the tenant\'s sites only', () => {
    it('sends frame-ancestors with the tenant\'s allowed origins and verified domains, and no X-Frame-Options', async () => {
      const res = await t.http.get('/widget?origin=https%3A%2F%2Fshop.acme.example&mode=frame').set('Host', acmeHost()).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const sources = frameAncestors(res.headers['content-security-policy']);
      expect(sources).toEqual(["'self'", ...[acmeApp, 'http://help.acme.example', portalOrigin(acme.tenant.slug), acmeSite].sort()]);
      expect(sources).not.toContain(globexSite);
      expect(res.headers['x-frame-options']).toBeUndefined();
      // Popup mode talks to its opener: helmet's same-origin COOP would cut it off.
      expect(res.headers['cross-origin-opener-policy']).toBe('unsafe-none');
      // The rest of helmet's policy is kept.
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('another tenant\'s widget page lists that tenant\'s origins, none of acme\'s', async () => {
      const res = await t.http.get('/widget').set('Host', portalHost(globex.tenant.slug)).expect(200);
      const sources = frameAncestors(res.headers['content-security-policy']);
      expect(sources).toEqual(["'self'", portalOrigin(globex.tenant.slug), globexSite]);
    });

    it('every other console page keeps frame-ancestors \'self\' and X-Frame-Options', async () => {
      for (const path of ['/dashboard', '/settings', '/widget/other', '/tickets/1']) {
        const res = await t.http.get(path).set('Host', acmeHost()).expect(200);
        expect([path, frameAncestors(res.headers['content-security-policy'])]).toEqual([path, ["'self'"]]);
        expect([path, res.headers['x-frame-options']]).toEqual([path, 'SAMEORIGIN']);
      }
    });

    it('follows a change of allowed origins at once', async () => {
      const later = 'https://later.acme.example';
      await t.http.patch('/api/tenant').set(bearer(acme.api_token)).send({ allowed_origins: [acmeSite, acmeApp, later] }).expect(200);
      try {
        const res = await t.http.get('/widget').set('Host', acmeHost()).expect(200);
        expect(frameAncestors(res.headers['content-security-policy'])).toContain(later);
      } finally {
        await t.http.patch('/api/tenant').set(bearer(acme.api_token)).send({ allowed_origins: [acmeSite, acmeApp] }).expect(200);
      }
    });
  });

  describe('POST /api/widget/session', () => {
    it('signs the user of a signed token in, for a page on an allowed origin', async () => {
      const res = await session(acmeToken({ email: 'Rita@Customer.example', name: 'Rita Requester' }), acmeSite).expect(204);
      expect(res.headers['cache-control']).toBe('no-store');
      const cookie = sessionCookie(res) as string;
      expect(cookie).toMatch(/^ct_session=/);
      const me = (await meWith(cookie).expect(200)).body;
      expect(me).toMatchObject({ user: { email: 'rita@customer.example', name: 'Rita Requester', role: 'requester' }, auth_method: 'jwt' });
      // A verified domain and the portal itself count as the tenant's too.
      await session(acmeToken(), 'http://help.acme.example').expect(204);
      await session(acmeToken(), portalOrigin(acme.tenant.slug)).expect(204);
    });

    it('refuses a page on another origin (403 ORIGIN_NOT_ALLOWED, logged) and leaves the token unspent', async () => {
      const token = loginJwt(acme.jwt_secret, { email: 'mallory@example.com', jti: 'widget-foreign-origin' });
      for (const origin of ['https://evil.example', globexSite, 'https://shop.acme.example.evil.example', 'https://shop.acme.example/path', 'null']) {
        const res = await session(token, origin).expect(403);
        expect([origin, res.body.code]).toEqual([origin, 'ORIGIN_NOT_ALLOWED']);
        expect(sessionCookie(res)).toBeNull();
      }
      const logged = await events('origin_refused');
      expect(logged[0]).toMatchObject({ kind: 'origin_refused', method: 'jwt', code: 'ORIGIN_NOT_ALLOWED' });
      // Never spent: the same token still signs in from the right page.
      await session(token, acmeSite).expect(204);
    });

    it('refuses a call from another site\'s page (login CSRF): only the portal\'s own page may call it', async () => {
      const res = await session(acmeToken(), acmeSite).set('Origin', 'https://evil.example').expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await session(acmeToken(), acmeSite).set('Origin', portalOrigin(acme.tenant.slug)).expect(204);
    });

    it('applies every rule of JWT login: another tenant\'s secret, a replay, an expired token', async () => {
      expect((await session(loginJwt(globex.jwt_secret), acmeSite).expect(401)).body.code).toBe('TOKEN_INVALID');
      const once = loginJwt(acme.jwt_secret, { jti: 'widget-once' });
      await session(once, acmeSite).expect(204);
      expect((await session(once, acmeSite).expect(401)).body.code).toBe('TOKEN_REPLAYED');
      const old = loginJwt(acme.jwt_secret, {}, { now: new Date(Date.now() - 10 * 60_000) });
      expect((await session(old, acmeSite).expect(401)).body.code).toBe('TOKEN_EXPIRED');
    });

    it('never takes a bare email', async () => {
      const res = await t.http.post('/api/widget/session').set('Host', acmeHost()).send({ email: 'rita@customer.example', name: 'Rita', origin: acmeSite }).expect(422);
      expect(res.body.errors).toMatchObject({ token: [expect.any(String)] });
      expect(sessionCookie(res)).toBeNull();
    });

    it('validates its fields', async () => {
      const res = await t.http.post('/api/widget/session').set('Host', acmeHost()).send({ token: 42, mode: 'inline' }).expect(422);
      expect(Object.keys(res.body.errors).sort()).toEqual(['mode', 'origin', 'token']);
    });

    it('is only on portal hosts', async () => {
      expect((await t.http.post('/api/widget/session').send({ token: acmeToken(), origin: acmeSite }).expect(404)).body.code).toBe('TENANT_NOT_FOUND');
    });
  });

  describe('DELETE /api/widget/session', () => {
    it('ends the session (with the CSRF token) and clears the cookie', async () => {
      const cookie = sessionCookie(await session(acmeToken({ email: 'leaving@example.com' }), acmeSite).expect(204)) as string;
      const me = (await meWith(cookie).expect(200)).body;
      await t.http.delete('/api/widget/session').set('Host', acmeHost()).set('Cookie', cookie).expect(403);
      const res = await t.http.delete('/api/widget/session').set('Host', acmeHost()).set('Cookie', cookie).set('X-CSRF-Token', me.csrf_token).expect(204);
      expect(res.headers['set-cookie']?.[0]).toMatch(/^ct_session=;/);
      await meWith(cookie).expect(401);
      expect((await events('logout'))[0]).toMatchObject({ kind: 'logout' });
    });
  });

  describe('the session cookie over https', () => {
    const widget = (base: string) => new WidgetService(null as never, null as never, null as never, loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: base }));

    it('is Partitioned in a panel, so browsers that block third-party cookies keep it for the embedding site', () => {
      expect(widget('https://tickets.example').cookieOptions('frame')).toEqual({ httpOnly: true, path: '/', secure: true, sameSite: 'none', partitioned: true });
      expect(widget('https://tickets.example').cookieOptions(undefined)).toMatchObject({ partitioned: true });
    });

    it('is the portal\'s usual cookie in a popup (first-party), and over plain http', () => {
      expect(widget('https://tickets.example').cookieOptions('popup')).toEqual({ httpOnly: true, path: '/', secure: true, sameSite: 'none' });
      expect(widget('http://localhost:3000').cookieOptions('frame')).toEqual({ httpOnly: true, path: '/', secure: false, sameSite: 'lax' });
    });
  });
});
