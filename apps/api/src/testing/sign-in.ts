import jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import type { TestApp } from './test-app';

/** The Host header of a tenant's portal in the test configuration (PUBLIC_BASE_URL http://localhost:3000). */
export const portalHost = (slug: string) => `${slug}.localhost:3000`;
export const portalOrigin = (slug: string) => `http://${portalHost(slug)}`;

/** A login JWT as the guides sign one: HS256, `iat` now, `exp` two minutes later. */
export function loginJwt(
  secret: string,
  claims: Record<string, unknown> = {},
  options: { now?: Date; kid?: string; algorithm?: jwt.Algorithm } = {},
): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  // A claim given as undefined is left out (jsonwebtoken would add `iat` by itself otherwise).
  const payload = Object.fromEntries(
    Object.entries({ email: 'user@example.com', name: 'John Doe', iat, exp: iat + 120, ...claims }).filter(([, v]) => v !== undefined),
  );
  return jwt.sign(payload, secret, {
    algorithm: options.algorithm ?? 'HS256',
    noTimestamp: payload['iat'] === undefined,
    ...(options.kid && { keyid: options.kid }),
  });
}

/** The `name=value` of the session cookie a response sets, or null. */
export function sessionCookie(res: Response): string | null {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const found = cookies.find((c) => /^(__Host-)?ct_session=[^;]+/.test(c));
  return found ? (found.split(';')[0] as string) : null;
}

/** Follows a callback URL on its portal host and returns the answer. */
export function followCallback(t: TestApp, url: string, cookie?: string) {
  const u = new URL(url);
  const req = t.http.get(`${u.pathname}${u.search}`).set('Host', u.host);
  return cookie ? req.set('Cookie', cookie) : req;
}

/** The token of a callback URL. */
export const callbackToken = (url: string) => new URL(url).searchParams.get('token') as string;
