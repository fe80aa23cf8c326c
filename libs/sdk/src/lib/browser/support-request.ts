import { checkRedirectUrl, checkTenantSlug, normalizeBaseUrl } from '../urls.js';

/** The signed-in user of your app, as your app knows them. */
export interface SupportUser {
  email: string;
  /** Their full name; the email address stands in when it is empty (the API requires a name). */
  name?: string | null;
}

/** Where and for whom: what every browser helper of the authentication redirect takes. */
export interface SupportRequestOptions {
  /**
   * The origin of the Central Tickets platform or of your portal, e.g.
   * `https://tickets.example.com`, `https://acme.tickets.example.com`, `http://acme.localhost:3000`.
   */
  baseUrl: string;
  /** Your tenant's slug (`acme`). */
  tenant: string;
  /** The signed-in user. Without one (null, undefined, no email) the helpers refuse to run. */
  user: SupportUser | null | undefined;
  /**
   * Where the user lands once signed in: an absolute URL on your portal, a verified domain or an
   * allowed origin. Default: the portal's `/dashboard`.
   */
  redirectUrl?: string;
  /** Open the portal in a new tab, keeping your page (default `true`, as the integration guide does). */
  newTab?: boolean;
}

/**
 * Thrown when a helper is called without a signed-in user: send the person to your own sign-in
 * page (the integration guides do `window.location = '/login'`).
 */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
  constructor() {
    super('Sign the user in to your app first: Central Tickets needs the signed-in user\'s email address (options.user.email).');
  }
}

export interface SupportRequest {
  /** `{baseUrl}/api/auth/redirect/{tenant}` */
  action: string;
  fields: { email: string; name: string; redirect_url?: string };
  newTab: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Checks the options and says what to post where; throws {@link SignInRequiredError} without a user. */
export function supportRequest(options: SupportRequestOptions): SupportRequest {
  if (!options || typeof options !== 'object') throw new TypeError('Pass the options: { baseUrl, tenant, user, redirectUrl?, newTab? }.');
  const user = options.user;
  const email = user && typeof user === 'object' && typeof user.email === 'string' ? user.email.trim() : '';
  if (!email) throw new SignInRequiredError();
  if (email.length > 254 || !EMAIL.test(email)) throw new TypeError(`user.email must be an email address (got ${JSON.stringify(email)}).`);
  const name = typeof user?.name === 'string' && user.name.trim() ? user.name.trim() : email;
  if (name.length > 255) throw new TypeError('user.name must be at most 255 characters.');
  const base = normalizeBaseUrl(options.baseUrl);
  const tenant = checkTenantSlug(options.tenant);
  const redirectUrl = checkRedirectUrl(options.redirectUrl);
  return {
    action: `${base}/api/auth/redirect/${encodeURIComponent(tenant)}`,
    fields: redirectUrl === undefined ? { email, name } : { email, name, redirect_url: redirectUrl },
    newTab: options.newTab ?? true,
  };
}
