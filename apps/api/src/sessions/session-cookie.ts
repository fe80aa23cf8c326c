import type { CookieSerializeOptions } from '@fastify/cookie';
import { type AppConfig, isHttps } from '../core/config/app-config';

/**
 * The session cookie (CONTRACT, "Sessions"): HttpOnly, host-only, `Path=/`. Over https it is
 * `Secure; SameSite=None` (the portal is reached from the tenant's own sites) and takes the
 * `__Host-` prefix, which browsers accept only host-only, on `/`, and Secure; over plain http
 * (development) it is `SameSite=Lax`.
 */
export function sessionCookieName(config: AppConfig): string {
  return isHttps(config) ? '__Host-ct_session' : 'ct_session';
}

export function sessionCookieOptions(config: AppConfig, expires?: Date): CookieSerializeOptions {
  const https = isHttps(config);
  return {
    httpOnly: true,
    path: '/',
    secure: https,
    sameSite: https ? 'none' : 'lax',
    ...(expires && { expires }),
  };
}
