import jwt from 'jsonwebtoken';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium, screenshotPath } from './support/browser';
import { cleanup, type RunningServer, startServer, tempDir, useServerDatabase } from './support/server';
import { send, signUp, uniqueSlug } from './support/sign-in';

/*
 * The console's journeys end to end, in headless Chromium against the real API on a real
 * database, each step through the screens a person uses:
 * - an admin signs up on the platform, signs in to the new portal, creates a token and
 *   categories, lets the company's site in (allowed origins) and invites an agent;
 * - a requester comes in from a page on that other origin (the integration page's own
 *   snippet), opens a ticket;
 * - the agent accepts the invitation, and works the ticket through reply, internal note,
 *   assignment, category, tags and resolution;
 * - the requester sees the reply and not the note; a requester of another tenant sees none of it;
 * - the main screens fit a phone.
 */

const ADMIN_PASSWORD = 'correct horse battery staple';
const AGENT_PASSWORD = 'a long agent passphrase';

describe('the console journeys', () => {
  const dataDir = tempDir();
  const db = useServerDatabase();
  let server: RunningServer;
  let browser: Browser;
  let site: Server;
  let siteOrigin: string;
  /** The company's own page: filled in by the test with the console's snippet. */
  let sitePage = '';
  const contexts: BrowserContext[] = [];

  const slug = uniqueSlug('journey');
  const portal = () => `http://${slug}.localhost:${new URL(server.url).port}`;
  const adminEmail = `owner@${slug}.example`;
  let invitationUrl = '';
  let ticketNumber = '';

  const newPage = async (viewport?: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext(viewport ? { viewport, isMobile: true, hasTouch: true } : {});
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  };
  const signIn = async (page: Page, email: string, password: string) => {
    await page.goto(`${portal()}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portal()}/dashboard`);
  };
  const settingsTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name, exact: true }).click();
  /** True when nothing is wider than the screen (no sideways scrolling on a phone). */
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  beforeAll(async () => {
    server = await startServer({ dataDir, env: { SEED_DEMO: 'false', ...db.env() } });
    site = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(sitePage));
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await new Promise((ok) => site?.close(ok));
    await server?.stop();
    cleanup(dataDir);
  });

  it('an admin signs up, signs in, creates a token and categories, lets the company\'s site in and invites an agent', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Company name').fill('Journey Inc.');
    await page.getByLabel('Portal address').fill(slug);
    await page.getByLabel('Your name').fill('Olivia Owner');
    await page.getByLabel('Your email').fill(adminEmail);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create my help desk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('12 characters');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Create my help desk' }).click();
    await page.getByRole('heading', { name: 'Journey Inc. is ready' }).waitFor();
    const secrets = await page.locator('ct-shown-once code').allTextContents();
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).toMatch(/^ct_/);
    await page.screenshot({ path: screenshotPath('signup-done'), fullPage: true });

    await page.getByRole('link', { name: 'Go to my help desk and sign in' }).click();
    await page.waitForURL(`${portal()}/login`);
    await page.getByLabel('Email').fill(adminEmail);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portal()}/dashboard`);
    await page.getByText('No tickets yet.').waitFor();

    // Tenant settings: the company's site may send its users in; a token for the integration.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel(/Allowed origins/).fill(siteOrigin);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.locator('form', { hasText: 'Create token' }).getByRole('textbox').fill('Helpdesk sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.locator('ct-shown-once code').textContent()) ?? '';
    expect((await send(`${server.url}/api/tickets`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);

    // Categories: added, then reordered.
    await settingsTab(page, 'Categories');
    for (const name of ['Billing', 'Access']) {
      await page.getByRole('textbox', { name: 'New category' }).fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('textbox', { name: `Name of ${name}` }).waitFor();
    }
    await page.getByRole('button', { name: 'Move Access up' }).click();
    await page.getByRole('status').filter({ hasText: 'Moved Access up.' }).waitFor();
    const order = await page.locator('ol.list input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(order).toEqual(['Access', 'Billing']);
    await page.screenshot({ path: screenshotPath('categories'), fullPage: true });

    // The team: an invitation link, shown once.
    await settingsTab(page, 'Team');
    await page.getByRole('cell', { name: 'Olivia Owner (you)' }).waitFor();
    await page.getByLabel('Email').fill('grace@journey.example');
    await page.getByLabel('Name', { exact: true }).fill('Grace');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    invitationUrl = (await page.locator('ct-shown-once code').textContent()) ?? '';
    expect(invitationUrl).toMatch(new RegExp(`^${portal()}/invitation#[A-Za-z0-9_-]{43}$`));
    await page.getByText(/Grace <grace@journey.example> as agent/).waitFor();
    await page.screenshot({ path: screenshotPath('team'), fullPage: true });

    // The integration page: this tenant's snippets; the company's page uses the redirect one as printed.
    await settingsTab(page, 'Integration');
    const snippet = (await page.locator('section', { hasText: 'authentication redirect' }).locator('pre code').textContent()) ?? '';
    expect(snippet).toContain(`form.action = '${portal()}/api/auth/redirect/${slug}'`);
    await page.screenshot({ path: screenshotPath('integration'), fullPage: true });
    sitePage = `<!doctype html><title>Customer app</title><h1>Customer app</h1>
      <script>const currentUser = { email: 'rita@customer.example', name: 'Rita Requester' };</script>
      ${snippet}`;

    // API usage: the token's request of a moment ago is counted.
    await settingsTab(page, 'API usage');
    await page.getByRole('cell', { name: 'tickets', exact: true }).waitFor();
    await expect(page.locator('.totals').textContent()).resolves.toMatch(/^1 requests/);
    await page.screenshot({ path: screenshotPath('usage'), fullPage: true });

    // The security log, filtered: the invitation is there.
    await settingsTab(page, 'Security log');
    await page.getByLabel('What').selectOption('member_invited');
    await page.getByRole('button', { name: 'Filter' }).click();
    // Until the filtered answer replaces the whole log: one row, the invitation.
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('tbody tr'), (r) => r.textContent ?? '');
      return rows.length === 1 && rows[0]?.includes('grace@journey.example');
    });
    expect(await page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('member invited')]);
    await page.screenshot({ path: screenshotPath('security-log'), fullPage: true });
  });

  it('a requester comes in from the company\'s site and opens a ticket in a category', async () => {
    const page = await newPage();
    await page.goto(siteOrigin);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.waitForURL(`${portal()}/dashboard`);
    await page.getByRole('heading', { name: 'Your tickets' }).waitFor();
    await expect(page.locator('header').textContent()).resolves.toContain('Rita Requester');

    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByLabel('Title').fill('Charged twice this month');
    await page.getByLabel('What happened?').fill('My card shows two charges for November.');
    await page.getByLabel('Category').selectOption({ label: 'Billing' });
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    ticketNumber = page.url().split('/').pop() as string;
    await page.getByRole('heading', { name: /Charged twice this month/ }).waitFor();
    await expect(page.locator('.meta').textContent()).resolves.toContain('Billing');
    // Settings are not for requesters: the link is absent and the address sends them back.
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await page.goto(`${portal()}/settings/team`);
    await page.waitForURL(`${portal()}/dashboard`);
  });

  it('the agent accepts the invitation and works the ticket through reply, note, assignment, category, tags and resolution', async () => {
    const page = await newPage();
    await page.goto(invitationUrl);
    await page.getByText(/You are invited to .*Journey Inc\..* as an agent/).waitFor();
    expect(page.url()).toBe(`${portal()}/invitation`); // the token is out of the address bar
    await page.getByLabel('Your name').fill('Grace Agent');
    await page.getByLabel(/^Password/).fill(AGENT_PASSWORD);
    await page.getByLabel('The same password again').fill(AGENT_PASSWORD);
    await page.screenshot({ path: screenshotPath('invitation'), fullPage: true });
    await page.getByRole('button', { name: 'Join' }).click();
    await page.waitForURL(`${portal()}/dashboard`);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0); // agents have no settings

    await page.getByRole('link', { name: 'Charged twice this month' }).click();
    await page.getByRole('heading', { name: /Charged twice this month/ }).waitFor();
    const composer = page.getByLabel('Reply or note');
    await composer.fill('Refunded the second charge; it shows in 3–5 days.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Reply' }).getByText('Refunded the second charge').waitFor();
    await composer.fill('Duplicate charge came from the retry job; see incident 42.');
    await page.getByLabel('Internal note (only agents see it)').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Internal note' }).getByText('incident 42').waitFor();

    const saved = () => page.getByRole('status').filter({ hasText: 'Saving' }).waitFor({ state: 'detached' });
    await page.getByLabel('Assignee').selectOption({ label: 'Grace Agent' });
    await saved();
    await page.getByLabel('Category').selectOption({ label: 'Access' });
    await saved();
    await page.getByLabel('Tags').fill('Refund, duplicate-charge');
    await page.getByLabel('Tags').press('Enter');
    await page.locator('.meta .tag', { hasText: 'duplicate-charge' }).waitFor();
    await page.getByLabel('Status').selectOption('resolved');
    await page.locator('.meta .badge', { hasText: 'resolved' }).waitFor();
    await page.getByText('History of changes').click();
    await page.getByText('changed status from open to resolved').waitFor();
    await page.screenshot({ path: screenshotPath('ticket-worked'), fullPage: true });

    const tenantToken = await send(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { Host: `${slug}.localhost:${new URL(server.url).port}` },
      body: { email: 'grace@journey.example', password: AGENT_PASSWORD },
    });
    expect(tenantToken.status).toBe(200);
    const cookie = (tenantToken.headers['set-cookie'] ?? [])[0]?.split(';')[0] as string;
    const ticket = await send(`${server.url}/api/portal/tickets/${ticketNumber}`, { headers: { Host: new URL(portal()).host, Cookie: cookie } });
    expect(ticket.json()).toMatchObject({
      status: 'resolved',
      assignee: { email: 'grace@journey.example' },
      category: { name: 'Access' },
      tags: ['refund', 'duplicate-charge'],
      resolved_at: expect.any(String),
    });
  });

  it('the requester sees the reply and the resolution, never the internal note', async () => {
    const page = await newPage();
    await page.goto(siteOrigin);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.waitForURL(`${portal()}/dashboard`);
    await page.getByRole('link', { name: 'Charged twice this month' }).click();
    await page.getByText('Refunded the second charge').waitFor();
    await page.locator('.meta .badge', { hasText: 'resolved' }).waitFor();
    expect(await page.getByText('incident 42').count()).toBe(0);
    expect(await page.getByRole('article', { name: 'Internal note' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('requester-resolved'), fullPage: true });
  });

  it('a requester of another tenant sees none of it', async () => {
    const other = await signUp(server, uniqueSlug('elsewhere'));
    const iat = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ email: 'rita@customer.example', name: 'Rita Elsewhere', iat, exp: iat + 120 }, other.jwtSecret, { algorithm: 'HS256' });
    const login = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: other.slug } });
    expect(login.status).toBe(200);
    const page = await newPage();
    await page.goto(login.json<{ redirect_url: string }>().redirect_url);
    await page.getByText('You have no tickets yet.').waitFor();
    // The same ticket number on this portal is not Journey's ticket.
    await page.goto(`${other.portal}/tickets/${ticketNumber}`);
    await page.getByText('This ticket does not exist, or is not yours.').waitFor();
    // The session cookie belongs to the other portal's host only: on Journey's portal, nobody is signed in.
    await page.goto(`${portal()}/tickets/${ticketNumber}`);
    await page.waitForURL(new RegExp(`^${portal()}/login`));
    expect(await page.getByText('Charged twice this month').count()).toBe(0);
  });

  it('fits a phone: the queue, a ticket and the settings without sideways scrolling', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, adminEmail, ADMIN_PASSWORD);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: 'All' }).click();
    await page.locator('tbody tr').first().waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-queue'), fullPage: true });
    await page.goto(`${portal()}/tickets/${ticketNumber}`);
    await page.getByRole('heading', { name: /Charged twice this month/ }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-ticket'), fullPage: true });
    await page.goto(`${portal()}/settings/team`);
    await page.getByRole('cell', { name: 'Grace Agent', exact: true }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-team'), fullPage: true });
  });
});
