import type { SignupResponseDto } from '@central-tickets/contracts';
import { loginJwt, portalHost, portalOrigin } from '../testing/sign-in';
import { bearer, startTestApp, type TestApp } from '../testing/test-app';
import { INTEGRATION_EXAMPLES, RESPONSE_EXAMPLES } from './integration-examples';
import { EXAMPLE_SLUG } from './integration.service';

/** The text of an HTML-escaped block, as a browser would show it. */
const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string);

/** Every `<code data-{attr}="id" …>…</code>` block of a page, by id. */
function blocks(html: string, attr: 'example' | 'response'): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of html.matchAll(new RegExp(`<code data-${attr}="([^"]+)"[^>]*>([\\s\\S]*?)</code>`, 'g'))) {
    found.set(m[1] as string, unescape(m[2] as string));
  }
  return found;
}

describe('the integration guide (/integration)', () => {
  let t: TestApp;
  let acme: SignupResponseDto;
  let other: SignupResponseDto;
  /** A tenant whose name is an attempt at markup. */
  let hostile: SignupResponseDto;
  const HOSTILE_NAME = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_API_TOKENS_PER_HOUR: '2' });
    acme = await t.signup();
    other = await t.signup();
    hostile = await t.signup({ tenant_name: HOSTILE_NAME });
  });
  afterAll(() => t.close());

  const onPortal = (tenant: SignupResponseDto) => t.http.get('/integration').set('Host', portalHost(tenant.tenant.slug));

  describe('on the platform host', () => {
    it('is a page with example values, pointing to the portal page and to Swagger', async () => {
      const res = await t.http.get('/integration').set('Host', 'localhost:3000').expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.text).toContain('<h1>Integration guide</h1>');
      expect(res.text).toContain('href="http://localhost:3000/api/docs"');
      expect(res.text).toContain('<code>http://{slug}.localhost:3000/integration</code>');
      const examples = blocks(res.text, 'example');
      expect(examples.get('redirect-form')).toContain(`form.action = 'http://${EXAMPLE_SLUG}.localhost:3000/api/auth/redirect/${EXAMPLE_SLUG}';`);
      expect(examples.get('jwt-node')).toContain("fetch('http://localhost:3000/api/jwt/login'");
      // No tenant's data on the platform page.
      for (const tenant of [acme, other]) expect(res.text).not.toContain(tenant.tenant.slug);
    });

    it('renders every example once, each in <pre><code data-example data-language data-runtime>', async () => {
      const res = await t.http.get('/integration').expect(200);
      const ids = [...res.text.matchAll(/<pre><code data-example="([^"]+)" data-language="(\w+)" data-runtime="([\w-]+)">/g)].map((m) => m[1]);
      expect(ids).toEqual(INTEGRATION_EXAMPLES.map((e) => e.id));
      expect([...blocks(res.text, 'response').keys()]).toEqual(RESPONSE_EXAMPLES.map((r) => r.id));
      // No other code block: the examples suite runs every one of them (the widget's included).
      const others = [...res.text.matchAll(/<pre><code (?!data-example|data-response)([^>]*)>/g)].map((m) => m[1]);
      expect(others).toEqual([]);
      expect(res.text).not.toContain('data-pending');
    });
  });

  describe("on a tenant's portal", () => {
    it("fills every example with that tenant's slug, portal and platform addresses, and nobody else's", async () => {
      const res = await onPortal(acme).expect(200);
      const slug = acme.tenant.slug;
      const portal = portalOrigin(slug);
      expect(res.text).toContain(`<h1>Integration guide for ${acme.tenant.name}</h1>`);
      const examples = blocks(res.text, 'example');
      expect(examples.get('redirect-form')).toContain(`form.action = '${portal}/api/auth/redirect/${slug}';`);
      expect(examples.get('redirect-server-php')).toContain(`curl_init('http://localhost:3000/api/auth/redirect/${slug}')`);
      expect(examples.get('jwt-python')).toContain(`json={"token": token, "tenant_slug": "${slug}"}`);
      expect(examples.get('jwt-node-sdk')).toContain(`redirectUrl: '${portal}/tickets/new'`);
      expect(examples.get('api-node-sdk')).toContain("baseUrl: 'http://localhost:3000'");
      expect(examples.get('widget-tag')).toContain(`<script src="${portal}/widget.js" data-tenant="${slug}" data-token-url="/support/widget-token" async></script>`);
      expect(examples.get('widget-token-express')).toContain(`audience: '${slug}'`);
      for (const [id, code] of examples) expect([id, /\{\{\w+\}\}/.test(code), code.includes(EXAMPLE_SLUG)]).toEqual([id, false, false]);
      expect(res.text).toContain(`<code>${slug}</code>`);
      expect(res.text).not.toContain(other.tenant.slug);
      expect(res.text).not.toContain(hostile.tenant.slug);
      // Secrets are read from the environment, never printed.
      expect(res.text).not.toContain(acme.api_token);
      expect(res.text).not.toContain(acme.jwt_secret);
      expect(res.text).toContain('process.env.CENTRAL_TICKETS_JWT_SECRET');
    });

    it("renders a tenant's name as text: markup in it stays inert", async () => {
      const res = await onPortal(hostile).expect(200);
      expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
      expect(res.text).not.toContain('<img');
      // Not one script element, whatever the examples contain (they are escaped too).
      expect(res.text).not.toMatch(/<script/i);
      expect(res.text).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    });

    it('fits the security headers: no inline script, the CSP allows scripts from self only', async () => {
      const res = await onPortal(acme).expect(200);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("script-src-attr 'none'");
      expect(res.text).not.toMatch(/<script/i);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers 404 TENANT_NOT_FOUND on a host that is no tenant', async () => {
      const res = await t.http.get('/integration').set('Host', 'nobody-here.localhost:3000').expect(404);
      expect(res.body).toMatchObject({ code: 'TENANT_NOT_FOUND' });
    });
  });

  describe('GET /api/portal/integration-snippets (the console page)', () => {
    it('answers the same examples as the page, filled in for the portal', async () => {
      const [page, json] = await Promise.all([onPortal(acme).expect(200), t.http.get('/api/portal/integration-snippets').set('Host', portalHost(acme.tenant.slug)).expect(200)]);
      expect(json.headers['cache-control']).toBe('no-cache');
      expect(json.body).toMatchObject({
        tenant_slug: acme.tenant.slug,
        portal_url: portalOrigin(acme.tenant.slug),
        platform_url: 'http://localhost:3000',
        guide_url: `${portalOrigin(acme.tenant.slug)}/integration`,
      });
      const fromPage = blocks(page.text, 'example');
      expect((json.body.snippets as Array<{ id: string; code: string }>).map((s) => [s.id, s.code])).toEqual([...fromPage.entries()]);
      // The widget's tag and its token route among them, for the console's Integration page.
      expect(json.body.snippets).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'widget-tag', section: 'widget', runtime: 'browser', filename: null }),
          expect.objectContaining({ id: 'widget-token-express', section: 'widget', runtime: 'node-route', filename: 'support-routes.mjs' }),
        ]),
      );
    });

    it('is only on portals', async () => {
      const res = await t.http.get('/api/portal/integration-snippets').set('Host', 'localhost:3000').expect(404);
      expect(res.body).toMatchObject({ code: 'TENANT_NOT_FOUND' });
    });

    it('names one snippet "authentication redirect": the console journey finds the form post by it', () => {
      const mentions = INTEGRATION_EXAMPLES.filter((e) => /authentication redirect/i.test(`${e.title} ${e.summary} ${e.template}`));
      expect(mentions.map((e) => e.id)).toEqual(['redirect-form']);
    });
  });

  describe('the error answers the page shows are the real ones', () => {
    const shown = (id: string) => {
      const example = RESPONSE_EXAMPLES.find((r) => r.id === id);
      if (!example) throw new Error(id);
      return example;
    };
    /** The real body, with the values that differ per request in the shown example's place. */
    const comparable = (body: Record<string, unknown>, example: { body: Record<string, unknown> }) => ({
      ...body,
      correlation_id: example.body['correlation_id'],
      ...('retry_after' in body && { retry_after: example.body['retry_after'] }),
      // The limit and the wait are the configuration's: the page shows the defaults.
      ...(typeof body['details'] === 'string' && /^Limit of \d+ requests reached; try again in \d+ seconds\.$/.test(body['details']) && { details: example.body['details'] }),
    });

    it('422 VALIDATION_FAILED', async () => {
      const example = shown('error-validation');
      const res = await t.http.post('/api/tickets').set(bearer(acme.api_token)).send({});
      expect(res.status).toBe(example.status);
      expect(comparable(res.body, example)).toEqual(example.body);
    });

    it('401 INVALID_API_TOKEN', async () => {
      const example = shown('error-api-token');
      const res = await t.http.get('/api/tickets').set(bearer(`${acme.api_token.slice(0, -4)}AAAA`));
      expect(res.status).toBe(example.status);
      expect(comparable(res.body, example)).toEqual(example.body);
    });

    it('401 TOKEN_REPLAYED from JWT login', async () => {
      const example = shown('error-jwt-replayed');
      const token = loginJwt(acme.jwt_secret, { jti: 'replayed-once' });
      await t.http.post('/api/jwt/login').send({ token, tenant_slug: acme.tenant.slug }).expect(200);
      const res = await t.http.post('/api/jwt/login').send({ token, tenant_slug: acme.tenant.slug });
      expect(res.status).toBe(example.status);
      expect(comparable(res.body, example)).toEqual(example.body);
    });

    it('429 RATE_LIMITED, with Retry-After', async () => {
      const example = shown('error-rate-limited');
      const create = () => t.http.post('/api/tenant/api-tokens').set(bearer(other.api_token)).send({ name: 'x', scopes: ['tickets:read'] });
      await create().expect(201);
      await create().expect(201);
      const res = await create();
      expect(res.status).toBe(example.status);
      expect(Number(res.headers['retry-after'])).toBe(res.body.retry_after);
      expect(comparable(res.body, example)).toEqual(example.body);
    });
  });
});
