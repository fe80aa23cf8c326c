import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import {
  CompanySite,
  EXPRESS_SITE,
  ExampleWorkspace,
  extractExamples,
  fetchMe,
  markdownBlocks,
  type PageExample,
  pageWithExample,
  printedTicket,
  printedUrl,
  requireSystemTools,
  ROOT,
  type RunResult,
} from './support/examples';
import * as guides from './support/examples-guides';
import { cleanup, freePort, type RunningServer, startServer, tempDir, useServerDatabase } from './support/server';
import { type Answer, configureTenant, cookieOf, send, sendToPortal, type SignedUpTenant, signUp, uniqueSlug } from './support/sign-in';
import { type SecureServer, startSecureServer } from './support/tls';

/*
 * "Examples that cannot rot": the integration guide's page (/integration on a tenant's portal)
 * is fetched, every `data-example` block is taken out exactly as a reader would copy it, and run
 * in its runtime against the production build: browser examples in headless Chromium from a page
 * on an allowed origin, Node examples with node (the SDK, built from its sources as `nx build sdk`
 * does, and jsonwebtoken installed as packages), Python with Debian's python3 (requests, PyJWT), PHP with Debian's php-cli and
 * php-curl (scripts with `php`, pages behind `php -S`). Each must show its effect: the user
 * signed in on the portal, or the ticket in the API. The widget's examples run over https, as
 * the widget's panel needs (below): its tag on a page of the company's Express site, its token
 * route as that site's route; a ticket opened in the panel is heard by the page.
 *
 * Then the two earlier guides' examples, as printed (support/examples-guides.ts), each shown to
 * work or shown to fail the way /integration says; and the README's integration examples.
 */

/** The user the company's pages have signed in (`currentUser` of the browser examples). */
const USER = { email: 'zoe.obrien@customer.example', name: "Zoë O'Brien" };
/** The user the server examples sign in. */
const JANE = { email: 'jane@customer.example', name: 'Jane Doe' };

describe('/integration: every example, run against a real server', () => {
  const dataDir = tempDir();
  const workDir = tempDir('ct-e2e-examples-');
  const db = useServerDatabase();
  let server: RunningServer;
  let tenant: SignedUpTenant;
  /** A tenant in the `open` trust mode (the guides' literal behaviour). */
  let openTenant: SignedUpTenant;
  let site: CompanySite;
  let ws: ExampleWorkspace;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let examples: Map<string, PageExample>;
  let platform: string;

  const bearer = (t: SignedUpTenant) => ({ Authorization: `Bearer ${t.apiToken}` });
  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  };
  /** Runs `script` in the page, which may navigate away before it reports back. */
  const run = (page: Page, script: string) =>
    page.evaluate(script).catch((err: Error) => {
      if (!/context was destroyed|navigation/i.test(err.message)) throw err;
    });

  /** Clicks `button` and waits until the sign-in's redirects end back on `url` (the guides' "return to current page"). */
  const clickAndReturnTo = async (page: Page, button: string, url: string) => {
    const [back] = await Promise.all([
      page.waitForResponse((r) => r.url() === url && r.request().redirectedFrom() !== null),
      page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() && f.url() === url }),
      page.getByRole('button', { name: button }).click(),
    ]);
    await page.waitForLoadState('load');
    return back;
  };
  /** A login token for USER, as the company's backend signs one (`/support/login-token`). */
  const loginTokenFor = (t: SignedUpTenant, user = USER) => {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ email: user.email, name: user.name, iat: now, exp: now + 60, jti: crypto.randomUUID() }, t.jwtSecret, { algorithm: 'HS256' });
  };
  /** The tenant's security log, newest first. */
  const securityEvents = async (t: SignedUpTenant) =>
    (await send(`${server.url}/api/tenant/security-events?limit=100`, { headers: bearer(t) })).json<{
      data: Array<{ kind: string; method: string | null; email: string | null; user_id: string | null; user_agent: string | null; code: string | null }>;
    }>().data;

  beforeAll(async () => {
    requireSystemTools();
    // Development mode: the demo tenant of the README exists.
    server = await startServer({ dataDir, env: { ...db.env() } });
    platform = `http://localhost:${server.port}`;
    [tenant, openTenant] = [await signUp(server, uniqueSlug('examples')), await signUp(server, uniqueSlug('open'))];
    ws = new ExampleWorkspace(workDir, {
      CENTRAL_TICKETS_JWT_SECRET: tenant.jwtSecret,
      CENTRAL_TICKETS_JWT_KID: tenant.jwtSecretKid,
      CENTRAL_TICKETS_API_TOKEN: tenant.apiToken,
    });
    site = new CompanySite(ws.sdkDir);
    await site.start();
    await configureTenant(server, tenant, { allowed_origins: [site.origin] });
    await configureTenant(server, openTenant, { allowed_origins: [site.origin], redirect_auth: 'open' });
    // The company's backend: signs login tokens for its signed-in user; tells its pages who that is.
    site.route('POST', '/support/login-token', (_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: loginTokenFor(tenant) })),
    );
    site.route('GET', '/api/user/current', (req, res) => {
      // The guide's Laravel route is behind auth:sanctum with the CSRF header its page sends.
      if (!req.headers['x-csrf-token']) return res.writeHead(419).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ...USER, tenant_slug: tenant.slug }));
    });

    const page = await sendToPortal(server, `${tenant.portal}/integration`);
    expect(page.status).toBe(200);
    examples = new Map(extractExamples(page.text).map((e) => [e.id, e]));
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await site?.stop();
    await server?.stop();
    cleanup(dataDir);
    cleanup(workDir);
  });

  // ---- what "it worked" means ---------------------------------------------------------------

  /** A one-time URL, opened as the user's browser would: the portal begins JANE's session and lands on `landing`. */
  const signsIn = async (url: string, landing: string, t = tenant, user = JANE) => {
    expect(url.startsWith(`${t.portal}/auth/callback?token=`)).toBe(true);
    const callback = await sendToPortal(server, url);
    expect([callback.status, callback.headers['location']]).toEqual([302, landing]);
    const cookie = cookieOf(callback, 'ct_session');
    expect(cookie).toBeDefined();
    const me = await sendToPortal(server, `${t.portal}/api/me`, { headers: { Cookie: cookie?.pair as string } });
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: user.email, name: user.name }, tenant: { slug: t.slug } });
  };

  /** The example on a page of the company's site; its "Contact support" button lands the user on `landing`, signed in. */
  const browserSignsIn = async (example: PageExample, landing: string) => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(site.page(`/examples/${example.id}`, pageWithExample(USER, example.code)));
    await Promise.all([page.waitForURL(landing), page.getByRole('button', { name: 'Contact support' }).click()]);
    const me = await fetchMe(page);
    expect(me).toMatchObject({ status: 200, body: { user: USER, tenant: { slug: tenant.slug } } });
    expect(errors).toEqual([]);
  };

  /** A PHP page behind `php -S`: answers 303 to a one-time URL that signs JANE in. */
  const phpPageSignsIn = async (filename: string, example: PageExample, landing: string) => {
    const answer = await ws.phpPage(filename, example.code);
    expect([answer.status, answer.body]).toEqual([303, '']);
    await signsIn(answer.location as string, landing);
  };

  /** The run printed `Ticket #n: id`, and the API has that ticket. */
  const createsTicket = async (result: RunResult) => {
    const { number, id } = printedTicket(result);
    const res = await send(`${server.url}/api/tickets/${id}`, { headers: bearer(tenant) });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id, number, requester: { email: JANE.email, name: JANE.name } });
  };

  const CHECKS: Record<string, (example: PageExample) => Promise<void>> = {
    'redirect-form': (e) => browserSignsIn(e, `${tenant.portal}/dashboard`),
    'redirect-sdk-browser': (e) => browserSignsIn(e, `${tenant.portal}/tickets/new`),
    'redirect-server-php': (e) => phpPageSignsIn('support.php', e, `${tenant.portal}/dashboard`),
    'redirect-server-python': (e) => signsIn(printedUrl(ws.python('support_redirect.py', e.code)), `${tenant.portal}/dashboard`),
    'jwt-node': (e) => signsIn(printedUrl(ws.node('support-login.js', e.code)), `${tenant.portal}/dashboard`),
    'jwt-node-sdk': (e) => signsIn(printedUrl(ws.node('support-login.mjs', e.code)), `${tenant.portal}/tickets/new`),
    'jwt-php': (e) => phpPageSignsIn('support-login.php', e, `${tenant.portal}/dashboard`),
    'jwt-python': (e) => signsIn(printedUrl(ws.python('support_login.py', e.code)), `${tenant.portal}/dashboard`),
    'jwt-browser': (e) => browserSignsIn(e, `${tenant.portal}/dashboard`),
    'api-node-sdk': (e) => createsTicket(ws.node('create-ticket.mjs', e.code)),
    'api-node-fetch': (e) => createsTicket(ws.node('create-ticket.js', e.code)),
    'api-php': (e) => createsTicket(ws.php('create-ticket.php', e.code)),
    'api-python': (e) => createsTicket(ws.python('create_ticket.py', e.code)),
  };

  /** Run over https, in their own block below. */
  const WIDGET_EXAMPLES = ['widget-tag', 'widget-token-express'];

  it("shows every example filled in for the tenant, and this suite runs each of them", () => {
    expect([...examples.keys()].sort()).toEqual([...Object.keys(CHECKS), ...WIDGET_EXAMPLES].sort());
    for (const e of examples.values()) {
      // Filled in for this tenant and this server; the secrets come from the environment, never the page.
      const filledIn = e.code.includes(tenant.portal) || e.code.includes(platform) || e.code.includes(`'${tenant.slug}'`);
      expect([e.id, filledIn, /\{\{|your-tenant/.test(e.code)]).toEqual([e.id, true, false]);
      expect([e.id, e.code.includes(tenant.apiToken) || e.code.includes(tenant.jwtSecret)]).toEqual([e.id, false]);
    }
  });

  it('is a page that works in a browser under the API\'s security headers: no errors, fits a phone, its Swagger link answers', async () => {
    const page = await newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => problems.push(m.text()));
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${tenant.portal}/integration`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Integration guide for ${tenant.name}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const swagger = await page.getByRole('link', { name: 'Swagger UI' }).first().getAttribute('href');
    expect(swagger).toBe(`${platform}/api/docs`);
    expect((await send(`${server.url}/api/docs`)).status).toBe(200);
    expect(problems).toEqual([]);
  });

  for (const id of Object.keys(CHECKS)) {
    it(`runs ${id}`, async () => {
      const example = examples.get(id) as PageExample;
      expect(example).toBeDefined();
      await (CHECKS[id] as (e: PageExample) => Promise<void>)(example);
    });
  }

  // ---- the widget's examples, over https ----------------------------------------------------

  /*
   * The widget's panel is the portal in a frame of another site: the browser keeps its session
   * only in a `Secure; SameSite=None; Partitioned` cookie, so only over https (on plain http the
   * panel offers a popup instead). So the widget's examples run against a second server behind
   * the TLS proxy (support/tls.ts, as in widget.e2e-spec.ts), for a tenant of its own: its page
   * (`https://{slug}.localhost:{port}/integration`) gives the examples, taken out as above. The
   * company's site is an Express app over https on an allowed origin (support/examples.ts,
   * EXPRESS_SITE): it serves a page with the tag as printed, and mounts the token route as
   * printed behind a stand-in for its session, which has signed Zoë in.
   */
  describe('the widget, over https as production serves it', () => {
    const widgetDir = tempDir('ct-e2e-widget-');
    const widgetDb = useServerDatabase();
    const SITE_USER = { id: 7, ...USER };
    const SIGNED_IN = 'app_session=signed-in';
    let secure: SecureServer;
    let wTenant: SignedUpTenant;
    let shown: Map<string, PageExample>;
    let siteOrigin = '';
    let hostSite: { output: () => string; stop: () => Promise<void> } | undefined;

    /** The company's page: a recorder of the widget's events (its documented window events), then the tag as printed. */
    const hostPage = (tag: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Company app</title></head>
<body>
<h1>Company app</h1>
<script>
  window.recorded = [];
  ['ready', 'authenticated', 'ticket:created', 'closed', 'error'].forEach(function (type) {
    addEventListener('central-tickets:' + type, function (e) { recorded.push({ type: type, detail: e.detail }); });
  });
</script>
${tag}
</body>
</html>
`;
    const recorded = async (page: Page, type: string): Promise<Record<string, unknown>> => {
      const handle = await page.waitForFunction(
        (t) => (window as unknown as { recorded: Array<{ type: string; detail: unknown }> }).recorded.find((e) => e.type === t)?.detail,
        type,
      );
      return (await handle.jsonValue()) as Record<string, unknown>;
    };

    beforeAll(async () => {
      secure = await startSecureServer({ dataDir: widgetDir, env: widgetDb.env() });
      wTenant = await signUp(secure.server, uniqueSlug('widget'));
      expect(wTenant.portal).toBe(`https://${wTenant.slug}.${new URL(secure.publicUrl).host}`);
      const guide = await sendToPortal(secure.server, `${wTenant.portal}/integration`);
      expect(guide.status).toBe(200);
      shown = new Map(extractExamples(guide.text).map((e) => [e.id, e]));

      const port = await freePort();
      siteOrigin = `https://127.0.0.1:${port}`;
      await configureTenant(secure.server, wTenant, { allowed_origins: [siteOrigin] });
      ws.write('support-routes.mjs', shown.get('widget-token-express')?.code ?? '');
      const pageFile = ws.write('widget-host.html', hostPage(shown.get('widget-tag')?.code ?? ''));
      hostSite = await ws.nodeServer('widget-site.mjs', EXPRESS_SITE, {
        CENTRAL_TICKETS_JWT_SECRET: wTenant.jwtSecret,
        CENTRAL_TICKETS_JWT_KID: wTenant.jwtSecretKid,
        SITE_PORT: String(port),
        SITE_PAGE: pageFile,
        SITE_USER: JSON.stringify(SITE_USER),
        TLS_KEY: secure.cert.keyFile,
        TLS_CERT: secure.cert.certFile,
      });
    });
    afterAll(async () => {
      await hostSite?.stop();
      await secure?.stop();
      cleanup(widgetDir);
    });

    it("are the same examples as on the first tenant's page, filled in for this one", () => {
      for (const id of WIDGET_EXAMPLES) {
        const first = examples.get(id)?.code ?? '';
        expect([id, shown.get(id)?.code]).toEqual([id, first.split(tenant.portal).join(wTenant.portal).split(tenant.slug).join(wTenant.slug)]);
      }
      expect(shown.get('widget-tag')?.code).toContain(`<script src="${wTenant.portal}/widget.js" data-tenant="${wTenant.slug}" data-token-url="/support/widget-token" async></script>`);
    });

    it('runs widget-token-express: a token for the signed-in user, which the API takes; 401 for nobody', async () => {
      const tokenRoute = (cookie?: string) =>
        send(`${siteOrigin}/support/widget-token`, { method: 'POST', ca: secure.cert.cert, headers: cookie ? { Cookie: cookie } : {} });
      expect((await tokenRoute()).status).toBe(401);
      const answer = await tokenRoute(SIGNED_IN);
      expect([answer.status, answer.headers['cache-control'], answer.headers['content-type']]).toEqual([200, 'no-store', 'application/json; charset=utf-8']);
      const { token } = answer.json<{ token: string }>();
      const decoded = jwt.decode(token, { complete: true });
      expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: wTenant.jwtSecretKid });
      const claims = decoded?.payload as Record<string, number | string>;
      expect(claims).toEqual({ ...USER, external_id: '7', aud: wTenant.slug, iat: expect.any(Number), exp: expect.any(Number), jti: expect.any(String) });
      expect((claims['exp'] as number) - (claims['iat'] as number)).toBeLessThanOrEqual(120);
      const login = await send(`${secure.server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: wTenant.slug } });
      expect([login.status, login.json()['user']]).toEqual([200, expect.objectContaining(USER)]);
    });

    it('runs widget-tag: the launcher opens the panel, Zoë is signed in by the token route, opens a ticket, the page hears its number', async () => {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      await context.addCookies([{ name: 'app_session', value: 'signed-in', url: siteOrigin }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      const tokenAnswers: number[] = [];
      page.on('response', (r) => {
        if (r.url() === `${siteOrigin}/support/widget-token`) tokenAnswers.push(r.status());
      });
      await page.goto(`${siteOrigin}/`);

      // The launcher (the widget's own button); the panel: the portal framed by the company's page.
      const signIn = page.waitForResponse((r) => r.url() === `${wTenant.portal}/api/widget/session`);
      await page.getByRole('button', { name: 'Support', exact: true }).click();
      await page.getByRole('dialog', { name: 'Support' }).waitFor();
      const session = await signIn;
      expect(session.status()).toBe(204);
      expect(JSON.parse(session.request().postData() ?? '{}')).toMatchObject({ origin: siteOrigin, mode: 'frame' });
      expect(((await session.headerValue('set-cookie')) ?? '').split(/;\s*/)).toEqual(expect.arrayContaining(['Secure', 'SameSite=None', 'Partitioned']));
      expect(await recorded(page, 'authenticated')).toEqual({ user: USER });
      expect(tokenAnswers).toEqual([200]);
      const frame = page.frames().find((f) => f.url().startsWith(`${wTenant.portal}/widget?`)) as Frame;
      const framed = new URL(frame.url());
      expect([framed.origin, framed.pathname, framed.searchParams.get('origin'), framed.searchParams.get('mode')]).toEqual([wTenant.portal, '/widget', siteOrigin, 'frame']);

      // A ticket from the panel: the page hears it (its window event, and the example's own listener).
      await frame.getByLabel('Title').fill('Cannot export my invoices');
      await frame.getByLabel('What happened?').fill('The export button does nothing since Monday.');
      const logged = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('Support ticket #') });
      await frame.getByRole('button', { name: 'Send' }).click();
      const { ticket } = (await recorded(page, 'ticket:created')) as { ticket: { id: string; number: number; url: string } };
      expect(ticket).toMatchObject({ number: expect.any(Number), title: 'Cannot export my invoices', status: 'open', url: `${wTenant.portal}/tickets/${ticket.number}` });
      expect((await logged).text()).toBe(`Support ticket #${ticket.number} opened: ${ticket.url}`);
      const stored = await send(`${secure.server.url}/api/tickets/${ticket.number}`, { headers: bearer(wTenant) });
      expect([stored.status, stored.json()]).toEqual([
        200,
        expect.objectContaining({ id: ticket.id, number: ticket.number, description: 'The export button does nothing since Monday.', requester: expect.objectContaining(USER) }),
      ]);
      expect(JSON.parse((await page.evaluate((k) => localStorage.getItem(k), `central-tickets:${wTenant.slug}:user`)) ?? 'null')).toEqual(USER);

      // What the example's comment says to call when the user signs out of the app.
      await page.evaluate("CentralTickets('logout')");
      expect(await page.evaluate((k) => localStorage.getItem(k), `central-tickets:${wTenant.slug}:user`)).toBeNull();
      await frame.getByText('Sign in to the site to contact support.').waitFor();
      expect(await frame.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
      expect(errors).toEqual([]);
    });
  });

  // ---- the earlier guides, as printed --------------------------------------------------------

  describe("the guides' own examples, as printed", () => {
    /** A guide's code with its placeholders filled in for `t` on this server. */
    const forTenant = (code: string, t: SignedUpTenant, extra: Record<string, string> = {}) =>
      guides.fill(code, {
        [guides.GUIDE_ORIGIN_000]: platform,
        'https://ticket.yourcompany.com': t.portal,
        [guides.GUIDE_ORIGIN_001]: platform,
        '/api/auth/redirect/yourcompany': `/api/auth/redirect/${t.slug}`,
        ...extra,
      });

    /**
     * The fetch examples: the API's 302 is followed inside fetch, which spends the one-time link
     * on the portal (the callback answers 302 and records the sign-in) and then fails CORS; the
     * user stays on the company page, and their browser has no session on the portal.
     */
    const spentInsideFetch = async (page: Page, callbacks: string[], t: SignedUpTenant) => {
      expect(callbacks).toHaveLength(1);
      const replay = await sendToPortal(server, callbacks[0] as string, { headers: { Accept: 'application/json' } });
      expect([replay.status, replay.json()['code']]).toEqual([401, 'TOKEN_REPLAYED']);
      expect(await page.context().cookies(t.portal)).toEqual([]);
      const events = await securityEvents(t);
      expect(events.find((e) => e.kind === 'token_replayed')).toBeDefined();
      expect(events.find((e) => e.kind === 'login_succeeded' && e.method === 'redirect')).toBeDefined();
    };

    const watchCallbacks = (page: Page) => {
      const callbacks: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/auth/callback?token=')) callbacks.push(r.url());
      });
      return callbacks;
    };

    it("000 'JavaScript/Node.js' redirectToTickets (with 'E-commerce Platform'): fetch spends the link, the user is not signed in", async () => {
      const page = await newPage();
      const code = forTenant(`${guides.G000_REDIRECT_FETCH}\n${guides.G000_ECOMMERCE}`, tenant, {
        "'your-store'": `'${tenant.slug}'`,
        'https://yourstore.com/account/support': `${site.origin}/account/support`,
      });
      const url = site.page('/guides/000-fetch', pageWithExample(USER, `<script>\n${code}\n</script>`));
      await page.goto(url);
      const callbacks = watchCallbacks(page);
      const outcome = await page.evaluate<string>('handleSupportRequest(currentUser.email, currentUser.name).then(() => "resolved", (e) => "rejected: " + e)');
      expect(outcome).toBe('rejected: TypeError: Failed to fetch');
      expect(page.url()).toBe(url);
      await spentInsideFetch(page, callbacks, tenant);
    });

    it("001 'Example 2: AJAX Integration': fetch spends the link, the page says it failed to connect", async () => {
      const page = await newPage();
      const code = forTenant(guides.G001_AJAX, tenant);
      const url = site.page('/guides/001-ajax', pageWithExample(USER, `<script>window.authUser = currentUser;\n${code}\n</script>`));
      await page.goto(url);
      const callbacks = watchCallbacks(page);
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.evaluate('contactSupportAjax()');
      expect(dialogs).toEqual(['Failed to connect to support system. Please try again.']);
      expect(page.url()).toBe(url);
      await spentInsideFetch(page, callbacks, tenant);
    });

    describe("000 PHP redirectToTickets (CURLOPT_FOLLOWLOCATION), behind php -S", () => {
      const runGuide = async (t: SignedUpTenant) => {
        ws.write('guide-redirect.php', forTenant(guides.G000_REDIRECT_PHP, t));
        return ws.phpPage(
          'contact-support.php',
          `<?php
require __DIR__ . '/guide-redirect.php';
redirectToTickets(${JSON.stringify(JANE.email)}, ${JSON.stringify(JANE.name)}, ${JSON.stringify(t.slug)}, ${JSON.stringify(`${t.portal}/dashboard`)});
`,
        );
      };

      it("in 'open' mode the PHP server spends the link: the browser is sent to the dashboard, signed out", async () => {
        const answer = await runGuide(openTenant);
        // curl followed the 302 to the callback and the callback's 302 to the dashboard.
        expect([answer.status, answer.location]).toEqual([302, `${openTenant.portal}/dashboard`]);
        const dashboard = await sendToPortal(server, answer.location as string);
        expect(cookieOf(dashboard, 'ct_session')).toBeUndefined();
        const me = await sendToPortal(server, `${openTenant.portal}/api/me`);
        expect([me.status, me.json()['code']]).toEqual([401, 'UNAUTHENTICATED']);
        // The sign-in happened, by the PHP server (curl sends no User-Agent), not by a browser.
        const signIn = (await securityEvents(openTenant)).find((e) => e.kind === 'login_succeeded');
        expect(signIn).toMatchObject({ method: 'redirect', user_agent: null });
      });

      it("in the default 'origin' mode it is refused (no Origin, no API token): the browser is sent to the API's URL", async () => {
        const answer = await runGuide(tenant);
        expect([answer.status, answer.location]).toEqual([302, `${platform}/api/auth/redirect/${tenant.slug}`]);
        const refused = (await securityEvents(tenant)).find((e) => e.kind === 'origin_refused' && e.email === JANE.email);
        expect(refused).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
      });
    });

    it("000 'Example API Usage' in Node: creates the ticket", async () => {
      const code = `${forTenant(guides.G000_API_USAGE, tenant, { YOUR_TENANT_API_TOKEN: tenant.apiToken })}
console.log(response.status, JSON.stringify(await response.json()));
`;
      const result = ws.node('guide-api-usage.mjs', code);
      expect([result.code, result.stderr]).toEqual([0, '']);
      const [status, body] = [result.stdout.slice(0, 3), JSON.parse(result.stdout.slice(4)) as { id: string; title: string; priority: string }];
      expect(status).toBe('201');
      expect(body).toMatchObject({ title: 'Support Request', priority: 'medium' });
      expect((await send(`${server.url}/api/tickets/${body.id}`, { headers: bearer(tenant) })).status).toBe(200);
    });

    it("000 'JavaScript (Browser)' loginToTickets: works, given a token (which must be signed on the server)", async () => {
      const page = await newPage();
      // The guide's generateJWToken is Node code (jsonwebtoken): in a page it stands for a token the server signed.
      const code = `function generateJWToken() { return ${JSON.stringify(loginTokenFor(tenant))}; }\n${forTenant(guides.G000_LOGIN_BROWSER, tenant)}`;
      await page.goto(site.page('/guides/000-login-browser', pageWithExample(USER, `<script>\n${code}\n</script>`)));
      await Promise.all([
        page.waitForURL(`${tenant.portal}/dashboard`),
        run(page, `loginToTickets(currentUser.email, currentUser.name, ${JSON.stringify(tenant.slug)}, 'not-the-secret: it never belongs in a page')`),
      ]);
      expect(await fetchMe(page)).toMatchObject({ status: 200, body: { user: USER } });
    });

    it("000 'PHP (Server-side)' loginToTickets (firebase/php-jwt's JWT::encode stand-in): signs the user in", async () => {
      ws.write('firebase-jwt.php', guides.FIREBASE_JWT_STAND_IN);
      ws.write('guide-login.php', forTenant(guides.G000_LOGIN_PHP, tenant));
      const answer = await ws.phpPage(
        'login.php',
        `<?php
require __DIR__ . '/firebase-jwt.php'; // where the app's vendor/autoload.php loads firebase/php-jwt
require __DIR__ . '/guide-login.php';
loginToTickets(${JSON.stringify(JANE.email)}, ${JSON.stringify(JANE.name)}, ${JSON.stringify(tenant.slug)}, getenv('CENTRAL_TICKETS_JWT_SECRET'));
`,
      );
      expect(answer.status).toBe(302);
      await signsIn(answer.location as string, `${tenant.portal}/dashboard`);
    });

    it("000 'Laravel Blade Template Approach': the name field has no name, so the post is refused (422)", async () => {
      const page = await newPage();
      const html = forTenant(guides.G000_BLADE_PAGE, tenant, {
        CSRF_TOKEN: 'laravel-csrf-token',
        CURRENT_USER_JSON: JSON.stringify({ ...USER, tenant_slug: tenant.slug }),
      });
      await page.goto(site.page('/guides/000-blade', html));
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/auth/redirect/${tenant.slug}`)),
        page.getByRole('button', { name: 'Contact Support' }).click(),
      ]);
      expect(answer.status()).toBe(422);
      const posted = new URLSearchParams(answer.request().postData() ?? '');
      expect([...posted.keys()]).toEqual(['email', 'redirect_url']);
      expect(await page.context().cookies(tenant.portal)).toEqual([]);
    });

    it("000 'Meta Tags Approach': signs the user in and brings them back to the page", async () => {
      const page = await newPage();
      const html = forTenant(guides.G000_META_PAGE, tenant, { USER_EMAIL: USER.email, USER_NAME: USER.name.replace("'", '&#39;'), TENANT_SLUG: tenant.slug });
      const url = site.page('/guides/000-meta', html);
      await page.goto(url);
      const back = await clickAndReturnTo(page, 'Contact Support', url);
      expect(back.request().redirectedFrom()?.url()).toMatch(/\/auth\/callback\?token=/);
      await page.goto(`${tenant.portal}/dashboard`);
      expect(await fetchMe(page)).toMatchObject({ status: 200, body: { user: USER } });
    });

    it("000 'AJAX Approach': as printed it stops at 'Please log in' (no csrf-token meta); with the layout's meta tag it signs in", async () => {
      const page = await newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(site.page('/guides/000-ajax', forTenant(guides.G000_AJAX_PAGE, tenant, { HEAD_EXTRA: '' })));
      const dialog = page.waitForEvent('dialog');
      await page.getByRole('button', { name: 'Contact Support' }).click();
      await dialog;
      expect(dialogs).toEqual(['Please log in to contact support']);

      const meta = '\n    <meta name="csrf-token" content="laravel-csrf-token">';
      const url = site.page('/guides/000-ajax-layout', forTenant(guides.G000_AJAX_PAGE, tenant, { HEAD_EXTRA: meta }));
      await page.goto(url);
      await clickAndReturnTo(page, 'Contact Support', url);
      await page.goto(`${tenant.portal}/dashboard`);
      expect(await fetchMe(page)).toMatchObject({ status: 200, body: { user: USER } });
    });

    it("001 'Example 1' (Laravel footer) with the 'Step 3' link and the console tests: a new tab, signed in", async () => {
      const page = await newPage();
      const footer = forTenant(guides.G001_LARAVEL_FOOTER, tenant, { AUTH_USER_JSON: JSON.stringify(USER), LOGIN_URL: `${site.origin}/login` });
      await page.goto(site.page('/guides/001-laravel', `<!doctype html><html><head><meta charset="utf-8"><title>Company app</title></head><body>\n${guides.G001_STEP3_LINK}\n${footer}\n</body></html>`));
      const logged: string[] = [];
      page.on('console', (m) => logged.push(m.text()));
      await page.evaluate(guides.G001_CONSOLE_TESTS);
      expect(logged.slice(1)).toEqual([`Stored Email: ${USER.email}`, `Stored Name: ${USER.name}`]);
      expect(logged[0]).toMatch(/^User Data: /);

      const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Submit Support Ticket' }).click()]);
      await tab.waitForURL(`${tenant.portal}/dashboard`);
      expect(await fetchMe(tab)).toMatchObject({ status: 200, body: { user: USER } });
    });

    it("001 'Example 3: WordPress Integration' (footer.php rendered by php with WordPress' functions): signs the user in", async () => {
      ws.write('wordpress.php', guides.WORDPRESS_STAND_IN(USER, `${site.origin}/wp-login.php`));
      ws.write('footer.php', forTenant(guides.G001_WORDPRESS_FOOTER, tenant));
      const rendered = ws.php('render-footer.php', `<?php require __DIR__ . '/wordpress.php'; include __DIR__ . '/footer.php';`);
      expect([rendered.code, rendered.stderr]).toEqual([0, '']);
      expect(rendered.stdout).toContain(`name: 'Zoë O\\'Brien'`);

      const page = await newPage();
      await page.goto(site.page('/guides/001-wordpress', `<!doctype html><html><head><meta charset="utf-8"><title>WordPress</title></head><body>\n${rendered.stdout}\n</body></html>`));
      await Promise.all([page.waitForURL(`${tenant.portal}/dashboard`), run(page, 'contactSupport(null, false)')]);
      expect(await fetchMe(page)).toMatchObject({ status: 200, body: { user: USER } });
    });

    describe("001 React: 'Example 4' (SupportButton.jsx) and 'Step 1' React/Next.js, bundled by esbuild with React 19", () => {
      const errors: string[] = [];
      /** A page of the company's React app: `main` (JSX) and the modules it imports, bundled into the page's one script. */
      const reactPage = async (name: string, main: string): Promise<Page> => {
        const script = await ws.bundleJsx(main);
        site.route('GET', `/guides/${name}.js`, (_req, res) => res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script));
        const page = await newPage();
        page.on('pageerror', (err) => errors.push(err.message));
        const html = `<!doctype html><html><head><meta charset="utf-8"><title>Company app</title><script src="/guides/${name}.js" defer></script></head><body><div id="root"></div></body></html>`;
        await page.goto(site.page(`/guides/${name}`, html));
        return page;
      };
      /** The app's entry: renders `element` (JSX) into #root, `SupportButton` imported from the guide's file. */
      const main = (element: string) => `import { createRoot } from 'react-dom/client';
import SupportButton from './SupportButton.jsx';
import AuthUser from './AuthUser.jsx';

const email = ${JSON.stringify(USER.email)};
const name = ${JSON.stringify(USER.name)};
createRoot(document.getElementById('root')).render(${element});
`;
      const stored = (page: Page) =>
        page.evaluate<unknown[]>("[localStorage.getItem('yourcompany_user_email'), localStorage.getItem('yourcompany_user_name'), window.authUser]");

      beforeAll(() => {
        ws.write('SupportButton.jsx', forTenant(guides.G001_REACT_COMPONENT, tenant));
        // The fragment's hooks, pasted as printed into the body of a component (`session` as next-auth's useSession gives it).
        ws.write('AuthUser.jsx', `import { useEffect, useState } from 'react';\n\nexport default function AuthUser({ session }) {\n${guides.G001_REACT_STATE}\n\nreturn null;\n}\n`);
        site.page('/login', '<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body><h1>Sign in</h1></body></html>');
      });
      afterEach(() => {
        expect(errors.splice(0)).toEqual([]);
      });

      it("'Example 4' signed in: stores the user as the guide does; the button opens the portal in a new tab, signed in", async () => {
        const page = await reactPage('001-react', main('<SupportButton user={{ email, name }} />'));
        const button = page.getByRole('button', { name: 'Submit Support Ticket' });
        expect(await button.getAttribute('class')).toBe('btn btn-primary');
        await page.waitForFunction("localStorage.getItem('yourcompany_user_email') !== null");
        expect(await stored(page)).toEqual([USER.email, USER.name, USER]);

        const [tab] = await Promise.all([page.waitForEvent('popup'), button.click()]);
        await tab.waitForURL(`${tenant.portal}/dashboard`);
        expect(await fetchMe(tab)).toMatchObject({ status: 200, body: { user: USER, tenant: { slug: tenant.slug } } });
        expect(page.url()).toBe(`${site.origin}/guides/001-react`);
        expect(await page.locator('form').count()).toBe(0);
      });

      it("'Example 4' signed out (user={null}): the guide's alert, then the site's /login", async () => {
        const page = await reactPage('001-react-signed-out', main('<SupportButton user={null} />'));
        const dialogs: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(`${d.type()}: ${d.message()}`);
          void d.accept();
        });
        await page.waitForFunction('window.authUser === null');
        expect(await stored(page)).toEqual([null, null, null]);
        await Promise.all([page.waitForURL(`${site.origin}/login`), page.getByRole('button', { name: 'Submit Support Ticket' }).click()]);
        expect(dialogs).toEqual(['alert: Please sign in to submit a support ticket.']);
        expect(await page.context().cookies(tenant.portal)).toEqual([]);
      });

      it("'Step 1' React/Next.js state, in a component's body: window.authUser is the session's user", async () => {
        const page = await reactPage('001-react-state', main('<AuthUser session={{ user: { email, name } }} />'));
        await page.waitForFunction('window.authUser !== undefined');
        expect(await stored(page)).toEqual([null, null, USER]);
      });
    });

    it("001 'API Reference': the 302, the 422, 404 and 429 bodies and the rate-limit headers", async () => {
      const ip = '127.0.0.42'; // a client of its own: rate limits count per IP
      const post = (slug: string, body: object, headers: Record<string, string> = {}): Promise<Answer> =>
        send(`${server.url}/api/auth/redirect/${slug}`, { method: 'POST', localAddress: ip, headers: { Accept: 'application/json', Origin: site.origin, ...headers }, body });
      const ok = await post(tenant.slug, { email: 'user@example.com', name: 'John Doe', redirect_url: `${tenant.portal}/tickets/create` });
      expect(ok.status).toBe(302);
      expect(ok.headers['location']).toMatch(new RegExp(`^${tenant.portal.replace(/\./g, '\\.')}/auth/callback\\?token=[^&]+$`));
      expect([ok.headers['x-ratelimit-limit'], ok.headers['x-ratelimit-remaining']]).toEqual(['60', '59']);

      const invalid = await post(tenant.slug, {});
      expect(invalid.status).toBe(422);
      expect(invalid.json()).toMatchObject({
        message: 'The given data was invalid.',
        errors: { email: ['The email field is required.'], name: ['The name field is required.'] },
      });
      const unknown = await post('no-such-tenant', { email: 'user@example.com', name: 'John Doe' });
      expect(unknown.status).toBe(404);
      // The guide prints the sentence as "error"; our envelope keeps "error" short and puts it in "details" (seeds/000's format).
      expect(unknown.json()).toMatchObject({ message: 'Tenant not found.', error: 'Not Found', code: 'TENANT_NOT_FOUND', details: 'The specified tenant does not exist.' });

      let limited: Answer | undefined;
      for (let i = 0; i < 60 && !limited; i++) {
        const res = await post(tenant.slug, {});
        if (res.status === 429) limited = res;
      }
      expect(limited?.json()).toMatchObject({ message: 'Too many requests.', retry_after: expect.any(Number), code: 'RATE_LIMITED' });
      expect(Number(limited?.headers['retry-after'])).toBe(limited?.json()['retry_after']);
    });

    it("000 'Step 5: Testing': the JSON test endpoint and both test pages", async () => {
      const res = await send(`${server.url}/api/test/auth/redirect/${tenant.slug}`, {
        method: 'POST',
        headers: { Origin: site.origin },
        body: { email: 'user@example.com', name: 'John Doe', redirect_url: `${tenant.portal}/dashboard` },
      });
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ redirect_url: expect.stringContaining(`${tenant.portal}/auth/callback?token=`), expires_in: 120 });
      for (const path of ['/test-auth-redirect', '/test-auth-redirect-form']) {
        const page = await send(`${server.url}${path}`);
        expect([path, page.status, page.headers['content-type']]).toEqual([path, 200, 'text/html; charset=utf-8']);
      }
    });
  });

  // ---- the README ----------------------------------------------------------------------------

  describe("the README's integration examples", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const blocks = markdownBlocks(readme);
    let demoToken = '';
    const asPrinted = (code: string) =>
      code.split('http://localhost:3000').join(platform).split('<the demo API token>').join(demoToken).split('<token>').join(demoToken);

    beforeAll(async () => {
      demoToken = /Demo API token\s+(ct_\S+)/.exec(server.stdout())?.[1] ?? '';
      expect(demoToken).toMatch(/^ct_/);
      const demo = { slug: 'demo', apiToken: demoToken } as SignedUpTenant;
      await configureTenant(server, demo, { allowed_origins: [site.origin] });
    });

    it('runs the browser form post against the demo tenant: the user lands on its portal, signed in', async () => {
      const js = blocks.filter((b) => b.language === 'js');
      expect(js).toHaveLength(1);
      const page = await newPage();
      const url = site.page('/readme', `<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Your app</h1></body></html>`);
      await page.goto(url);
      const demoPortal = `http://demo.localhost:${server.port}`;
      await Promise.all([page.waitForURL(`${demoPortal}/dashboard`), run(page, asPrinted(js[0]?.code ?? ''))]);
      expect(await fetchMe(page)).toMatchObject({ status: 200, body: { user: { email: 'user@example.com', name: 'John Doe' }, tenant: { slug: 'demo' } } });
    });

    it('runs every curl command: each answers JSON without an error', async () => {
      const curls = blocks.filter((b) => b.language === 'sh' && /^curl /.test(b.code));
      expect(curls.length).toBeGreaterThanOrEqual(3);
      for (const block of curls) {
        const res = spawnSync('bash', ['-c', asPrinted(block.code)], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env['PATH'], NO_PROXY: '*', no_proxy: '*' } });
        expect([block.code, res.status, /command not found/.test(res.stderr)]).toEqual([block.code, 0, false]);
        const body = JSON.parse(res.stdout) as Record<string, unknown>;
        expect([block.code, body['code']]).toEqual([block.code, undefined]);
      }
    });

    it('shows the error envelope as the API answers it', async () => {
      const shown = blocks.find((b) => b.language === 'json' && b.code.includes('VALIDATION_FAILED'));
      const res = await send(`${server.url}/api/signup`, {
        method: 'POST',
        localAddress: '127.0.0.43',
        body: { tenant_name: 'Acme Inc.', tenant_slug: uniqueSlug('readme'), admin_email: 'not-an-address', admin_name: 'Ada', admin_password: 'correct horse battery staple' },
      });
      const expected = JSON.parse(shown?.code ?? '{}') as Record<string, unknown>;
      expect(res.status).toBe(422);
      expect({ ...res.json(), correlation_id: expected['correlation_id'] }).toEqual(expected);
    });
  });
});
