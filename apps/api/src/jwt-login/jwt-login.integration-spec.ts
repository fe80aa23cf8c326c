import type { SignupResponseDto } from '@central-tickets/contracts';
import { followCallback, loginJwt, portalHost, portalOrigin, sessionCookie } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('JWT login (POST /api/jwt/login)', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;
  /** `slug: null` leaves tenant_slug out. */
  const login = (token: string, slug: string | null = acme.tenant.slug) =>
    t.http.post('/api/jwt/login').send({ token, ...(slug !== null && { tenant_slug: slug }) });
  const expectFailure = async (token: string, status: number, code: string) => {
    const res = await login(token).expect(status);
    expect(res.body).toMatchObject({ success: false, code, message: expect.any(String), error: expect.any(String) });
    return res;
  };
  const meOf = async (res: { body: { redirect_url: string } }) => {
    const landed = await followCallback(t, res.body.redirect_url).expect(302);
    return (await t.http.get('/api/me').set('Host', portalHost(acme.tenant.slug)).set('Cookie', sessionCookie(landed) as string).expect(200)).body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    acme = await t.signup();
    other = await t.signup();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  it('signs the user in: the guides\' token (email, name, iat, exp = iat + 120, HS256) gives a one-time portal URL', async () => {
    const res = await login(loginJwt(acme.jwt_secret, { email: 'Jwt.User@Example.com', name: 'Jwt User' })).expect(200);
    expect(res.body).toEqual({
      success: true,
      redirect_url: expect.stringMatching(new RegExp(`^${portalOrigin(acme.tenant.slug)}/auth/callback\\?token=`)),
      user: { id: expect.any(String), email: 'jwt.user@example.com', name: 'Jwt User' },
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(sessionCookie(res)).toBeNull(); // a cookie of the platform host would be useless to the portal
    const me = await meOf(res);
    expect(me.user).toMatchObject({ id: res.body.user.id, email: 'jwt.user@example.com', role: 'requester' });
    const landed = await followCallback(t, (await login(loginJwt(acme.jwt_secret, { jti: 'landing' })).expect(200)).body.redirect_url).expect(302);
    expect(landed.headers['location']).toBe(`${portalOrigin(acme.tenant.slug)}/dashboard`);
  });

  it('on the portal host needs no tenant_slug and sets the session cookie at once', async () => {
    const res = await t.http.post('/api/jwt/login').set('Host', portalHost(acme.tenant.slug))
      .send({ token: loginJwt(acme.jwt_secret, { email: 'portal@example.com', jti: 'portal-1' }) }).expect(200);
    const cookie = sessionCookie(res) as string;
    expect(cookie).toMatch(/^ct_session=/);
    const me = await t.http.get('/api/me').set('Host', portalHost(acme.tenant.slug)).set('Cookie', cookie).expect(200);
    expect(me.body.user.email).toBe('portal@example.com');
    const mismatch = await t.http.post('/api/jwt/login').set('Host', portalHost(acme.tenant.slug))
      .send({ token: loginJwt(acme.jwt_secret), tenant_slug: other.tenant.slug }).expect(422);
    expect(mismatch.body).toMatchObject({ success: false, errors: { tenant_slug: [expect.any(String)] } });
  });

  it('lands on the token\'s redirect_url when it is one of the tenant\'s; refuses others (422)', async () => {
    await t.http.patch('/api/tenant').set(bearer(acme.api_token)).send({ allowed_origins: ['https://app.acme.example'] }).expect(200);
    const ok = await login(loginJwt(acme.jwt_secret, { redirect_url: 'https://app.acme.example/help', jti: 'r-ok' })).expect(200);
    expect((await followCallback(t, ok.body.redirect_url).expect(302)).headers['location']).toBe('https://app.acme.example/help');
    const bad = await login(loginJwt(acme.jwt_secret, { redirect_url: 'https://evil.example/', jti: 'r-bad' })).expect(422);
    expect(bad.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED', errors: { redirect_url: [expect.any(String)] } });
  });

  describe('algorithms and signatures', () => {
    it('refuses alg "none" (401 TOKEN_INVALID)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ email: 'a@example.com', name: 'A', iat: now, exp: now + 60 })}.`;
      await expectFailure(unsigned, 401, 'TOKEN_INVALID');
    });

    it.each(['HS384', 'HS512'] as const)('refuses %s even with the right secret', async (algorithm) => {
      await expectFailure(loginJwt(acme.jwt_secret, {}, { algorithm }), 401, 'TOKEN_INVALID');
    });

    it('refuses RS256-labelled tokens and tokens that are not JWTs', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectFailure(`${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ email: 'a@example.com', name: 'A', iat: now, exp: now + 60 })}.c2ln`, 401, 'TOKEN_INVALID');
      await expectFailure('not-a-jwt', 401, 'TOKEN_INVALID');
    });

    it('refuses the wrong secret and another tenant\'s secret', async () => {
      await expectFailure(loginJwt('a-secret-of-nobody'), 401, 'TOKEN_INVALID');
      await expectFailure(loginJwt(other.jwt_secret), 401, 'TOKEN_INVALID');
    });

    it('refuses a payload altered after signing', async () => {
      const [h, , s] = loginJwt(acme.jwt_secret).split('.');
      const now = Math.floor(Date.now() / 1000);
      await expectFailure(`${h}.${b64({ email: 'admin@example.com', name: 'X', iat: now, exp: now + 60 })}.${s}`, 401, 'TOKEN_INVALID');
    });
  });

  describe('time', () => {
    it('accepts 30 s of leeway past exp, then answers 401 TOKEN_EXPIRED (clock moved, not slept)', async () => {
      t.clock.advance(120_000 + 25_000);
      const issuedEarlier = new Date(Date.now());
      await login(loginJwt(acme.jwt_secret, { jti: 'leeway-ok' }, { now: issuedEarlier })).expect(200);
      t.clock.advance(10_000);
      await expectFailure(loginJwt(acme.jwt_secret, { jti: 'leeway-late' }, { now: issuedEarlier }), 401, 'TOKEN_EXPIRED');
    });

    it('refuses a lifetime over 120 s, a token from the future and missing iat or exp', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectFailure(loginJwt(acme.jwt_secret, { exp: now + 121 }), 401, 'TOKEN_INVALID');
      await expectFailure(loginJwt(acme.jwt_secret, { iat: now + 300, exp: now + 360 }), 401, 'TOKEN_INVALID');
      await expectFailure(loginJwt(acme.jwt_secret, { iat: undefined }), 401, 'TOKEN_INVALID');
      await expectFailure(loginJwt(acme.jwt_secret, { exp: undefined }), 401, 'TOKEN_INVALID');
    });
  });

  describe('claims', () => {
    it('requires email and name', async () => {
      await expectFailure(loginJwt(acme.jwt_secret, { email: undefined }), 401, 'TOKEN_INVALID');
      await expectFailure(loginJwt(acme.jwt_secret, { email: 'nope' }), 401, 'TOKEN_INVALID');
      await expectFailure(loginJwt(acme.jwt_secret, { name: ' ' }), 401, 'TOKEN_INVALID');
    });

    it('checks aud when present: the tenant\'s slug or portal origin', async () => {
      await login(loginJwt(acme.jwt_secret, { aud: acme.tenant.slug, jti: 'aud-1' })).expect(200);
      await login(loginJwt(acme.jwt_secret, { aud: portalOrigin(acme.tenant.slug), jti: 'aud-2' })).expect(200);
      await expectFailure(loginJwt(acme.jwt_secret, { aud: other.tenant.slug, jti: 'aud-3' }), 401, 'TOKEN_INVALID');
    });

    it('keys the user on external_id when given (the email may change), on the email otherwise', async () => {
      const first = await login(loginJwt(acme.jwt_secret, { external_id: 'u-42', email: 'old@example.com', jti: 'ext-1' })).expect(200);
      const moved = await login(loginJwt(acme.jwt_secret, { external_id: 'u-42', email: 'new@example.com', name: 'Renamed', jti: 'ext-2' })).expect(200);
      expect(moved.body.user).toEqual({ id: first.body.user.id, email: 'new@example.com', name: 'Renamed' });
      const byEmail = await login(loginJwt(acme.jwt_secret, { email: 'NEW@example.com', jti: 'ext-3' })).expect(200);
      expect(byEmail.body.user.id).toBe(first.body.user.id);
      const clash = await login(loginJwt(acme.jwt_secret, { external_id: 'u-43', email: 'new@example.com', jti: 'ext-4' })).expect(409);
      expect(clash.body).toMatchObject({ success: false, code: 'CONFLICT' });
    });
  });

  describe('replay', () => {
    it('spends a jti once (401 TOKEN_REPLAYED), and logs the replay', async () => {
      const token = loginJwt(acme.jwt_secret, { jti: 'once' });
      await login(token).expect(200);
      await expectFailure(token, 401, 'TOKEN_REPLAYED');
      await expectFailure(loginJwt(acme.jwt_secret, { jti: 'once', name: 'Another token, same jti' }), 401, 'TOKEN_REPLAYED');
      const log = (await t.http.get('/api/tenant/security-events?kind=token_replayed').set(bearer(acme.api_token)).expect(200)).body.data;
      expect(log[0]).toMatchObject({ method: 'jwt', code: 'TOKEN_REPLAYED' });
    });

    it('spends a token without jti by its hash', async () => {
      const token = loginJwt(acme.jwt_secret, { email: 'nojti@example.com' });
      await login(token).expect(200);
      await expectFailure(token, 401, 'TOKEN_REPLAYED');
    });

    it('keeps jti spaces of tenants apart', async () => {
      await login(loginJwt(other.jwt_secret, { jti: 'shared-id' }), other.tenant.slug).expect(200);
      await login(loginJwt(acme.jwt_secret, { jti: 'shared-id' })).expect(200);
    });
  });

  describe('secret rotation', () => {
    it('accepts the previous secret (by kid or not) during the grace period, then refuses it', async () => {
      const tenant = await t.signup();
      const slug = tenant.tenant.slug;
      await t.http.patch('/api/tenant').set(bearer(tenant.api_token)).send({ jwt_secret_grace_hours: 2 }).expect(200);
      const rotated = (await t.http.post('/api/tenant/jwt-secret/rotate').set(bearer(tenant.api_token)).expect(201)).body;
      await login(loginJwt(rotated.jwt_secret, { jti: 'new-nokid' }), slug).expect(200);
      await login(loginJwt(rotated.jwt_secret, { jti: 'new-kid' }, { kid: rotated.kid }), slug).expect(200);
      await login(loginJwt(tenant.jwt_secret, { jti: 'old-nokid' }), slug).expect(200);
      await login(loginJwt(tenant.jwt_secret, { jti: 'old-kid' }, { kid: tenant.jwt_secret_kid }), slug).expect(200);
      // A kid names one secret: the other does not verify under it.
      const crossed = await login(loginJwt(tenant.jwt_secret, { jti: 'crossed' }, { kid: rotated.kid }), slug).expect(401);
      expect(crossed.body.code).toBe('TOKEN_INVALID');

      t.clock.advance(2 * 3_600_000 + 1_000);
      const late = new Date(Date.now() + 2 * 3_600_000 + 1_000);
      for (const kid of [undefined, tenant.jwt_secret_kid]) {
        const res = await login(loginJwt(tenant.jwt_secret, { jti: `old-late-${kid}` }, { kid, now: late }), slug).expect(401);
        expect(res.body.code).toBe('TOKEN_INVALID');
      }
      await login(loginJwt(rotated.jwt_secret, { jti: 'new-late' }, { now: late }), slug).expect(200);
      const log = (await t.http.get('/api/tenant/security-events?kind=jwt_secret_rotated').set(bearer(tenant.api_token)).expect(200)).body.data;
      expect(log).toHaveLength(1);
      expect(JSON.stringify(log)).not.toContain(rotated.jwt_secret);
    });
  });

  describe('the tenant', () => {
    it('needs tenant_slug on the platform host (422) and answers an unknown one with 404 TENANT_NOT_FOUND', async () => {
      const missing = await login(loginJwt(acme.jwt_secret), null).expect(422);
      expect(missing.body).toMatchObject({ success: false, errors: { tenant_slug: ['The tenant slug field is required.'] } });
      const unknown = await login(loginJwt(acme.jwt_secret), 'nobody-here').expect(404);
      expect(unknown.body).toMatchObject({ success: false, code: 'TENANT_NOT_FOUND' });
      const invalid = await t.http.post('/api/jwt/login').send({}).expect(422);
      expect(invalid.body).toMatchObject({ success: false, errors: { token: ['The token field is required.'] } });
    });

    it('logs failures with their code', async () => {
      const failed = await login(loginJwt('wrong-secret', { email: 'failing@example.com' })).expect(401);
      const log = (await t.http.get('/api/tenant/security-events?kind=login_failed').set(bearer(acme.api_token)).expect(200)).body.data;
      const event = log.find((e: { correlation_id: string }) => e.correlation_id === failed.headers['x-correlation-id']);
      expect(event).toMatchObject({ method: 'jwt', code: 'TOKEN_INVALID', ip: expect.any(String) });
    });
  });
});
