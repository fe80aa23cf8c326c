import type { SignupResponseDto } from '@central-tickets/contracts';
import { InvalidationService } from '../core/cache/invalidation.service';
import { callbackToken, followCallback, loginJwt, portalHost, portalOrigin, sessionCookie } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';

const APP_ORIGIN = 'https://app.acme.example';

describe('authentication redirect (POST /api/auth/redirect/{tenant_slug})', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;
  const slug = () => acme.tenant.slug;
  const post = (body: Record<string, unknown>, headers: Record<string, string> = { Origin: APP_ORIGIN }) =>
    t.http.post(`/api/auth/redirect/${slug()}`).set(headers).send(body);
  const settings = (body: Record<string, unknown>) =>
    t.http.patch('/api/tenant').set(bearer(acme.api_token)).send(body).expect(200);
  const events = async (tenant = acme) =>
    (await t.http.get('/api/tenant/security-events').set(bearer(tenant.api_token)).expect(200)).body.data as Array<Record<string, unknown>>;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_REDIRECT_PER_HOUR: '100000' });
    acme = await t.signup();
    other = await t.signup();
    await settings({ allowed_origins: [APP_ORIGIN] });
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  describe('success', () => {
    it('302s to the portal callback with a one-time token, which signs the user in and lands on /dashboard', async () => {
      const res = await post({ email: 'Jane@Example.com', name: 'Jane Doe' }).expect(302);
      expect(res.headers['location']).toMatch(new RegExp(`^${portalOrigin(slug())}/auth/callback\\?token=v1\\.`));
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');

      const landed = await followCallback(t, res.headers['location']).expect(302);
      expect(landed.headers['location']).toBe(`${portalOrigin(slug())}/dashboard`);
      expect(landed.headers['referrer-policy']).toBe('no-referrer');
      expect(landed.headers['cache-control']).toBe('no-store');
      const setCookie = ([] as string[]).concat(landed.headers['set-cookie']).join('\n');
      expect(setCookie).toMatch(/^ct_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/m);
      expect(setCookie).not.toMatch(/Domain=/i);

      const me = await t.http.get('/api/me').set('Host', portalHost(slug())).set('Cookie', sessionCookie(landed) as string).expect(200);
      expect(me.body).toMatchObject({
        user: { email: 'jane@example.com', name: 'Jane Doe', role: 'requester' },
        tenant: { id: acme.tenant.id, slug: slug(), name: acme.tenant.name },
        auth_method: 'redirect',
      });
      expect(me.body.csrf_token).toEqual(expect.any(String));
    });

    it('takes the guides\' HTML form post (application/x-www-form-urlencoded)', async () => {
      const res = await t.http
        .post(`/api/auth/redirect/${slug()}`)
        .set('Origin', APP_ORIGIN)
        .type('form')
        .send({ email: 'form@example.com', name: 'Form User', redirect_url: `${APP_ORIGIN}/support` })
        .expect(302);
      const landed = await followCallback(t, res.headers['location']).expect(302);
      expect(landed.headers['location']).toBe(`${APP_ORIGIN}/support`);
    });

    it('updates the name of a user it knows by email, whatever the case', async () => {
      const first = await post({ email: 'same@example.com', name: 'First Name' }).expect(302);
      const second = await post({ email: 'SAME@example.com', name: 'Second Name' }).expect(302);
      const meOf = async (location: string) => {
        const landed = await followCallback(t, location).expect(302);
        return (await t.http.get('/api/me').set('Host', portalHost(slug())).set('Cookie', sessionCookie(landed) as string)).body.user;
      };
      const a = await meOf(first.headers['location']);
      const b = await meOf(second.headers['location']);
      expect(b.id).toBe(a.id);
      expect(b.name).toBe('Second Name');
    });
  });

  describe('bad input', () => {
    it('names each missing or invalid field (422)', async () => {
      const res = await post({}).expect(422);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { email: ['The email field is required.'], name: ['The name field is required.'] },
      });
      const bad = await post({ email: 'not-an-email', name: 'x'.repeat(256) }).expect(422);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['email', 'name']);
      const blank = await post({ email: 'a@example.com', name: '   ' }).expect(422);
      expect(blank.body.errors.name).toEqual(['The name field is required.']);
    });

    it('answers an unknown tenant with 404 TENANT_NOT_FOUND', async () => {
      const res = await t.http.post('/api/auth/redirect/nobody-here').send({ email: 'a@example.com', name: 'A' }).expect(404);
      expect(res.body).toMatchObject({ code: 'TENANT_NOT_FOUND', message: 'Tenant not found.' });
      for (const slug of ['%00', 'a%00b', 'UPPER', 'x'.repeat(60), '%E2%80%AE']) {
        const odd = await t.http.post(`/api/auth/redirect/${slug}`).send({ email: 'a@example.com', name: 'A' });
        expect([slug, odd.status, odd.body.code]).toEqual([slug, 404, 'TENANT_NOT_FOUND']);
      }
      // The router's own limits answer in the envelope too.
      const long = await t.http.post(`/api/auth/redirect/${'x'.repeat(300)}`).send({ email: 'a@example.com', name: 'A' }).expect(414);
      expect(long.body).toMatchObject({ code: 'BAD_REQUEST', message: 'The request URL is too long.', correlation_id: long.headers['x-correlation-id'] });
      const malformed = await t.http.post('/api/auth/redirect/%E0%A4%A').send({ email: 'a@example.com', name: 'A' }).expect(400);
      expect(malformed.body).toMatchObject({ code: 'BAD_REQUEST', correlation_id: expect.any(String) });
    });
  });

  describe('redirect_url: never an open redirect', () => {
    it.each([
      ['javascript:alert(1)'],
      ['//evil.example/'],
      ['https://evil.example/'],
      ['/dashboard'],
      ['https://app.acme.example@evil.example/'],
      ['https://@evil.example/'],
      ['https://evil.example\\@app.acme.example/'],
      ['https://app.acme.example\\evil.example/'],
      ['https://app.acme.example /x'],
      ['data:text/html,hi'],
      ['https://app.acme.example.evil.example/'],
      ['http://app.acme.example/'],
    ])('refuses %s with 422 on redirect_url', async (url) => {
      const res = await post({ email: 'a@example.com', name: 'A', redirect_url: url }).expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['redirect_url']);
    });

    it('refuses another tenant\'s portal', async () => {
      const res = await post({ email: 'a@example.com', name: 'A', redirect_url: `${portalOrigin(other.tenant.slug)}/dashboard` }).expect(422);
      expect(res.body.errors.redirect_url).toBeDefined();
    });

    it('accepts the tenant\'s own portal and allowed origins', async () => {
      for (const url of [`${portalOrigin(slug())}/tickets/new?x=1`, `${APP_ORIGIN}/account/support#top`]) {
        const res = await post({ email: 'a@example.com', name: 'A', redirect_url: url }).expect(302);
        expect(new URL(res.headers['location']).host).toBe(portalHost(slug()));
        const landed = await followCallback(t, res.headers['location']).expect(302);
        expect(landed.headers['location']).toBe(url);
      }
    });

    it('refuses a custom domain that is not verified (403 DOMAIN_NOT_VERIFIED), and binds a verified one', async () => {
      await t.http.post('/api/tenant/domains').set(bearer(acme.api_token)).send({ hostname: 'help.acme.example' }).expect(201);
      const refused = await post({ email: 'a@example.com', name: 'A', redirect_url: 'http://help.acme.example/dashboard' }).expect(403);
      expect(refused.body.code).toBe('DOMAIN_NOT_VERIFIED');

      // Verification itself is DNS (domains suite); here the row is marked verified directly.
      await t.dataSource.query(`UPDATE domains SET verified_at = now() WHERE hostname = 'help.acme.example'`);
      await t.app.get(InvalidationService).publish(t.dataSource.manager, { kind: 'tenant', tenantId: acme.tenant.id });
      const res = await post({ email: 'a@example.com', name: 'A', redirect_url: 'http://help.acme.example/dashboard' }).expect(302);
      expect(res.headers['location']).toMatch(/^http:\/\/help\.acme\.example\/auth\/callback\?token=/);
      // The token is bound to that host: the subdomain will not take it.
      const wrongHost = await t.http.get(`/auth/callback?token=${encodeURIComponent(callbackToken(res.headers['location']))}`)
        .set('Host', portalHost(slug())).set('Accept', 'application/json').expect(401);
      expect(wrongHost.body.code).toBe('TOKEN_INVALID');
      const landed = await followCallback(t, res.headers['location']).expect(302);
      expect(landed.headers['location']).toBe('http://help.acme.example/dashboard');
    });
  });

  describe('trust modes', () => {
    afterAll(() => settings({ redirect_auth: 'origin' }));

    it('origin: takes an allowed Origin, or an allowed Referer when there is no Origin', async () => {
      await settings({ redirect_auth: 'origin' });
      await post({ email: 'a@example.com', name: 'A' }, { Origin: APP_ORIGIN }).expect(302);
      await post({ email: 'a@example.com', name: 'A' }, { Referer: `${APP_ORIGIN}/some/page?x=1` }).expect(302);
    });

    it('origin: refuses a foreign origin, a missing one and an opaque one (403 ORIGIN_NOT_ALLOWED), and logs it', async () => {
      for (const headers of [{ Origin: 'https://evil.example' }, {}, { Origin: 'null' }, { Referer: 'https://evil.example/' }]) {
        const res = await post({ email: 'victim@example.com', name: 'V' }, headers).expect(403);
        expect(res.body.code).toBe('ORIGIN_NOT_ALLOWED');
      }
      const refused = (await events()).find((e) => e.kind === 'origin_refused' && e.origin === 'https://evil.example');
      expect(refused).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', email: 'victim@example.com', ip: expect.any(String) });
      expect(refused?.correlation_id).toEqual(expect.any(String));
    });

    it('shows a browser whose form post is refused a page, not JSON', async () => {
      const res = await t.http.post(`/api/auth/redirect/${slug()}`).type('form')
        .set({ Origin: 'https://evil.example', Referer: 'https://evil.example/help', 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' })
        .send({ email: 'a@example.com', name: 'A' }).expect(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('This origin is not allowed for this tenant.');
      expect(res.text).toContain('ORIGIN_NOT_ALLOWED');
      expect(res.text).toContain('href="https://evil.example/help"');
      expect(res.text).toContain(res.headers['x-correlation-id']);
    });

    it('origin: a server without Origin may vouch with the tenant\'s API token, in either header; another tenant\'s is 401', async () => {
      await post({ email: 'a@example.com', name: 'A' }, bearer(acme.api_token)).expect(302);
      await post({ email: 'a@example.com', name: 'A' }, { 'X-Tenant-API-Token': acme.api_token }).expect(302);
      const foreign = await post({ email: 'a@example.com', name: 'A' }, bearer(other.api_token)).expect(401);
      expect(foreign.body.code).toBe('INVALID_API_TOKEN');
    });

    it('signed: refuses email and name (403 SIGNATURE_REQUIRED) and takes a signed token or the API token', async () => {
      await settings({ redirect_auth: 'signed' });
      const refused = await post({ email: 'a@example.com', name: 'A' }).expect(403);
      expect(refused.body.code).toBe('SIGNATURE_REQUIRED');
      const token = loginJwt(acme.jwt_secret, { email: 'signed@example.com', name: 'Signed User', jti: 'redirect-1' });
      const res = await post({ token }, {}).expect(302);
      const landed = await followCallback(t, res.headers['location']).expect(302);
      const me = await t.http.get('/api/me').set('Host', portalHost(slug())).set('Cookie', sessionCookie(landed) as string).expect(200);
      expect(me.body.user.email).toBe('signed@example.com');
      // The signed token is single use too.
      expect((await post({ token }, {}).expect(401)).body.code).toBe('TOKEN_REPLAYED');
      const forged = await post({ token: loginJwt(other.jwt_secret) }, {}).expect(401);
      expect(forged.body.code).toBe('TOKEN_INVALID');
      await post({ email: 'a@example.com', name: 'A' }, bearer(acme.api_token)).expect(302);
    });

    it('open: anyone may post (the guides\' literal behaviour)', async () => {
      await settings({ redirect_auth: 'open' });
      await post({ email: 'a@example.com', name: 'A' }, {}).expect(302);
      await post({ email: 'a@example.com', name: 'A' }, { Origin: 'https://anyone.example' }).expect(302);
    });
  });

  describe('the callback (GET {portal}/auth/callback)', () => {
    const issue = async (email = 'cb@example.com') =>
      (await post({ email, name: 'Callback User' }).expect(302)).headers['location'] as string;
    const json = { Accept: 'application/json' };

    it('refuses a replay (401 TOKEN_REPLAYED) with a friendly page and a way back, and logs it', async () => {
      const url = await issue();
      await followCallback(t, url).expect(302);
      const page = await followCallback(t, url).expect(401);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('already been used');
      expect(page.text).toContain('TOKEN_REPLAYED');
      expect(page.text).toContain(`href="${portalOrigin(slug())}/dashboard"`);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      const again = await followCallback(t, url).set(json).expect(401);
      expect(again.body.code).toBe('TOKEN_REPLAYED');
      expect((await events()).some((e) => e.kind === 'token_replayed' && e.method === 'redirect')).toBe(true);
    });

    it('refuses an expired token (401 TOKEN_EXPIRED) after 120 s, moving the clock', async () => {
      const url = await issue();
      t.clock.advance(119_000);
      const inTime = await issue();
      t.clock.advance(2_000);
      const res = await followCallback(t, url).set(json).expect(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
      await followCallback(t, inTime).expect(302);
      const page = await followCallback(t, await issue()).expect(302);
      expect(page.headers['location']).toContain('/dashboard');
    });

    it('refuses a tampered, truncated or foreign token (401 TOKEN_INVALID)', async () => {
      const url = await issue();
      const token = callbackToken(url);
      const flipped = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
      for (const bad of [flipped, token.slice(0, -4), 'v1.AAAA', 'nonsense', '']) {
        const res = await t.http.get(`/auth/callback?token=${encodeURIComponent(bad)}`).set('Host', portalHost(slug())).set(json).expect(401);
        expect(res.body.code).toBe('TOKEN_INVALID');
      }
      const noToken = await t.http.get('/auth/callback').set('Host', portalHost(slug())).expect(401);
      expect(noToken.text).toContain('not valid');
      // The untouched token still works: failures spend nothing.
      await followCallback(t, url).expect(302);
    });

    it('refuses a token of one tenant on another tenant\'s host (domain binding)', async () => {
      const url = await issue();
      const res = await t.http.get(`/auth/callback?token=${encodeURIComponent(callbackToken(url))}`)
        .set('Host', portalHost(other.tenant.slug)).set(json).expect(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
      expect(sessionCookie(res)).toBeNull();
    });

    it('answers an unknown host or the platform host with 404 TENANT_NOT_FOUND', async () => {
      const url = await issue();
      for (const host of ['nobody.localhost:3000', 'unknown.example', 'localhost:3000']) {
        const res = await t.http.get(`/auth/callback?token=${encodeURIComponent(callbackToken(url))}`).set('Host', host).set(json).expect(404);
        expect(res.body.code).toBe('TENANT_NOT_FOUND');
      }
      const page = await t.http.get('/auth/callback?token=x').set('Host', 'unknown.example').expect(404);
      expect(page.text).toContain('no help desk at this address');
    });

    it('regenerates the session id at sign-in: the previous session of the browser ends', async () => {
      const first = sessionCookie(await followCallback(t, await issue()).expect(302)) as string;
      const second = sessionCookie(await followCallback(t, await issue(), first).expect(302)) as string;
      expect(second).not.toBe(first);
      await t.http.get('/api/me').set('Host', portalHost(slug())).set('Cookie', first).expect(401);
      await t.http.get('/api/me').set('Host', portalHost(slug())).set('Cookie', second).expect(200);
    });

    it('logs each sign-in with IP, user agent and correlation id, and never a token', async () => {
      const url = await issue('logged@example.com');
      const res = await followCallback(t, url).set('User-Agent', 'IntegrationTest/1.0').expect(302);
      const log = await events();
      const login = log.find((e) => e.kind === 'login_succeeded' && e.correlation_id === res.headers['x-correlation-id']);
      expect(login).toMatchObject({ method: 'redirect', user_agent: 'IntegrationTest/1.0', ip: expect.any(String) });
      const text = JSON.stringify(log);
      expect(text).not.toContain(callbackToken(url));
      expect(text).not.toContain(acme.api_token);
      expect(text).not.toContain(acme.jwt_secret);
    });
  });

  describe('the test endpoint (POST /api/test/auth/redirect/{tenant_slug})', () => {
    it('runs the same checks and answers JSON instead of a 302', async () => {
      const res = await t.http.post(`/api/test/auth/redirect/${slug()}`).set('Origin', APP_ORIGIN).send({ email: 't@example.com', name: 'T' }).expect(200);
      expect(res.body).toEqual({
        redirect_url: expect.stringMatching(new RegExp(`^${portalOrigin(slug())}/auth/callback\\?token=`)),
        token: expect.any(String),
        expires_in: 120,
        expires_at: expect.any(String),
      });
      expect(callbackToken(res.body.redirect_url)).toBe(res.body.token);
      await followCallback(t, res.body.redirect_url).expect(302);
      const refused = await t.http.post(`/api/test/auth/redirect/${slug()}`).set('Origin', 'https://evil.example').send({ email: 't@example.com', name: 'T' }).expect(403);
      expect(refused.body.code).toBe('ORIGIN_NOT_ALLOWED');
    });

    it('trusts the platform\'s own test pages while test tools are on', async () => {
      await post({ email: 'a@example.com', name: 'A' }, { Origin: 'http://localhost:3000' }).expect(302);
    });

    it('serves the two test pages', async () => {
      const json = await t.http.get(`/test-auth-redirect?tenant=${slug()}`).expect(200);
      expect(json.headers['content-type']).toMatch(/^text\/html/);
      expect(json.text).toContain('/test-auth-redirect.js');
      await t.http.get('/test-auth-redirect.js').expect(200).expect('Content-Type', /javascript/);
      const form = await t.http.get(`/test-auth-redirect-form?tenant=${slug()}`).expect(200);
      expect(form.text).toContain(`action="/api/auth/redirect/${slug()}"`);
      const hostile = await t.http.get('/test-auth-redirect-form?tenant=%22%3E%3Cscript%3E').expect(200);
      expect(hostile.text).not.toContain('<script>');
    });
  });
});

describe('authentication redirect in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', APP_KEY: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=' });
  });
  afterAll(() => t.close());

  it('turns the test endpoint off unless the tenant\'s test mode is on', async () => {
    const tenant = await t.signup();
    const body = { email: 't@example.com', name: 'T' };
    const off = await t.http.post(`/api/test/auth/redirect/${tenant.tenant.slug}`).set(bearer(tenant.api_token)).send(body).expect(403);
    expect(off.body.code).toBe('FORBIDDEN');
    await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ test_mode: true }).expect(200);
    await t.http.post(`/api/test/auth/redirect/${tenant.tenant.slug}`).set(bearer(tenant.api_token)).send(body).expect(200);
  });
});

describe('authentication redirect rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_REDIRECT_PER_HOUR: '60' });
  });
  afterAll(() => t.close());

  it('answers the 61st request of the hour from one IP with 429, Retry-After and the counters, and logs it once', async () => {
    const tenant = await t.signup();
    await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ redirect_auth: 'open' }).expect(200);
    const send = () => t.http.post(`/api/auth/redirect/${tenant.tenant.slug}`).send({ email: 'a@example.com', name: 'A' });
    for (let i = 1; i <= 60; i += 1) {
      const res = await send();
      expect([res.status, res.headers['x-ratelimit-limit'], res.headers['x-ratelimit-remaining']]).toEqual([302, '60', String(60 - i)]);
    }
    const limited = await send().expect(429);
    expect(limited.body).toMatchObject({ message: 'Too many requests.', code: 'RATE_LIMITED', retry_after: expect.any(Number) });
    expect(Number(limited.headers['retry-after'])).toBe(limited.body.retry_after);
    expect(limited.body.retry_after).toBeGreaterThan(3000);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    await send().expect(429);
    // The test endpoint counts apart.
    await t.http.post(`/api/test/auth/redirect/${tenant.tenant.slug}`).send({ email: 'a@example.com', name: 'A' }).expect(200);
    const log = (await t.http.get('/api/tenant/security-events?kind=rate_limited').set(bearer(tenant.api_token)).expect(200)).body.data;
    expect(log).toHaveLength(1);
  });
});

describe('client IP for the rate limit and the security log', () => {
  const send = (t: TestApp, slug: string, forwardedFor: string) =>
    t.http.post(`/api/auth/redirect/${slug}`).set('X-Forwarded-For', forwardedFor).send({ email: 'a@example.com', name: 'A' });

  it('is the socket\'s address without TRUST_PROXY: X-Forwarded-For does not escape the limit', async () => {
    const t = await startTestApp({ RATE_LIMIT_REDIRECT_PER_HOUR: '2' });
    try {
      const tenant = await t.signup();
      await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ redirect_auth: 'open' }).expect(200);
      await send(t, tenant.tenant.slug, '203.0.113.1').expect(302);
      await send(t, tenant.tenant.slug, '203.0.113.2').expect(302);
      await send(t, tenant.tenant.slug, '203.0.113.3').expect(429);
      const [event] = (await t.http.get('/api/tenant/security-events?kind=rate_limited').set(bearer(tenant.api_token))).body.data;
      expect(event.ip).toMatch(/127\.0\.0\.1$/);
    } finally {
      await t.close();
    }
  });

  it('is the forwarded client with TRUST_PROXY: each client counts apart', async () => {
    const t = await startTestApp({ RATE_LIMIT_REDIRECT_PER_HOUR: '2', TRUST_PROXY: 'true' });
    try {
      const tenant = await t.signup();
      await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ redirect_auth: 'open' }).expect(200);
      await send(t, tenant.tenant.slug, '203.0.113.1').expect(302);
      await send(t, tenant.tenant.slug, '203.0.113.1').expect(302);
      await send(t, tenant.tenant.slug, '203.0.113.1').expect(429);
      await send(t, tenant.tenant.slug, '203.0.113.2').expect(302);
      const [event] = (await t.http.get('/api/tenant/security-events?kind=rate_limited').set(bearer(tenant.api_token))).body.data;
      expect(event.ip).toBe('203.0.113.1');
    } finally {
      await t.close();
    }
  });
});
