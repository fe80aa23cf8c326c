import { loginJwt, portalHost } from '../../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../../testing/test-app';
import { endpointGroup, signInOutcome } from './metrics.service';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';

describe('GET /metrics', () => {
  describe('without METRICS_TOKEN, outside production', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('answers this machine in Prometheus\' format: requests, latency, tenant use, sign-ins, the pool and the event loop', async () => {
      const acme = await t.signup();
      await t.http.get('/api/tickets').set(bearer(acme.api_token)).expect(200);
      // On the portal the JWT login begins the session at once: a successful sign-in.
      await t.http.post('/api/jwt/login').set('Host', portalHost(acme.tenant.slug)).send({ token: loginJwt(acme.jwt_secret) }).expect(200);
      await t.http.post('/api/jwt/login').send({ token: loginJwt('wrong secret'), tenant_slug: acme.tenant.slug }).expect(401);
      const res = await t.http.get('/metrics').set('Host', 'localhost:3000').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      expect(text).toMatch(/ct_http_requests_total\{method="GET",route="\/api\/tickets",status="200"\} 1/);
      expect(text).toMatch(/ct_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/tickets",status_class="2xx"\}/);
      expect(text).toContain(`ct_tenant_api_requests_total{tenant="${acme.tenant.slug}",group="tickets",status_class="2xx"} 1`);
      expect(text).toMatch(/ct_sign_ins_total\{method="jwt",outcome="success"\} 1/);
      expect(text).toMatch(/ct_sign_ins_total\{method="jwt",outcome="invalid"\} 1/);
      expect(text).toMatch(/ct_db_pool_connections \d+/);
      expect(text).toMatch(/ct_nodejs_eventloop_lag_seconds \d/);
      expect(text).not.toContain(acme.api_token);
    });

    it('is not there on a tenant\'s portal', async () => {
      const acme = await t.signup();
      const res = await t.http.get('/metrics').set('Host', portalHost(acme.tenant.slug)).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('with METRICS_TOKEN, in production', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ NODE_ENV: 'production', APP_KEY: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=', METRICS_TOKEN });
    });
    afterAll(() => t.close());

    it('answers the scraper with the token only, and never on a portal', async () => {
      await t.http.get('/metrics').set('Host', 'localhost:3000').expect(404);
      await t.http.get('/metrics').set('Host', 'localhost:3000').set(bearer('wrong-token-wrong-token-wrong')).expect(404);
      await t.http.get('/metrics').set('Host', 'localhost:3000').set(bearer(METRICS_TOKEN)).expect(200);
      // A replica's own address, as a scraper inside the deployment reaches it.
      await t.http.get('/metrics').set('Host', 'api-1:3000').set(bearer(METRICS_TOKEN)).expect(200);
      const acme = await t.signup();
      await t.http.get('/metrics').set('Host', portalHost(acme.tenant.slug)).set(bearer(METRICS_TOKEN)).expect(404);
    });
  });

  it('names sign-in outcomes and endpoint groups with a small, fixed set of labels', () => {
    expect(signInOutcome('login_failed', 'TOKEN_EXPIRED')).toBe('expired');
    expect(signInOutcome('login_failed', 'TOKEN_INVALID')).toBe('invalid');
    expect(signInOutcome('origin_refused', 'ORIGIN_NOT_ALLOWED')).toBe('refused_origin');
    expect(signInOutcome('member_invited', null)).toBeNull();
    expect(endpointGroup('/api/tickets/:id/comments')).toBe('tickets');
    expect(endpointGroup('/api/tenant/api-tokens/:id')).toBe('tenant.api-tokens');
    expect(endpointGroup('/api/auth/redirect/:tenant_slug')).toBe('sign-in');
    expect(endpointGroup('/*')).toBe('other');
  });
});
