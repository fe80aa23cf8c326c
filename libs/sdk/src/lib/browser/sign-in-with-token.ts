import { prepareJwtLogin, sendJwtLogin } from '../jwt-login.js';
import type { FetchLike } from '../fetch.js';
import type { JwtLoginResult } from '../types.js';
import { openPendingTab, pageWindow } from './navigation.js';

export interface SignInWithTokenOptions {
  /** The origin of the platform or of your portal. */
  baseUrl: string;
  /**
   * A login JWT your server signed for the signed-in user (`signLoginToken` in
   * `@central-tickets/sdk/server`) and handed to this page. Never sign it in the browser.
   */
  token: string;
  /** Your tenant's slug: required with the platform's origin, optional with your portal's. */
  tenant?: string;
  /** Open the portal in a new tab (default `false`). */
  newTab?: boolean;
  fetch?: FetchLike;
  window?: Window;
  signal?: AbortSignal;
}

/**
 * JWT login from the browser, as the integration guide's `loginToTickets()`: posts the token to
 * `POST /api/jwt/login` and sends the browser to the one-time `redirect_url` it answers (the
 * portal's `/auth/callback`, which begins the session). Works in every trust mode, `signed`
 * included; the tenant must trust this page's origin (CORS).
 *
 * @returns the API's answer (`redirect_url`, `user`), once the browser is on its way
 * @throws CentralTicketsError `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_REPLAYED` (401), or status 0 when unreachable
 */
export async function signInWithToken(options: SignInWithTokenOptions): Promise<JwtLoginResult> {
  const prepared = prepareJwtLogin(options);
  const win = pageWindow(options.window);
  // Opened now, while the click still counts: after the round trip a popup blocker would refuse.
  const tab = options.newTab ? openPendingTab(win) : null;
  try {
    const result = await sendJwtLogin(prepared, 'omit');
    if (tab) tab.go(result.redirect_url);
    else win.location.assign(result.redirect_url);
    return result;
  } catch (err) {
    tab?.close();
    throw err;
  }
}
