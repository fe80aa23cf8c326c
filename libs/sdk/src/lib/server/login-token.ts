import { createHmac, randomUUID } from 'node:crypto';
import { inBrowserPage } from '../fetch.js';
import { checkRedirectUrl } from '../urls.js';

/** The longest lifetime (`exp − iat`) the API accepts, in seconds. */
export const LOGIN_TOKEN_MAX_LIFETIME_SECONDS = 120;
const DEFAULT_LIFETIME_SECONDS = 60;

export interface SignLoginTokenOptions {
  /** The user's email address (the user's key in your tenant unless `externalId` is given). */
  email: string;
  /** The user's full name (1–255 characters). */
  name: string;
  /** Your tenant's JWT secret (`jwt_secret` of sign-up or of a rotation). Server-side only. */
  secret: string;
  /** The secret's key id (`jwt_secret_kid`, or the `kid` of a rotation): picks that secret. */
  kid?: string;
  /** Your app's id for the user: their key in your tenant, so their email may change. */
  externalId?: string;
  /** Where the user lands once signed in (on your portal, a verified domain or an allowed origin). */
  redirectUrl?: string;
  /** `aud`: your tenant's slug or portal origin; the API refuses the token anywhere else. */
  audience?: string;
  /** `email_verified`, when your app knows. */
  emailVerified?: boolean;
  /** Lifetime in seconds, 1–120 (default 60). */
  expiresInSeconds?: number;
  /** The token's id (`jti`, single use); default a random UUID. */
  jti?: string;
  /** The signing time, for tests and replays of a fixed clock; default now. */
  now?: Date | number;
}

/** The claims of a login token, as on the wire. */
export interface LoginTokenClaims {
  email: string;
  name: string;
  iat: number;
  exp: number;
  jti: string;
  external_id?: string;
  redirect_url?: string;
  aud?: string;
  email_verified?: boolean;
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function requiredText(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${what} is required.`);
  const text = value.trim();
  if (text.length > max) throw new TypeError(`${what} must be at most ${max} characters.`);
  return text;
}

function optionalText(value: unknown, what: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requiredText(value, what, max);
}

/**
 * Signs a login JWT for `POST /api/jwt/login` (or the `token` field of the authentication
 * redirect): HS256 with your tenant's JWT secret, claims `email`, `name`, `iat`, `exp` (at most
 * 120 s later), `jti` (a random UUID: single use), and `external_id`, `redirect_url`, `aud`,
 * `email_verified` when given; a `kid` header when given.
 *
 * The signature is `node:crypto`'s HMAC-SHA256 over the two base64url JSON segments (RFC 7515),
 * which the tests check byte for byte against `jsonwebtoken`, the library the API verifies with.
 * Not `jsonwebtoken` itself (CommonJS without named exports, awkward in this ES module) nor
 * `jose` 6 (ES-module-only and asynchronous): the package stays free of dependencies.
 *
 * Sign one token per sign-in, just before using it, on your server: the secret must never reach
 * a browser.
 */
export function signLoginToken(options: SignLoginTokenOptions): string {
  if (inBrowserPage()) {
    throw new Error('signLoginToken runs on your server: your JWT secret must never be sent to a browser.');
  }
  const email = requiredText(options.email, 'email', 254);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new TypeError(`email must be an email address (got ${JSON.stringify(email)}).`);
  const name = requiredText(options.name, 'name', 255);
  if (typeof options.secret !== 'string' || options.secret === '') throw new TypeError('secret is required: your tenant\'s JWT secret.');
  const kid = optionalText(options.kid, 'kid', 255);
  const lifetime = options.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > LOGIN_TOKEN_MAX_LIFETIME_SECONDS) {
    throw new RangeError(`expiresInSeconds must be a whole number from 1 to ${LOGIN_TOKEN_MAX_LIFETIME_SECONDS}.`);
  }
  const nowMs = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  if (!Number.isFinite(nowMs)) throw new TypeError('now must be a valid date.');
  const iat = Math.floor(nowMs / 1000);

  const claims: LoginTokenClaims = {
    email,
    name,
    iat,
    exp: iat + lifetime,
    jti: optionalText(options.jti, 'jti', 255) ?? randomUUID(),
  };
  const externalId = optionalText(options.externalId, 'externalId', 255);
  if (externalId !== undefined) claims.external_id = externalId;
  const redirectUrl = checkRedirectUrl(options.redirectUrl);
  if (redirectUrl !== undefined) claims.redirect_url = redirectUrl;
  const audience = optionalText(options.audience, 'audience', 255);
  if (audience !== undefined) claims.aud = audience;
  if (options.emailVerified !== undefined) claims.email_verified = options.emailVerified === true;

  const header: { alg: 'HS256'; typ: 'JWT'; kid?: string } = { alg: 'HS256', typ: 'JWT' };
  if (kid !== undefined) header.kid = kid;
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', options.secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
