import { CentralTicketsError, errorFromResponse, noAnswerError } from '../errors.js';
import { type FetchLike, resolveFetch } from '../fetch.js';
import { contactSupport } from './contact-support.js';
import { openPendingTab, pageWindow, type PendingTab } from './navigation.js';
import { supportRequest, type SupportRequestOptions } from './support-request.js';

export interface StartSupportSessionOptions extends SupportRequestOptions {
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Default: the page's `window` (navigation, the new tab). */
  window?: Window;
  /** Default: `window.document` (the form post). */
  document?: Document;
  signal?: AbortSignal;
}

export interface SupportSessionResult {
  /**
   * How the browser was sent on its way: `link` straight to a one-time link the API gave back
   * (JSON `redirect_url`, or a readable `Location` outside browsers); `form` by the form post,
   * after the API accepted the request (browsers cannot read a cross-origin redirect).
   */
  via: 'link' | 'form';
  /** The link, for `via: 'link'`. */
  url?: string;
}

const CORS_HINT =
  'From a browser this is also how a refused request looks: check that this page\'s origin is one of the tenant\'s allowed origins (PATCH /api/tenant {"allowed_origins": [...]}).';

/**
 * The fetch variant of {@link contactSupport}: checks the sign-in with `fetch` first, so a
 * refusal is a {@link CentralTicketsError} your page can show (422 `redirect_url` not allowed,
 * 403 `ORIGIN_NOT_ALLOWED`, 429 `RATE_LIMITED` with `retryAfter`…) instead of an error page in
 * the user's tab; then sends the browser to the portal.
 *
 * How the API answers, and why this posts twice: `POST /api/auth/redirect/{tenant}` answers a
 * 302 to the portal's one-time `/auth/callback`. A browser `fetch` cannot use that answer: with
 * `redirect: 'manual'` the `Location` is hidden (an opaque redirect), and following it would
 * spend the one-time link inside `fetch` (where the callback's CORS check fails and the session
 * cookie would be a third-party one) instead of in the user's tab. So once the API has accepted
 * the request, the user's tab makes the same sign-in as a form post (as `contactSupport` does).
 * The first one-time link is never used and expires in 120 s; the user counts twice against the
 * redirect rate limit (60 an hour per IP by default). Should the API answer JSON
 * `{redirect_url}` to this request, the browser goes straight there and nothing is posted twice.
 *
 * The tenant must trust this page's origin (CORS), even in the `open` trust mode.
 *
 * @throws SignInRequiredError without a signed-in user (no request is made)
 * @throws CentralTicketsError when the API refuses, or cannot be reached (status 0, `NETWORK_ERROR`)
 */
export async function startSupportSession(options: StartSupportSessionOptions): Promise<SupportSessionResult> {
  const request = supportRequest(options);
  const fetch = resolveFetch(options.fetch);
  const win = pageWindow(options.window);
  // Opened now, while the click still counts: after the round trip a popup blocker would refuse.
  const tab: PendingTab | null = request.newTab ? openPendingTab(win) : null;
  const go = (url: string): SupportSessionResult => {
    if (tab) tab.go(url);
    else win.location.assign(url);
    return { via: 'link', url };
  };
  try {
    let response: Response;
    try {
      response = await fetch(request.action, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(request.fields),
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw noAnswerError(err, { method: 'POST', url: request.action, hint: CORS_HINT });
    }

    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      const location = response.headers.get('Location');
      if (location) return go(new URL(location, request.action).href);
      contactSupport({ ...options, document: options.document ?? win.document, target: tab ? tab.name : '_self' });
      tab?.release();
      return { via: 'form' };
    }
    if (response.ok) {
      const body = (await response.json().catch(() => undefined)) as { redirect_url?: unknown } | undefined;
      if (typeof body?.redirect_url === 'string') return go(body.redirect_url);
      throw new CentralTicketsError({
        status: response.status,
        code: 'INVALID_RESPONSE',
        message: 'The authentication redirect answered without a redirect_url.',
        method: 'POST',
        url: request.action,
        body,
      });
    }
    throw await errorFromResponse(response, { method: 'POST', url: request.action, now: Date.now() });
  } catch (err) {
    tab?.close();
    throw err;
  }
}
