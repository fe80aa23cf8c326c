import { FakePopup, fakeWindow, json, opaqueRedirect, scriptedFetch } from '../../testing/fakes';
import { CentralTicketsError } from '../errors';
import { SignInRequiredError } from './support-request';
import { startSupportSession } from './support-session';

const PLATFORM = 'https://tickets.example.com';
const ACTION = `${PLATFORM}/api/auth/redirect/acme`;
const USER = { email: 'jane@customer.example', name: 'Jane Doe' };
const CALLBACK = 'https://acme.tickets.example.com/auth/callback?token=v1.abc';

describe('startSupportSession (the fetch variant)', () => {
  it('asks with fetch (JSON, no cookies, redirect: manual), and on the API\'s 302 signs the tab in by the form post', async () => {
    const page = fakeWindow();
    const { fetch, calls } = scriptedFetch(opaqueRedirect());
    const result = await startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, newTab: false, fetch, window: page.window });

    expect(result).toEqual({ via: 'form' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: ACTION,
      method: 'POST',
      body: { email: USER.email, name: USER.name },
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      init: { mode: 'cors', credentials: 'omit', redirect: 'manual' },
    });
    expect(page.submissions).toHaveLength(1);
    expect(page.submissions[0].form).toMatchObject({ method: 'POST', action: ACTION, target: '_self' });
    expect(page.submissions[0].fields).toEqual({ email: USER.email, name: USER.name });
    expect(page.assigned).toEqual([]);
  });

  it('with newTab, opens the tab at the click (before the round trip) and posts the form into it', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(async () => {
      // The tab exists before the answer arrives.
      expect(page.opened).toHaveLength(1);
      return opaqueRedirect();
    });
    await startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, redirectUrl: 'https://acme.tickets.example.com/tickets/new', fetch, window: page.window });

    const [{ url, target, popup }] = page.opened;
    expect(url).toBe('about:blank');
    expect(page.submissions[0].form['target']).toBe(target);
    expect(page.submissions[0].fields['redirect_url']).toBe('https://acme.tickets.example.com/tickets/new');
    expect(popup?.closed).toBe(false);
    expect(popup?.opener).toBeNull();
  });

  it('goes straight to the one-time link when the API answers it as JSON (no second post)', async () => {
    const page = fakeWindow();
    const { fetch, calls } = scriptedFetch(json(200, { redirect_url: CALLBACK }));
    const result = await startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, newTab: false, fetch, window: page.window });
    expect(result).toEqual({ via: 'link', url: CALLBACK });
    expect(page.assigned).toEqual([CALLBACK]);
    expect(page.submissions).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('sends the new tab to a Location it can read (a fetch outside browsers)', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(new Response(null, { status: 302, headers: { Location: CALLBACK } }));
    const result = await startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, fetch, window: page.window });
    expect(result).toEqual({ via: 'link', url: CALLBACK });
    const popup = page.opened[0].popup as FakePopup;
    expect(popup.location.href).toBe(CALLBACK);
    expect(popup.opener).toBeNull();
  });

  it('turns a refusal into a CentralTicketsError the page can show, closes the tab and posts nothing', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(
      json(422, {
        message: 'The given data was invalid.',
        code: 'VALIDATION_FAILED',
        errors: { redirect_url: ['The redirect url must be on your portal, a verified domain or an allowed origin.'] },
        correlation_id: 'c-1',
      }),
    );
    const err = (await startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, redirectUrl: 'https://evil.example/', fetch, window: page.window }).catch(
      (e: unknown) => e,
    )) as CentralTicketsError;
    expect(err).toBeInstanceOf(CentralTicketsError);
    expect(err).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', correlationId: 'c-1' });
    expect(err.errors?.['redirect_url']).toHaveLength(1);
    expect(page.opened[0].popup?.closed).toBe(true);
    expect(page.submissions).toEqual([]);
  });

  it('reports a rate limit with its retryAfter', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(json(429, { message: 'Too many requests.', code: 'RATE_LIMITED', retry_after: 1800 }, { 'Retry-After': '1800' }));
    await expect(startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, newTab: false, fetch, window: page.window })).rejects.toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfter: 1800,
    });
  });

  it('explains a refused or failed request (a page on an origin the tenant does not allow sees only a TypeError)', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(new TypeError('Failed to fetch'));
    await expect(startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, fetch, window: page.window })).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK_ERROR',
      message: expect.stringContaining('allowed origins'),
    });
    expect(page.opened[0].popup?.closed).toBe(true);
  });

  it('refuses to run without a user: no tab, no request', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch();
    await expect(startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: null, fetch, window: page.window })).rejects.toThrow(SignInRequiredError);
    expect(fetch).not.toHaveBeenCalled();
    expect(page.opened).toEqual([]);
  });

  it('still works when the popup blocker refuses the tab (the form then opens its own)', async () => {
    const page = fakeWindow({ popupBlocked: true });
    const { fetch } = scriptedFetch(json(200, { redirect_url: CALLBACK }));
    await startSupportSession({ baseUrl: PLATFORM, tenant: 'acme', user: USER, fetch, window: page.window });
    expect(page.opened.map(({ url, target, features }) => ({ url, target, features }))).toEqual([
      { url: 'about:blank', target: expect.stringMatching(/^central-tickets-/), features: undefined },
      { url: CALLBACK, target: '_blank', features: 'noopener' },
    ]);
  });
});
