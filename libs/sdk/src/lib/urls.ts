/** Tenant slugs: 3–40 characters of `a-z 0-9 -`, no leading, trailing or double hyphen. */
const SLUG = /^(?=.{3,40}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The base URL of the platform or a tenant portal (`https://acme.tickets.example.com`,
 * `http://acme.localhost:3000`), without a trailing slash. A path prefix is kept (an API
 * behind a proxy at `/tickets`); a query, fragment or credentials are refused.
 */
export function normalizeBaseUrl(baseUrl: unknown, what = 'baseUrl'): string {
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') {
    throw new TypeError(`${what} is required: the origin of your Central Tickets platform or portal, e.g. "https://acme.tickets.example.com".`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new TypeError(`${what} must be an absolute URL, e.g. "https://acme.tickets.example.com" (got "${baseUrl}").`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${what} must be an http(s) URL (got "${url.protocol}").`);
  if (url.username || url.password) throw new TypeError(`${what} must not contain credentials.`);
  if (url.search || url.hash) throw new TypeError(`${what} must not have a query or fragment.`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A tenant slug, checked so it can only ever name a tenant (never another path). */
export function checkTenantSlug(tenant: unknown): string {
  if (typeof tenant !== 'string' || !SLUG.test(tenant)) {
    throw new TypeError(
      `tenant must be your tenant's slug: 3–40 characters of a-z, 0-9 and single hyphens (got ${JSON.stringify(tenant)}).`,
    );
  }
  return tenant;
}

/** An optional absolute http(s) URL (`redirect_url`): the API decides whether it is allowed. */
export function checkRedirectUrl(value: unknown, what = 'redirectUrl'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} must be an absolute URL on your portal, a verified domain or an allowed origin (got "${value}").`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${what} must be an http(s) URL.`);
  if (value.length > 2048) throw new TypeError(`${what} must be at most 2048 characters.`);
  return value;
}
