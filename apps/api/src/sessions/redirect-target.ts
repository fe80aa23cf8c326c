import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@central-tickets/contracts';
import { AppException } from '../core/errors/app.exception';
import type { TenantDirectory, TenantProfile } from '../core/tenancy/tenant-directory';

/** Where a sign-in ends: the portal host whose callback begins the session, then the final URL. */
export interface RedirectTarget {
  /** The portal host name the callback token is bound to. */
  hostname: string;
  /** Where the callback sends the browser. */
  url: string;
}

const invalid = (message: string) => AppException.invalidField('redirect_url', message);

/**
 * Checks a `redirect_url` (CONTRACT §1): an absolute http(s) URL whose origin is the tenant's
 * portal, one of its verified domains or one of its allowed origins. Never an open redirect:
 * not to another tenant, not `javascript:`, not `//evil`, not through userinfo or backslashes.
 * A custom domain of the tenant that is not verified yet is a 403 `DOMAIN_NOT_VERIFIED`.
 * Without one, the portal's `/dashboard`.
 */
export function resolveRedirectTarget(
  directory: TenantDirectory,
  tenant: TenantProfile,
  raw: string | null | undefined,
): RedirectTarget {
  const portal = new URL(directory.portalOrigin(tenant));
  if (raw === undefined || raw === null || raw === '') {
    return { hostname: portal.hostname, url: `${portal.origin}/dashboard` };
  }
  // Browsers read `\` as `/` and drop tabs and newlines; refuse rather than guess.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u0020\u007f]/.test(raw)) {
    throw invalid('The redirect url field must not contain spaces, control characters or backslashes.');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('The redirect url field must be an absolute URL (https://…).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('The redirect url field must be an http or https URL.');
  }
  if (url.username || url.password || !/^https?:\/\/[^/@]+(\/|$)/i.test(raw.replace(/[?#].*$/, ''))) {
    throw invalid('The redirect url field must not contain credentials.');
  }
  const hostname = url.hostname.toLowerCase();
  if (tenant.verifiedHosts.includes(hostname)) {
    if (url.origin !== directory.originOfHost(hostname)) {
      throw invalid(`The redirect url field must use ${directory.originOfHost(hostname)} for this domain.`);
    }
    return { hostname, url: url.href };
  }
  if (tenant.unverifiedHosts.includes(hostname)) {
    throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.DomainNotVerified, 'Domain not verified for tenant.', {
      details: `Verify ${hostname} (its TXT record) before sending users to it.`,
    });
  }
  if (url.origin === portal.origin || directory.trustedOrigins(tenant).has(url.origin)) {
    return { hostname: portal.hostname, url: url.href };
  }
  throw invalid('The redirect url must be on your portal, one of your verified domains or one of your allowed origins.');
}
