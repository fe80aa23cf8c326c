import { HttpStatus, Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { createHash } from 'node:crypto';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { EMAIL_MAX_LENGTH, ErrorCode, NAME_MAX_LENGTH } from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import { AppException } from '../core/errors/app.exception';
import { TenantDirectory, type TenantProfile } from '../core/tenancy/tenant-directory';
import type { SpentToken } from '../sessions/sign-in.service';
import type { Identity } from '../sessions/sessions.service';
import { JwtSecretsService } from '../tenants/jwt-secrets.service';

/** Longest lifetime (`exp − iat`) a login token may have, and the clock skew forgiven (CONTRACT §2). */
export const MAX_LIFETIME_SECONDS = 120;
export const LEEWAY_SECONDS = 30;

/** What a verified login token says. */
export interface LoginClaims {
  identity: Identity;
  redirectUrl: string | null;
  /** The ledger entry that makes the token single use (none for unsigned redirects). */
  spend: SpentToken | null;
}

export class LoginTokenError extends AppException {
  constructor(code: typeof ErrorCode.TokenInvalid | typeof ErrorCode.TokenExpired, message: string, details: string) {
    super(HttpStatus.UNAUTHORIZED, code, message, { details });
  }
}

const invalid = (details: string) => new LoginTokenError(ErrorCode.TokenInvalid, 'The login token is invalid.', details);

const optionalString = (payload: JwtPayload, claim: string, max: number): string | null => {
  const value = payload[claim];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw invalid(`The "${claim}" claim must be a non-empty string of at most ${max} characters.`);
  }
  return value.trim();
};

/**
 * Verifies login JWTs of a tenant (CONTRACT §2) with `jsonwebtoken`, the library under
 * passport-jwt (docs/decisions/0008-sign-in.md says why not the strategy itself): HS256 only;
 * the `kid` header picks one of the tenant's secrets, otherwise each valid secret is tried
 * (the current one, then the previous one during its grace period); at most 120 s of lifetime;
 * 30 s of leeway; `aud`, when present, must name the tenant. Time comes from the injected clock.
 */
@Injectable()
export class LoginTokenVerifier {
  constructor(
    private readonly secrets: JwtSecretsService,
    private readonly directory: TenantDirectory,
    private readonly clock: Clock,
  ) {}

  async verify(tenant: TenantProfile, token: string): Promise<LoginClaims> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw invalid('The token is not a JWT.');
    if (decoded.header.alg !== 'HS256') throw invalid(`The token uses ${String(decoded.header.alg)}; only HS256 is accepted.`);
    let keys = await this.secrets.verificationKeys(tenant.id);
    const kid = decoded.header.kid;
    if (kid !== undefined) {
      keys = keys.filter((k) => k.kid === kid);
      if (!keys.length) throw invalid(`No valid secret of this tenant has the key id "${String(kid)}".`);
    }
    const now = Math.floor(this.clock.now().getTime() / 1000);
    let payload: JwtPayload | null = null;
    for (const key of keys) {
      try {
        payload = jwt.verify(token, key.key, {
          algorithms: ['HS256'],
          clockTimestamp: now,
          clockTolerance: LEEWAY_SECONDS,
        }) as JwtPayload;
        break;
      } catch (err) {
        if (err instanceof jwt.TokenExpiredError) {
          throw new LoginTokenError(ErrorCode.TokenExpired, 'The login token has expired.', `It expired at ${err.expiredAt.toISOString()}.`);
        }
        if (err instanceof jwt.NotBeforeError) throw invalid('The token is not valid yet (nbf).');
        if (!(err instanceof jwt.JsonWebTokenError) || err.message !== 'invalid signature') {
          throw invalid(err instanceof Error ? `The token is malformed (${err.message}).` : 'The token is malformed.');
        }
      }
    }
    if (!payload) throw invalid('The signature does not match this tenant\'s JWT secret.');
    return this.claims(tenant, token, payload, now);
  }

  private claims(tenant: TenantProfile, token: string, p: JwtPayload, now: number): LoginClaims {
    const { iat, exp } = p;
    if (typeof iat !== 'number' || typeof exp !== 'number') throw invalid('The "iat" and "exp" claims are required.');
    if (exp - iat > MAX_LIFETIME_SECONDS) throw invalid(`The token lives ${exp - iat} s; at most ${MAX_LIFETIME_SECONDS} s are allowed (exp − iat).`);
    if (iat > now + LEEWAY_SECONDS) throw invalid('The token was issued in the future ("iat"); check your server\'s clock.');
    if (p.aud !== undefined) {
      const portal = this.directory.portalOrigin(tenant);
      const names = new Set([tenant.slug, portal]);
      const audiences = Array.isArray(p.aud) ? p.aud : [p.aud];
      if (!audiences.some((a) => names.has(a))) throw invalid(`The "aud" claim must be "${tenant.slug}" or "${portal}".`);
    }
    const email = typeof p['email'] === 'string' ? p['email'].trim().toLowerCase() : '';
    if (!email || email.length > EMAIL_MAX_LENGTH || !isEmail(email)) throw invalid('The "email" claim must be a valid email address.');
    const name = typeof p['name'] === 'string' ? p['name'].trim() : '';
    if (!name || name.length > NAME_MAX_LENGTH) throw invalid(`The "name" claim is required (1–${NAME_MAX_LENGTH} characters).`);
    const jti = optionalString(p, 'jti', 255);
    return {
      identity: { email, name, externalId: optionalString(p, 'external_id', 255) },
      redirectUrl: optionalString(p, 'redirect_url', 2048),
      spend: {
        id: jti ? `jwt:${jti}` : `jwt#${createHash('sha256').update(token).digest('base64url')}`,
        // Kept while the token could still be accepted: expiry plus leeway.
        expiresAt: new Date((exp + LEEWAY_SECONDS) * 1000),
      },
    };
  }
}
