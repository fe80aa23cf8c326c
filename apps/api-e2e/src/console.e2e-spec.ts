import jwt from 'jsonwebtoken';
import type { Browser, BrowserContext } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, SCREENSHOTS, screenshotPath } from './support/browser';
import { cleanup, type RunningServer, startServer, tempDir, useServerDatabase } from './support/server';
import { send, type SignedUpTenant, signUp, uniqueSlug } from './support/sign-in';

/*
 * The console (apps/admin), served by the API on the tenant's portal host, in headless Chromium
 * against the real API on a real database: an admin signs in with their password and sees the
 * queue; a requester arrives signed in by their company's app and sees only their own tickets.
 */

const PASSWORD = 'correct horse battery staple';

describe('the console on the portal host', () => {
  const dataDir = tempDir();
  const db = useServerDatabase();
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let tenant: SignedUpTenant;

  const createTicket = async (title: string, requesterEmail: string) => {
    const res = await send(`${server.url}/api/tickets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tenant.apiToken}` },
      body: { title, description: 'I need help with...', requester_email: requesterEmail, requester_name: requesterEmail.split('@')[0] },
    });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    server = await startServer({ dataDir, env: { SEED_DEMO: 'false', ...db.env() } });
    tenant = await signUp(server, uniqueSlug('console'));
    await createTicket('Cannot download my invoice', 'ada@customer.example');
    await createTicket('Password reset email never arrives', 'bob@customer.example');
    browser = await launchChromium();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    context.setDefaultTimeout(10_000);
  });
  afterEach(() => context?.close());
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup(dataDir);
  });

  it('serves the console with long-lived caching for hashed assets and index.html for deep links', async () => {
    const deep = await send(`${server.url}/tickets/42?tab=history`, { headers: { Host: tenant.portalHost } });
    expect(deep.status).toBe(200);
    expect(deep.headers['content-type']).toMatch(/^text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    const script = /src="(main-[A-Z0-9]{8}\.js)"/.exec(deep.text)?.[1];
    expect(script).toBeDefined();
    const asset = await send(`${server.url}/${script}`, { headers: { Host: tenant.portalHost } });
    expect([asset.status, asset.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    const compressed = await send(`${server.url}/${script}`, { headers: { Host: tenant.portalHost, 'Accept-Encoding': 'br, gzip' } });
    expect(compressed.headers['content-encoding']).toMatch(/^(br|gzip)$/);
    // The API's JSON stays uncompressed (small answers, no CPU spent on the hot path).
    const json = await send(`${server.url}/api/tickets`, { headers: { Authorization: `Bearer ${tenant.apiToken}`, 'Accept-Encoding': 'br, gzip' } });
    expect(json.headers['content-encoding']).toBeUndefined();
    // On the platform host, only the sign-up page; never under /api.
    expect((await send(`${server.url}/dashboard`)).status).toBe(404);
    expect((await send(`${server.url}/settings/team`)).status).toBe(404);
    const signup = await send(`${server.url}/signup`);
    expect([signup.status, signup.headers['content-type']]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    expect((await send(`${server.url}/${script}`)).status).toBe(200);
    expect((await send(`${server.url}/api/nothing-here`, { headers: { Host: tenant.portalHost } })).status).toBe(404);
  });

  it('signs an admin in with their password and shows the queue; a wrong password says so', async () => {
    const page = await context.newPage();
    await page.goto(`${tenant.portal}/`);
    await page.waitForURL(`${tenant.portal}/login?next=%2Fdashboard`);
    await page.getByLabel('Email').fill(`admin@${tenant.slug}.example`);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('The email or password is wrong.');
    await page.screenshot({ path: screenshotPath('sign-in') });

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${tenant.portal}/dashboard`);
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual([
      expect.stringContaining('Password reset email never arrives'),
      expect.stringContaining('Cannot download my invoice'),
    ]);
    await page.screenshot({ path: screenshotPath('queue'), fullPage: true });

    // Saved views and search are filters of the list, kept in the URL.
    await page.getByRole('link', { name: 'My open tickets' }).click();
    await page.getByText('No tickets yet.').waitFor();
    await page.getByRole('link', { name: 'Unassigned' }).click();
    await page.waitForURL(/view=unassigned/);
    await rows.first().waitFor();
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('invoice');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=invoice/);
    await page.locator('tbody tr', { hasText: 'Cannot download my invoice' }).waitFor();
    await expect(rows.count()).resolves.toBe(1);
    // By keyboard: focus the list, Enter opens the ticket.
    await rows.first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /#1 Cannot download my invoice/ }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();

    // Settings: a token shown once; the security log shows this very sign-in.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Name', { exact: true }).first().waitFor();
    await page.locator('form', { hasText: 'Create token' }).getByRole('textbox').fill('Reporting');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = (await page.locator('ct-shown-once code').textContent()) ?? '';
    expect(shown).toMatch(/^ct_/);
    const tokenCheck = await send(`${server.url}/api/tickets`, { headers: { Authorization: `Bearer ${shown}` } });
    expect(tokenCheck.status).toBe(200);
    await page.screenshot({ path: screenshotPath('settings'), fullPage: true });
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security log' }).click();
    await page.getByRole('cell', { name: /login succeeded \(password\)/ }).first().waitFor();

    // The overview: open work and 30 days of flow.
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: 'Created and resolved, last 30 days' }).waitFor();
    await expect(page.locator('.card', { hasText: 'open' }).first().textContent()).resolves.toContain('2');
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
    await page.getByRole('link', { name: 'Help desk' }).or(page.locator('a.brand')).first().click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();

    // Reloading a deep link keeps the session.
    await page.reload();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${tenant.portal}/login`);
    await page.goto(`${tenant.portal}/dashboard`);
    await page.waitForURL(/\/login\?next=%2Fdashboard$/);
  });

  it('lands a requester signed in by their company\'s app on their own tickets only', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ email: 'ada@customer.example', name: 'Ada', iat, exp: iat + 120 }, tenant.jwtSecret, { algorithm: 'HS256' });
    const login = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
    expect(login.status).toBe(200);

    const page = await context.newPage();
    await page.goto(login.json<{ redirect_url: string }>().redirect_url);
    await page.waitForURL(`${tenant.portal}/dashboard`);
    await page.getByRole('heading', { name: 'Your tickets' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toEqual([expect.stringContaining('Cannot download my invoice')]);
    expect(rows.join()).not.toContain('Password reset');
    await expect(page.locator('header').textContent()).resolves.toContain('Ada');
    await page.screenshot({ path: screenshotPath('requester-tickets'), fullPage: true });
  });

  it('lets a requester open a ticket and follow the conversation: the agent\'s reply shows, the internal note does not', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ email: 'cleo@customer.example', name: 'Cleo', iat, exp: iat + 120 }, tenant.jwtSecret, { algorithm: 'HS256' });
    const login = await send(`${server.url}/api/jwt/login`, { method: 'POST', body: { token, tenant_slug: tenant.slug } });
    const page = await context.newPage();
    await page.goto(login.json<{ redirect_url: string }>().redirect_url);
    await page.getByRole('heading', { name: 'Your tickets' }).waitFor();
    await page.getByText('You have no tickets yet.').waitFor();

    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByLabel('Title').fill('The export button does nothing');
    await page.getByLabel('What happened?').fill('Clicking "Export" on the reports page has no effect.');
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.waitForURL(/\/tickets\/\d+$/);
    const number = page.url().split('/').pop() as string;
    await page.getByRole('heading', { name: /The export button does nothing/ }).waitFor();

    // The agent answers (and notes something for colleagues) through the tenant API, in their own name.
    const admin = `admin@${tenant.slug}.example`;
    for (const body of [{ body: 'Fixed in today\'s release, please try again.' }, { body: 'Customer on the legacy plan.', internal: true }]) {
      const res = await send(`${server.url}/api/tickets/${number}/comments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tenant.apiToken}` },
        body: { ...body, author_email: admin },
      });
      expect(res.status).toBe(201);
    }
    await page.reload();
    await page.getByText("Fixed in today's release").waitFor();
    expect(await page.getByText('Customer on the legacy plan.').count()).toBe(0);
    await page.getByLabel('Your reply').fill('It works now, thank you!');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('It works now, thank you!').waitFor();
    expect(await page.getByLabel('Internal note (only agents see it)').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('requester-ticket'), fullPage: true });

    // The admin, signed in with their password, sees the note, marked as such.
    const staff = await browser.newContext();
    const staffPage = await staff.newPage();
    await staffPage.goto(`${tenant.portal}/login`);
    await staffPage.getByLabel('Email').fill(admin);
    await staffPage.getByLabel('Password').fill(PASSWORD);
    await staffPage.getByRole('button', { name: 'Sign in' }).click();
    await staffPage.waitForURL(`${tenant.portal}/dashboard`);
    await staffPage.getByRole('link', { name: 'The export button does nothing' }).click();
    await staffPage.getByRole('article', { name: 'Internal note' }).getByText('Customer on the legacy plan.').waitFor();
    await staffPage.screenshot({ path: screenshotPath('ticket'), fullPage: true });

    // Status and assignee are edited in place.
    await staffPage.getByLabel('Assignee').selectOption({ label: 'Admin' });
    await staffPage.getByRole('status').filter({ hasText: 'Saving' }).waitFor({ state: 'detached' });
    await staffPage.getByLabel('Status').selectOption('resolved');
    await staffPage.locator('.meta .badge', { hasText: 'resolved' }).waitFor();
    const saved = await send(`${server.url}/api/tickets/${number}`, { headers: { Authorization: `Bearer ${tenant.apiToken}` } });
    expect(saved.json<{ status: string; assignee: { email: string } | null; resolved_at: string | null }>()).toMatchObject({
      status: 'resolved',
      assignee: { email: admin },
      resolved_at: expect.any(String),
    });
    await staffPage.getByText('History of changes').click();
    await staffPage.getByText('changed status from open to resolved').waitFor();
    await staff.close();
  });

  it('measures how soon the queue of 50 tickets is interactive (reported, not asserted as a timing)', async () => {
    for (let i = 0; i < 50; i += 1) await createTicket(`Load ticket ${i}`, `load${i % 7}@customer.example`);
    const page = await context.newPage();
    await page.goto(`${tenant.portal}/login`);
    await page.getByLabel('Email').fill(`admin@${tenant.slug}.example`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${tenant.portal}/dashboard`);

    // A cold start: a new browser context (empty cache) with the session's cookie.
    const cold = await browser.newContext();
    await cold.addCookies(await context.cookies());
    const coldPage = await cold.newPage();
    const started = Date.now();
    await coldPage.goto(`${tenant.portal}/dashboard?view=all`);
    await coldPage.locator('tbody tr').nth(49).waitFor();
    const coldMs = Date.now() - started;
    const coldScripts = await coldPage.evaluate(
      'performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script" || r.name.endsWith(".js")).reduce((sum, r) => sum + r.encodedBodySize, 0)',
    );
    await cold.close();

    const warmStarted = Date.now();
    await page.goto(`${tenant.portal}/dashboard?view=all`);
    await page.locator('tbody tr').nth(49).waitFor();
    await page.locator('tbody tr').first().focus();
    await page.keyboard.press('j');
    await expect(page.evaluate('document.activeElement?.getAttribute("data-number")')).resolves.not.toBeNull();
    const warmMs = Date.now() - warmStarted;
    const report = { queue_rows: 50, cold_interactive_ms: coldMs, cold_script_bytes_compressed: coldScripts, warm_interactive_ms: warmMs };
    writeFileSync(join(SCREENSHOTS, 'console-report.json'), JSON.stringify(report, null, 2));
    console.log(`console: the queue of 50 tickets: ${coldMs} ms to 50 rows from a cold cache (${coldScripts} bytes of compressed script), ${warmMs} ms warm, until a key moves the focus`);
    expect(await page.locator('tbody tr').count()).toBe(50);
  });
});

