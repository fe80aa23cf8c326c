import { FakePopup, fakeWindow, json, scriptedFetch } from '../testing/fakes';
import { signInWithToken } from './browser/sign-in-with-token';
import { CentralTicketsError } from './errors';
import { exchangeLoginToken } from './server/exchange-login-token';
import { signLoginToken } from './server/login-token';

const PLATFORM = 'https://tickets.example.com';
const CALLBACK = 'https://acme.tickets.example.com/auth/callback?token=v1.abc';
const OK = { success: true, redirect_url: CALLBACK, user: { id: 'u1', email: 'jane@customer.example', name: 'Jane Doe' } };
const token = () => signLoginToken({ email: 'jane@customer.example', name: 'Jane Doe', secret: 's3cret' });

describe('exchangeLoginToken (server)', () => {
  it('posts {token, tenant_slug} to /api/jwt/login and returns the one-time redirect_url', async () => {
    const { fetch, calls } = scriptedFetch(json(200, OK));
    const jwt = token();
    await expect(exchangeLoginToken({ baseUrl: PLATFORM, tenant: 'acme', token: jwt, fetch })).resolves.toEqual(OK);
    expect(calls[0]).toMatchObject({
      url: `${PLATFORM}/api/jwt/login`,
      method: 'POST',
      body: { token: jwt, tenant_slug: 'acme' },
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
  });

  it('leaves tenant_slug out on a portal host, and is never retried (the token is single use)', async () => {
    const { fetch, calls } = scriptedFetch(
      json(401, { success: false, message: 'This login token has already been used.', code: 'TOKEN_REPLAYED', correlation_id: 'c' }),
    );
    const err = (await exchangeLoginToken({ baseUrl: 'https://acme.tickets.example.com', token: token(), fetch }).catch((e: unknown) => e)) as CentralTicketsError;
    expect(err).toBeInstanceOf(CentralTicketsError);
    expect(err).toMatchObject({ status: 401, code: 'TOKEN_REPLAYED' });
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ token: expect.any(String) });
  });

  it('refuses what is not a JWT, before sending anything', async () => {
    const { fetch } = scriptedFetch();
    await expect(exchangeLoginToken({ baseUrl: PLATFORM, tenant: 'acme', token: 'not-a-jwt', fetch })).rejects.toThrow(/login JWT/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('signInWithToken (browser)', () => {
  it('exchanges the token and sends this tab to the one-time link', async () => {
    const page = fakeWindow();
    const { fetch, calls } = scriptedFetch(json(200, OK));
    await expect(signInWithToken({ baseUrl: PLATFORM, tenant: 'acme', token: token(), fetch, window: page.window })).resolves.toEqual(OK);
    expect(page.assigned).toEqual([CALLBACK]);
    expect(calls[0].init.credentials).toBe('omit');
  });

  it('with newTab, opens the tab at the click and sends it there once the link is known', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(json(200, OK));
    await signInWithToken({ baseUrl: PLATFORM, tenant: 'acme', token: token(), newTab: true, fetch, window: page.window });
    const popup = page.opened[0].popup as FakePopup;
    expect(popup.location.href).toBe(CALLBACK);
    expect(page.assigned).toEqual([]);
  });

  it('closes the tab and throws the API\'s error on a refusal', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch(json(401, { success: false, message: 'The login token has expired.', code: 'TOKEN_EXPIRED' }));
    await expect(signInWithToken({ baseUrl: PLATFORM, tenant: 'acme', token: token(), newTab: true, fetch, window: page.window })).rejects.toMatchObject({
      status: 401,
      code: 'TOKEN_EXPIRED',
    });
    expect(page.opened[0].popup?.closed).toBe(true);
    expect(page.assigned).toEqual([]);
  });

  it('opens nothing for a malformed call', async () => {
    const page = fakeWindow();
    const { fetch } = scriptedFetch();
    await expect(signInWithToken({ baseUrl: PLATFORM, tenant: 'ACME', token: token(), newTab: true, fetch, window: page.window })).rejects.toThrow(TypeError);
    expect(page.opened).toEqual([]);
  });
});
