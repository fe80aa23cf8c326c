import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../core/config/app-config';
import { AppException } from '../core/errors/app.exception';
import type { TenantDirectory, TenantProfile } from '../core/tenancy/tenant-directory';
import { sessionCookieName, sessionCookieOptions } from './session-cookie';
import type { StartedSession } from './sessions.service';

/**
 * Login CSRF: a page elsewhere must not sign a browser in to an account of its choosing. A
 * console sign-in (password, invitation) from a page must come from the portal itself or one
 * of the tenant's origins; requests without `Origin` are not from a page's script or form.
 */
export function refuseCrossSiteLogin(req: FastifyRequest, directory: TenantDirectory, tenant: TenantProfile): void {
  const origin = req.headers.origin;
  if (origin && !directory.trustedOrigins(tenant).has(origin)) {
    throw AppException.forbidden('Sign in from the help desk itself.', 'This request came from another site.');
  }
}

/** The browser's session cookie before this sign-in (it ends: the id is always new). */
export function previousSessionId(req: FastifyRequest, config: AppConfig): string | null {
  return req.cookies?.[sessionCookieName(config)] ?? null;
}

/** Hands the new session to the browser; the answer is never cached. */
export function setSessionCookie(reply: FastifyReply, config: AppConfig, session: StartedSession): void {
  void reply
    .setCookie(sessionCookieName(config), session.id, sessionCookieOptions(config, session.expiresAt))
    .header('Cache-Control', 'no-store');
}
