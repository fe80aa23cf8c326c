import type { FastifyReply } from 'fastify';
import type { TenantDirectory, TenantProfile } from '../core/tenancy/tenant-directory';

/** The console's page that the widget shows in its panel or popup (a route of apps/admin). */
export const WIDGET_PAGE_PATH = '/widget';

/**
 * An origin CSP can name as a host-source: http(s), a DNS name or IPv4 address, a port. Allowed
 * origins are validated when saved; this is the second check before one goes into a header (a
 * `;` or a space would add a directive or a source). IPv6 literals cannot be written in CSP.
 */
const HOST_SOURCE = /^https?:\/\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/;

/**
 * The `frame-ancestors` sources of a tenant's widget page: the portal itself and the origins the
 * tenant trusts (its allowed origins and verified domains), in a stable order.
 */
export function frameAncestorSources(origins: Iterable<string>): string {
  const sources = [...new Set(origins)].filter((o) => HOST_SOURCE.test(o)).sort();
  return ["'self'", ...sources].join(' ');
}

/** A CSP header value with its `frame-ancestors` directive replaced (or added). */
export function withFrameAncestors(csp: string | undefined, sources: string): string {
  const kept = (csp ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && !/^frame-ancestors(?:\s|$)/i.test(d));
  return [...kept, `frame-ancestors ${sources}`].join(';');
}

/**
 * The headers of the widget page (`GET /widget`, the console's `index.html`), on top of what
 * helmet set for every answer:
 *
 * - `Content-Security-Policy: … frame-ancestors 'self' <the tenant's origins>`: only the tenant's
 *   own sites may frame it (every other console page keeps helmet's `frame-ancestors 'self'`);
 * - no `X-Frame-Options`: helmet's `SAMEORIGIN` would contradict the list (browsers that know
 *   `frame-ancestors` ignore it anyway, older ones would refuse every embedding site);
 * - `Cross-Origin-Opener-Policy: unsafe-none`: in popup mode the page talks to the window that
 *   opened it, which helmet's `same-origin` would cut off.
 */
export function applyWidgetPageHeaders(reply: FastifyReply, directory: TenantDirectory, tenant: TenantProfile): void {
  // Helmet writes its headers on the raw response (onRequest); these replace them.
  const raw = reply.raw;
  const current = raw.getHeader('content-security-policy');
  raw.setHeader(
    'Content-Security-Policy',
    withFrameAncestors(typeof current === 'string' ? current : undefined, frameAncestorSources(directory.trustedOrigins(tenant))),
  );
  raw.removeHeader('X-Frame-Options');
  raw.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
}
