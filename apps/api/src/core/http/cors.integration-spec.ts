import type { SignupResponseDto } from '@central-tickets/contracts';
import { loginJwt, portalHost, portalOrigin } from '../../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../../testing/test-app';

const ALLOWED = 'https://app.acme.example';
const FOREIGN = 'https://evil.example';

describe('CORS per tenant', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;

  const preflight = (path: string, origin: string, host?: string) => {
    const req = t.http.options(path).set('Origin', origin).set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    return host ? req.set('Host', host) : req;
  };
  const expectAllowed = (res: { headers: Record<string, string> }, origin: string) => {
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  };
  const expectNoCors = (res: { headers: Record<string, string> }) => {
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestApp();
    acme = await t.signup();
    other = await t.signup();
    await t.http.patch('/api/tenant').set(bearer(acme.api_token)).send({ allowed_origins: [ALLOWED] }).expect(200);
  });
  afterAll(() => t.close());

  describe('the authentication redirect of a tenant', () => {
    const path = () => `/api/auth/redirect/${acme.tenant.slug}`;

    it('answers the preflight and the request of an allowed origin, with credentials and never *', async () => {
      const pre = await preflight(path(), ALLOWED).expect(204);
      expectAllowed(pre, ALLOWED);
      expect(pre.headers['access-control-allow-methods']).toContain('POST');
      const res = await t.http.post(path()).set('Origin', ALLOWED).send({ email: 'a@example.com', name: 'A' }).expect(302);
      expectAllowed(res, ALLOWED);
      expect(res.headers['access-control-expose-headers']).toContain('X-Correlation-Id');
    });

    it('gives a foreign origin, or the origin of another tenant, no CORS headers at all', async () => {
      expectNoCors(await preflight(path(), FOREIGN));
      expectNoCors(await t.http.post(path()).set('Origin', FOREIGN).send({ email: 'a@example.com', name: 'A' }));
      // Allowed by acme, not by other.
      expectNoCors(await preflight(`/api/auth/redirect/${other.tenant.slug}`, ALLOWED));
    });

    it('follows changes of the allowed origins at once', async () => {
      await t.http.patch('/api/tenant').set(bearer(other.api_token)).send({ allowed_origins: [ALLOWED] }).expect(200);
      expectAllowed(await preflight(`/api/auth/redirect/${other.tenant.slug}`, ALLOWED), ALLOWED);
      await t.http.patch('/api/tenant').set(bearer(other.api_token)).send({ allowed_origins: [] }).expect(200);
      expectNoCors(await preflight(`/api/auth/redirect/${other.tenant.slug}`, ALLOWED));
    });
  });

  describe('JWT login on the platform host', () => {
    it('answers a preflight from an origin some tenant allows, and the login only for the tenant that allows it', async () => {
      expectAllowed(await preflight('/api/jwt/login', ALLOWED), ALLOWED);
      expectNoCors(await preflight('/api/jwt/login', FOREIGN));
      const ok = await t.http.post('/api/jwt/login').set('Origin', ALLOWED)
        .send({ token: loginJwt(acme.jwt_secret), tenant_slug: acme.tenant.slug }).expect(200);
      expectAllowed(ok, ALLOWED);
      const notThisTenant = await t.http.post('/api/jwt/login').set('Origin', ALLOWED)
        .send({ token: loginJwt(other.jwt_secret), tenant_slug: other.tenant.slug }).expect(200);
      expectNoCors(notThisTenant);
    });
  });

  describe('the portal host', () => {
    it('lets the tenant\'s origins call the session API with credentials, and nobody else', async () => {
      const allowed = await t.http.get('/api/me').set('Host', portalHost(acme.tenant.slug)).set('Origin', ALLOWED).expect(401);
      expectAllowed(allowed, ALLOWED);
      expectNoCors(await t.http.get('/api/me').set('Host', portalHost(acme.tenant.slug)).set('Origin', FOREIGN));
      expectNoCors(await t.http.get('/api/me').set('Host', portalHost(other.tenant.slug)).set('Origin', ALLOWED));
      // The portal's own origin is the tenant's.
      expectAllowed(await preflight('/api/logout', portalOrigin(acme.tenant.slug), portalHost(acme.tenant.slug)), portalOrigin(acme.tenant.slug));
    });
  });

  it('adds no CORS headers to the tenant API on the platform host, whatever the origin', async () => {
    expectNoCors(await t.http.get('/api/tickets').set('Origin', ALLOWED).set(bearer(acme.api_token)).expect(200));
    expectNoCors(await preflight('/api/tickets', ALLOWED));
  });
});
