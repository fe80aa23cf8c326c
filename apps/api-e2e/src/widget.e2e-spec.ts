import { signLoginToken } from '@central-tickets/sdk/server';
import type { Browser, BrowserContext, ConsoleMessage, Frame, Page } from 'playwright-core';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { launchChromium, screenshotPath } from './support/browser';
import { cleanup, type RunningServer, tempDir, useServerDatabase } from './support/server';
import { configureTenant, send, type SignedUpTenant, signUp, uniqueSlug } from './support/sign-in';
import { type SecureServer, startSecureServer } from './support/tls';

/*
 * The support widget (docs/WIDGET.md) in headless Chromium, as production runs it: every origin
 * on https (a TLS proxy in front of the API, a self-signed certificate the browser is told to
 * accept), the portal in a third-party iframe of the company's site.
 *
 * - On the company's site (an allowed origin): one script tag adds the launcher; it opens the
 *   panel, the person is signed in with a token the site's server signed (the SDK's
 *   signLoginToken), opens a ticket, and the page hears `ticket:created` with its number. Escape,
 *   focus, localStorage and logout as documented. The same in popup mode.
 * - On a foreign site: the browser refuses to frame the portal (frame-ancestors), and forged
 *   messages — to the page, to the frame, to a popup — change nothing.
 */

const RITA = { email: 'rita@customer.example', name: 'Rita Requester' };
const EVENT_TYPES = ['ready', 'authenticated', 'ticket:created', 'closed', 'error'];

interface Recorded {
  type: string;
  detail: Record<string, unknown>;
}

describe('the support widget', () => {
  const dataDir = tempDir('ct-widget-e2e-');
  const db = useServerDatabase();
  let secure: SecureServer;
  let server: RunningServer;
  let site: Server;
  let foreign: Server;
  let browser: Browser;
  let tenant: SignedUpTenant;
  /** https://{slug}.localhost:{proxy port} */
  let portal = '';
  let siteOrigin = '';
  let foreignOrigin = '';
  const contexts: BrowserContext[] = [];
  /** Every login token the company's server signed (its /token route). */
  const issued: string[] = [];

  /** The company's page: the documented snippet, plus a recorder of the widget's events. */
  const hostPage = (opts: { mode?: 'popup'; csp?: boolean; nonce?: string } = {}) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer app</title></head>
<body>
  <h1>Customer app</h1>
  <p><a href="#top">A link before the widget</a></p>
  <script nonce="${opts.nonce ?? ''}">
    window.events = [];
    window.messages = [];
    window.CentralTickets = window.CentralTickets || function () { (window.CentralTickets.q = window.CentralTickets.q || []).push(arguments); };
    ${JSON.stringify(EVENT_TYPES)}.forEach(function (type) {
      CentralTickets('on', type, function (detail) { events.push({ type: type, detail: detail }); });
    });
    CentralTickets('prefill', { title: 'Cannot export my invoices' });
    addEventListener('message', function (e) { messages.push({ origin: e.origin, type: e.data && e.data.type }); });
  </script>
  <script src="${portal}/widget.js" data-tenant="${tenant.slug}" data-token-url="/token"${opts.mode ? ` data-mode="${opts.mode}"` : ''} async></script>
</body></html>`;

  /** The company's site: its page(s), and the route its server signs login tokens on. */
  const companySite = (origin: () => string) =>
    createHttpsServer(tls(), (req, res) => {
      const url = new URL(req.url ?? '/', origin());
      if (url.pathname === '/token' && req.method === 'POST') {
        // What the site's server does for its signed-in user (here always Rita): never the secret in the page.
        const token = signLoginToken({ ...RITA, secret: tenant.jwtSecret, kid: tenant.jwtSecretKid, expiresInSeconds: 60 });
        issued.push(token);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ token }));
        return;
      }
      if (url.pathname === '/token-signed-out' && req.method === 'POST') {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"Nobody is signed in."}');
        return;
      }
      if (url.pathname === '/forge') {
        // A page of another origin that tries its luck by postMessage (see the tests).
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Forger</title><p>forger');
        return;
      }
      const nonce = 'n0nce4widget';
      const popup = url.pathname === '/popup';
      const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
      if (url.pathname === '/') {
        // A strict page policy, as the docs ask of integrators: the widget needs no inline script or style.
        headers['Content-Security-Policy'] = `default-src 'self'; script-src 'nonce-${nonce}' ${portal}; frame-src ${portal}; style-src 'self'; connect-src 'self'`;
      }
      const page = hostPage({ mode: popup ? 'popup' : undefined, nonce });
      res.writeHead(200, headers).end(url.pathname === '/signed-out' ? page.replace('data-token-url="/token"', 'data-token-url="/token-signed-out"') : page);
    });

  const tls = () => ({ key: secure.cert.key, cert: secure.cert.cert });

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  };
  const events = (page: Page) => page.evaluate(() => (window as unknown as { events: Recorded[] }).events);
  const waitForEvent = async (page: Page, type: string, count = 1): Promise<Recorded> => {
    await page.waitForFunction(
      ([t, n]) => (window as unknown as { events: Recorded[] }).events.filter((e) => e.type === t).length >= (n as number),
      [type, count] as const,
    );
    return (await events(page)).filter((e) => e.type === type)[count - 1] as Recorded;
  };
  const widgetFrame = async (page: Page): Promise<Frame> => {
    await page.waitForFunction((p) => Array.from(document.querySelectorAll('[data-central-tickets]')).some((h) => h.shadowRoot?.querySelector(`iframe[src^="${p}/widget"]`)), portal);
    for (;;) {
      const frame = page.frames().find((f) => f.url().startsWith(`${portal}/widget`));
      if (frame) return frame;
      await page.waitForTimeout(50);
    }
  };
  const launcher = (page: Page) => page.getByRole('button', { name: 'Support', exact: true });
  const storedUser = (page: Page) => page.evaluate((key) => window.localStorage.getItem(key), `central-tickets:${tenant.slug}:user`);
  const ticket = async (number: number) => {
    const res = await send(`${server.url}/api/tickets/${number}`, { headers: { Authorization: `Bearer ${tenant.apiToken}` } });
    return { status: res.status, body: res.status === 200 ? res.json<Record<string, unknown>>() : {} };
  };
  const frameAncestors = (csp: string | undefined) =>
    (csp ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('frame-ancestors '))?.split(' ').slice(1);

  beforeAll(async () => {
    // The TLS proxy production has in front of the API (Caddy there): the portal is https://{slug}.localhost:{port}.
    secure = await startSecureServer({ dataDir, env: db.env() });
    server = secure.server;

    tenant = await signUp(server, uniqueSlug('widget'));
    portal = tenant.portal;
    expect(portal).toBe(`https://${tenant.slug}.${new URL(secure.publicUrl).host}`);

    site = companySite(() => siteOrigin);
    foreign = companySite(() => foreignOrigin);
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    await new Promise<void>((ok) => foreign.listen(0, '127.0.0.1', ok));
    siteOrigin = `https://127.0.0.1:${(site.address() as AddressInfo).port}`;
    foreignOrigin = `https://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    await configureTenant(server, tenant, { allowed_origins: [siteOrigin] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    for (const s of [site, foreign]) await new Promise((ok) => (s ? s.close(ok) : ok(undefined)));
    await secure?.stop();
    cleanup(dataDir);
  });

  it('the portal lets the company\'s site frame the widget page, and no other site', async () => {
    const page = await send(`${server.url}/widget?origin=${encodeURIComponent(siteOrigin)}&mode=frame`, { headers: { Host: tenant.portalHost } });
    expect(page.status).toBe(200);
    const sources = frameAncestors(page.headers['content-security-policy'] as string);
    expect(sources).toEqual(["'self'", ...[siteOrigin, portal].sort()]);
    expect(sources).not.toContain(foreignOrigin);
    expect(page.headers['x-frame-options']).toBeUndefined();
    const dashboard = await send(`${server.url}/dashboard`, { headers: { Host: tenant.portalHost } });
    expect(frameAncestors(dashboard.headers['content-security-policy'] as string)).toEqual(["'self'"]);
    const script = await send(`${server.url}/widget.js`, { headers: { Host: tenant.portalHost } });
    expect([script.status, script.headers['content-type'], script.headers['cross-origin-resource-policy']]).toEqual([200, 'text/javascript; charset=utf-8', 'cross-origin']);
  });

  it('on the company\'s site: the launcher opens the panel, the signed token signs Rita in, she opens a ticket and the page hears its number', async () => {
    const page = await newPage();
    const violations: string[] = [];
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${siteOrigin}/`);

    // The launcher: a real button, collapsed, controlling a dialog that is not shown yet.
    const button = launcher(page);
    await button.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await button.getAttribute('aria-haspopup')).toBe('dialog');
    expect(await page.getByRole('dialog', { name: 'Support' }).count()).toBe(0);
    // Nothing is loaded from the portal but the script until the person asks for support.
    expect(page.frames()).toHaveLength(1);

    const signIn = page.waitForResponse((r) => r.url() === `${portal}/api/widget/session`);
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('dialog', { name: 'Support' }).waitFor();
    const frame = await widgetFrame(page);

    // ready → the script asks the site's server for a token → identify → the frame signs in → authenticated.
    await waitForEvent(page, 'ready');
    const session = await signIn;
    expect(session.status()).toBe(204);
    const cookie = (await session.headerValue('set-cookie')) ?? '';
    expect(cookie).toMatch(/^__Host-ct_session=[^;]+;/);
    expect(cookie.split(/;\s*/).slice(1).filter((a) => !a.startsWith('Expires=')).sort()).toEqual(['HttpOnly', 'Partitioned', 'Path=/', 'SameSite=None', 'Secure']);
    const authenticated = await waitForEvent(page, 'authenticated');
    expect(authenticated.detail).toEqual({ user: RITA });
    expect(issued).toHaveLength(1);
    const sent = JSON.parse(session.request().postData() ?? '{}') as Record<string, unknown>;
    expect(sent).toEqual({ token: issued[0], origin: siteOrigin, mode: 'frame' });

    // What the guides keep, under one namespaced key: the email and the name, nothing else.
    expect(JSON.parse((await storedUser(page)) ?? 'null')).toEqual(RITA);
    expect(await page.evaluate(() => Object.keys(window.localStorage))).toEqual([`central-tickets:${tenant.slug}:user`]);

    // The prefill queued before the script loaded is in the form; focus went into it.
    const title = frame.getByLabel('Title');
    await expect(title.inputValue()).resolves.toBe('Cannot export my invoices');
    await frame.waitForFunction(() => document.activeElement?.id === 'widget-title');
    await frame.getByLabel('What happened?').fill('The export button does nothing since Monday.');
    await frame.getByRole('button', { name: 'Send' }).click();

    const created = await waitForEvent(page, 'ticket:created');
    const number = (created.detail['ticket'] as { number: number }).number;
    expect(created.detail).toEqual({
      ticket: { id: expect.any(String), number, title: 'Cannot export my invoices', status: 'open', url: `${portal}/tickets/${number}` },
    });
    expect(number).toBe(1);
    const stored = await ticket(number);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ title: 'Cannot export my invoices', description: 'The export button does nothing since Monday.', requester: { email: RITA.email, name: RITA.name } });
    await frame.getByRole('link', { name: `#${number} Cannot export my invoices` }).waitFor();
    // The panel shows the widget's page alone: none of the console's shell (its bar, its "Sign out").
    expect(await frame.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath('widget-panel') });

    // Escape (focus in the frame) closes the panel and gives focus back to the launcher.
    await frame.getByLabel('Title').focus();
    await page.keyboard.press('Escape');
    await waitForEvent(page, 'closed');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('dialog', { name: 'Support' }).count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement?.shadowRoot?.activeElement as HTMLElement | null)?.className)).toBe('launcher');

    // By keyboard: Enter on the launcher opens it again (same frame, same session, no new token).
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await frame.waitForFunction(() => document.activeElement?.id === 'widget-title');
    expect(issued).toHaveLength(1);
    // Escape on the page side (focus on the panel's close button) closes it too.
    await page.getByRole('button', { name: 'Close Support' }).focus();
    await page.keyboard.press('Escape');
    await waitForEvent(page, 'closed', 2);

    // Logout: the stored user is gone and the frame's session has ended.
    await page.evaluate(() => (window as unknown as { CentralTickets: (c: string) => void }).CentralTickets('logout'));
    expect(await storedUser(page)).toBeNull();
    // (The panel is closed: the frame's page is there, not shown.)
    await frame.getByText('Sign in to the site to contact support.').waitFor({ state: 'attached' });
    expect(await frame.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(401);
    expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
  });

  it('in popup mode: the portal opens in a window of its own and tells the page the same events', async () => {
    const page = await newPage();
    await page.goto(`${siteOrigin}/popup`);
    const popupOpened = page.waitForEvent('popup');
    await launcher(page).click();
    const popup = await popupOpened;
    expect(popup.url()).toBe(`${portal}/widget?origin=${encodeURIComponent(siteOrigin)}&mode=popup`);
    expect((await waitForEvent(page, 'authenticated')).detail).toEqual({ user: RITA });
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    await popup.getByLabel('What happened?').fill('Sent from the popup.');
    await popup.getByRole('button', { name: 'Send' }).click();
    const created = await waitForEvent(page, 'ticket:created');
    expect((created.detail['ticket'] as { number: number }).number).toBe(2);
    expect((await ticket(2)).body).toMatchObject({ title: 'Cannot export my invoices', requester: { email: RITA.email } });
    await popup.close();
    await waitForEvent(page, 'closed');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
  });

  it('without a signed-in user (the token route says 401) the panel asks to sign in; an email is never taken instead', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${portal}/api/`)) calls.push(r.url());
    });
    await page.goto(`${siteOrigin}/signed-out`);
    await launcher(page).click();
    const frame = await widgetFrame(page);
    await frame.getByText('Sign in to the site to contact support.').waitFor();
    // The guides' bare email is refused by the script itself, and nothing reaches the portal.
    await page.evaluate(() => (window as unknown as { CentralTickets: (c: string, v: object) => void }).CentralTickets('identify', { email: 'rita@customer.example', name: 'Rita' }));
    expect(errors).toContainEqual(expect.stringContaining('identify takes { token }'));
    expect((await events(page)).map((e) => e.type)).toEqual(['ready']);
    expect(await storedUser(page)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('where the browser keeps no cookie for the frame, the panel offers the popup, which signs in', async () => {
    const page = await newPage();
    // A browser that refuses the frame's cookie, even partitioned: the answer arrives without it.
    // (Passed on to the API from here: Node does not resolve *.localhost the way Chromium does.)
    await page.context().route(`${portal}/api/widget/session`, async (route) => {
      const req = route.request();
      const answer = await send(`${server.url}/api/widget/session`, {
        method: 'POST',
        headers: { Host: tenant.portalHost, Origin: portal, 'Content-Type': 'application/json' },
        body: req.postData() ?? '',
      });
      expect(answer.headers['set-cookie']).toBeDefined();
      await route.fulfill({ status: answer.status, headers: { 'Cache-Control': 'no-store' }, body: answer.text });
    });
    await page.goto(`${siteOrigin}/plain`);
    await launcher(page).click();
    const blocked = await waitForEvent(page, 'error');
    expect(blocked.detail).toMatchObject({ code: 'SESSION_BLOCKED' });
    expect((await events(page)).map((e) => e.type)).not.toContain('authenticated');
    const offer = page.getByRole('button', { name: 'Open in a new window' });
    await offer.waitFor();
    await page.context().unrouteAll();
    const popupOpened = page.waitForEvent('popup');
    await offer.click();
    const popup = await popupOpened;
    expect(popup.url()).toContain('mode=popup');
    expect((await waitForEvent(page, 'authenticated')).detail).toEqual({ user: RITA });
    await popup.getByLabel('Title').waitFor();
    await popup.close();
    await waitForEvent(page, 'closed');
  });

  it('on a foreign site the browser refuses to frame the portal, and nothing reaches the page', async () => {
    const page = await newPage();
    const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()) });
    const tokensBefore = issued.length;
    const widgetAnswer = page.waitForResponse((r) => r.url().startsWith(`${portal}/widget?`));
    await page.goto(`${foreignOrigin}/`);
    const framed = page.waitForEvent('framenavigated', { predicate: (f) => f !== page.mainFrame() });
    // The script itself is public (it is only code); its launcher shows.
    await launcher(page).click();
    const answer = await widgetAnswer;
    expect(frameAncestors(await answer.headerValue('content-security-policy') ?? '')).not.toContain(foreignOrigin);
    expect((await refused).text()).toContain(`Framing '${portal}/' violates the following Content Security Policy directive: "frame-ancestors`);
    // Chromium shows its error page instead of the portal: no document of the portal, no message.
    expect((await framed).url()).toBe('chrome-error://chromewebdata/');
    expect(page.frames().map((f) => f.url())).toEqual([`${foreignOrigin}/`, 'chrome-error://chromewebdata/']);
    expect(await events(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { messages: unknown[] }).messages)).toEqual([]);
    expect(issued.length).toBe(tokensBefore); // no token was asked for: nobody said ready
  });

  it('ignores forged messages: to the page from another origin, and to the portal from a window that is not its host', async () => {
    const page = await newPage();
    // The page without a policy of its own: its CSP (frame-src) would keep the forger out before the widget had to.
    await page.goto(`${siteOrigin}/plain`);
    await launcher(page).click();
    await waitForEvent(page, 'authenticated');
    const frame = await widgetFrame(page);
    await frame.getByLabel('What happened?').fill('typed by Rita');

    // A frame of another origin inside the company's page (an ad, say) forges the portal's events
    // to the page, and commands to every window it can reach, the widget's frame included.
    const forger = page.frames().length;
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      document.body.appendChild(f);
      return new Promise((ok) => f.addEventListener('load', ok));
    }, `${foreignOrigin}/forge`);
    const forge = page.frames()[forger] as Frame;
    expect(forge.url()).toBe(`${foreignOrigin}/forge`);
    const reached = await forge.evaluate(() => {
      const forged = (type: string, payload: object) => ({ protocol: 'central-tickets', type, payload });
      window.top?.postMessage(forged('ticket:created', { ticket: { id: 'x', number: 999, title: 'forged', status: 'open', url: 'https://evil.example' } }), '*');
      window.top?.postMessage(forged('authenticated', { user: { email: 'mallory@evil.example', name: 'Mallory' } }), '*');
      window.top?.postMessage(forged('closed', {}), '*');
      let count = 0;
      const top = window.top as Window;
      for (let i = 0; i < top.length; i++) {
        if (top[i] === window) continue;
        top[i]?.postMessage(forged('prefill', { title: 'Forged title', description: 'forged' }), '*');
        top[i]?.postMessage(forged('logout', {}), '*');
        count++;
      }
      window.top?.postMessage('forger done', '*');
      return count;
    });
    // The page received them (its own listener saw them) and the widget ignored every one.
    await page.waitForFunction(() => (window as unknown as { messages: Array<{ type?: string }> }).messages.length >= 4);
    const seen = await page.evaluate(() => (window as unknown as { messages: Array<{ origin: string; type?: string }> }).messages);
    expect(seen.filter((m) => m.origin === foreignOrigin).map((m) => m.type)).toEqual(['ticket:created', 'authenticated', 'closed', undefined]);
    expect((await events(page)).map((e) => e.type)).toEqual(['ready', 'authenticated']);
    expect(JSON.parse((await storedUser(page)) ?? 'null')).toEqual(RITA);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    // The frame kept Rita's words and her session, whatever reached it.
    await page.evaluate(() => (window as unknown as { CentralTickets: (c: string, v: object) => void }).CentralTickets('prefill', { title: 'From the page itself' }));
    await frame.waitForFunction(() => (document.getElementById('widget-title') as HTMLInputElement | null)?.value === 'From the page itself');
    await expect(frame.getByLabel('What happened?').inputValue()).resolves.toBe('typed by Rita');
    expect(await frame.evaluate(() => fetch('/api/me').then((r) => r.status))).toBe(200);
    // The widget's frame lives in a shadow root: the page's other frames cannot even name it
    // (window.frames does not list it). Commands from a window of another origin that can reach
    // the portal's page are the next test's.
    expect(reached).toBe(0);
  });

  it('a foreign site that opens the portal in a popup can neither sign anyone in nor hear a thing', async () => {
    const page = await newPage();
    await page.goto(`${foreignOrigin}/forge`);
    await page.evaluate(() => {
      (window as unknown as { heard: unknown[] }).heard = [];
      addEventListener('message', (e) => (window as unknown as { heard: unknown[] }).heard.push(e.data));
    });
    // A valid token of Rita's (say it leaked): the point is that the portal's page never uses it here.
    const token = signLoginToken({ ...RITA, secret: tenant.jwtSecret, kid: tenant.jwtSecretKid, expiresInSeconds: 120 });
    const forged = (type: string, payload: object) => ({ protocol: 'central-tickets', type, payload });

    // 1. The popup claims to serve the company's site: its messages go there (dropped by the
    //    browser, the opener is not that site) and it ignores the forger's commands.
    const first = page.waitForEvent('popup');
    await page.evaluate(([url]) => {
      (window as unknown as { w: Window | null }).w = window.open(url, 'forged');
    }, [`${portal}/widget?origin=${encodeURIComponent(siteOrigin)}&mode=popup`]);
    const claimed = await first;
    await claimed.getByText('Signing you in…').waitFor();
    const sessionCalls: string[] = [];
    claimed.on('request', (r) => {
      if (r.url().includes('/api/widget/session')) sessionCalls.push(r.url());
    });
    await page.evaluate(([p, msgs]) => {
      const w = (window as unknown as { w: Window }).w;
      for (const m of msgs) w.postMessage(m, p);
    }, [portal, [forged('identify', { token }), forged('prefill', { title: 'x' }), forged('open', {})]] as const);
    // Give the popup the time to (not) act on them.
    await claimed.waitForTimeout(1_000);
    expect(sessionCalls).toEqual([]);
    await claimed.getByText('Signing you in…').waitFor();
    await claimed.close();

    // 2. The popup told the truth (origin = the forger): messages flow, but the API refuses the origin.
    const second = page.waitForEvent('popup');
    await page.evaluate(([url]) => {
      (window as unknown as { w: Window | null }).w = window.open(url, 'honest');
    }, [`${portal}/widget?origin=${encodeURIComponent(foreignOrigin)}&mode=popup`]);
    const honest = await second;
    await page.waitForFunction(() => (window as unknown as { heard: Array<{ type?: string }> }).heard.some((m) => m.type === 'ready'));
    const refusal = honest.waitForResponse((r) => r.url() === `${portal}/api/widget/session`);
    await page.evaluate(([p, t]) => {
      (window as unknown as { w: Window }).w.postMessage({ protocol: 'central-tickets', type: 'identify', payload: { token: t } }, p as string);
    }, [portal, token] as const);
    const refused = await refusal;
    expect(refused.status()).toBe(403);
    expect((await refused.json()) as Record<string, unknown>).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    await honest.getByText('This site may not show this help desk.').waitFor();
    const heard = await page.evaluate(() => (window as unknown as { heard: Array<{ type?: string }> }).heard.map((m) => m.type));
    expect(heard).not.toContain('authenticated');

    // The token was never spent: the company's own page could still use it.
    const spent = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
    expect(spent.status).toBe(200);
  });
});
