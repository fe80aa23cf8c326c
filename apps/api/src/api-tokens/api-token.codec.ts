import { randomBytes } from 'node:crypto';
import { parse as parseUuid, stringify as stringifyUuid } from './uuid-bytes';

export const API_TOKEN_PREFIX = 'ct_';
const SECRET_BYTES = 32;
const UUID_BYTES = 16;

/**
 * An API token is `ct_` + base64url(tenant id (16 bytes) ‖ 32 random bytes). Carrying the
 * tenant lets every lookup run inside that tenant's scope (and its shard, when distributed);
 * the 256 random bits are the secret. Only the token's SHA-256 is stored.
 */
export function mintApiToken(tenantId: string, secret: Buffer = randomBytes(SECRET_BYTES)): string {
  if (secret.length !== SECRET_BYTES) throw new Error(`an API token secret is ${SECRET_BYTES} bytes`);
  return API_TOKEN_PREFIX + Buffer.concat([parseUuid(tenantId), secret]).toString('base64url');
}

/** The tenant id a token claims, or null when it is not one of ours. */
export function tenantOfApiToken(token: string): string | null {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const body = token.slice(API_TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{64}$/.test(body)) return null;
  const raw = Buffer.from(body, 'base64url');
  return raw.length === UUID_BYTES + SECRET_BYTES ? stringifyUuid(raw.subarray(0, UUID_BYTES)) : null;
}
