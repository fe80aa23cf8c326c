import type { SignupResponseDto } from '@central-tickets/contracts';
import { followCallback, loginJwt, portalHost, sessionCookie } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';
import { SessionsService } from './sessions.service';

describe('portal sessions (GET /api/me, POST /api/logout)', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;
  const host = () => portalHost(acme.tenant.slug);

  /** Signs a user in through JWT login and the callback; returns the session cookie. */
  const signIn = async (email = 'session@example.com', tenant = acme) => {
    const res = await t.http.post('/api/jwt/login')
      .send({ token: loginJwt(tenant.jwt_secret, { email, jti: `${email}-${Math.random()}` }, { now: t.clock.now() }), tenant_slug: tenant.tenant.slug })
      .expect(200);
    return sessionCookie(await followCallback(t, res.body.redirect_url).expect(302)) as string;
  };
  const me = (cookie: string | null, h = host()) => {
    const req = t.http.get('/api/me').set('Host', h);
    return cookie ? req.set('Cookie', cookie) : req;
  };

  beforeAll(async () => {
    t = await startTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' });
    acme = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  it('answers 401 UNAUTHENTICATED without a session, or with an unknown cookie', async () => {
    for (const cookie of [null, 'ct_session=nonsense', `ct_session=${'A'.repeat(43)}`]) {
      const res = await me(cookie).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 404 TENANT_NOT_FOUND on the platform host and on unknown hosts', async () => {
    const cookie = await signIn();
    for (const h of ['localhost:3000', 'nobody.localhost:3000', 'elsewhere.example']) {
      expect((await me(cookie, h).expect(404)).body.code).toBe('TENANT_NOT_FOUND');
    }
  });

  it('keeps a session on its tenant\'s host: the cookie is worthless on another tenant\'s portal', async () => {
    const cookie = await signIn();
    await me(cookie).expect(200);
    expect((await me(cookie, portalHost(other.tenant.slug)).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('ends after the idle period without requests, and is kept alive by use', async () => {
    const cookie = await signIn();
    t.clock.advance(25 * 60_000);
    await me(cookie).expect(200); // touches the session: idle expiry moves on
    t.clock.advance(25 * 60_000);
    await me(cookie).expect(200);
    t.clock.advance(31 * 60_000);
    await me(cookie).expect(401);
  });

  it('ends at the absolute expiry however active', async () => {
    const cookie = await signIn();
    for (const minutes of [20, 20, 20, 20, 20, 15]) {
      t.clock.advance(minutes * 60_000);
      await me(cookie).expect(200);
    }
    t.clock.advance(6 * 60_000); // 121 minutes after sign-in
    await me(cookie).expect(401);
  });

  it('logs out with the CSRF token: 403 without it, 204 with it; the session is gone everywhere', async () => {
    const cookie = await signIn('logout@example.com');
    const { csrf_token } = (await me(cookie).expect(200)).body;
    const refused = await t.http.post('/api/logout').set('Host', host()).set('Cookie', cookie).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await t.http.post('/api/logout').set('Host', host()).set('Cookie', cookie).set('X-CSRF-Token', 'wrong').expect(403);
    const other = await signIn('logout-other@example.com');
    const otherToken = (await me(other).expect(200)).body.csrf_token;
    await t.http.post('/api/logout').set('Host', host()).set('Cookie', cookie).set('X-CSRF-Token', otherToken).expect(403);

    const res = await t.http.post('/api/logout').set('Host', host()).set('Cookie', cookie).set('X-CSRF-Token', csrf_token).expect(204);
    expect(([] as string[]).concat(res.headers['set-cookie']).join()).toMatch(/ct_session=;.*Expires=Thu, 01 Jan 1970/);
    await me(cookie).expect(401);
    await me(other).expect(200);
    const log = (await t.http.get('/api/tenant/security-events?kind=logout').set(bearer(acme.api_token)).expect(200)).body.data;
    expect(log.length).toBeGreaterThan(0);
  });

  it('refuses a deactivated user\'s session', async () => {
    const cookie = await signIn('deactivated@example.com');
    await t.dataSource.query(`UPDATE users SET is_active = false WHERE lower(email) = 'deactivated@example.com'`);
    await me(cookie).expect(401);
    const login = await t.http.post('/api/jwt/login')
      .send({ token: loginJwt(acme.jwt_secret, { email: 'deactivated@example.com', jti: 'deact' }), tenant_slug: acme.tenant.slug })
      .expect(403);
    expect(login.body).toMatchObject({ success: false, code: 'FORBIDDEN' });
  });

  it('stores only the hash of a session id', async () => {
    const cookie = await signIn('hashed@example.com');
    const raw = cookie.split('=')[1] as string;
    const rows: Array<{ id_hash: Buffer }> = await t.dataSource.query(`SELECT id_hash FROM sessions`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => Buffer.from(r.id_hash).toString('base64url') === raw || Buffer.from(r.id_hash).toString('utf8') === raw)).toBe(false);
  });

  it('purges expired sessions and spent tokens that can no longer be presented', async () => {
    await signIn('purge@example.com');
    const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    expect(await count('sessions')).toBeGreaterThan(0);
    expect(await count('consumed_tokens')).toBeGreaterThan(0);
    t.clock.advance(3 * 3_600_000);
    const purged = await t.app.get(SessionsService).purgeExpired();
    expect(purged.sessions).toBeGreaterThan(0);
    expect(purged.tokens).toBeGreaterThan(0);
    expect(await count('sessions')).toBe(0);
    expect(await count('consumed_tokens')).toBe(0);
  });
});

describe('session cookie over https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://tickets.example.test', TENANT_BASE_DOMAIN: 'tickets.example.test' });
  });
  afterAll(() => t.close());

  it('is __Host-ct_session; Secure; HttpOnly; SameSite=None; Path=/, host-only', async () => {
    const tenant = await t.signup();
    const res = await t.http.post('/api/jwt/login').set('Host', `${tenant.tenant.slug}.tickets.example.test`)
      .send({ token: loginJwt(tenant.jwt_secret) }).expect(200);
    expect(res.body.redirect_url).toMatch(new RegExp(`^https://${tenant.tenant.slug}\\.tickets\\.example\\.test/auth/callback\\?token=`));
    const cookie = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('__Host-ct_session=')) as string;
    const attributes = cookie.split('; ').slice(1);
    expect(attributes.filter((a) => !a.startsWith('Expires=')).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=None', 'Secure']);
    expect(attributes.some((a) => a.startsWith('Expires='))).toBe(true);
    await t.http.get('/api/me').set('Host', `${tenant.tenant.slug}.tickets.example.test`).set('Cookie', cookie.split(';')[0] as string).expect(200);
  });
});
