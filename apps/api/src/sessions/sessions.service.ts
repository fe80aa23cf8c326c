import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, type MeDto, type SignInMethod, type UserRole } from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { PasswordHasher } from '../core/crypto/password-hasher';
import { deriveKey } from '../core/crypto/secret-box';
import { safeEqual, sha256 } from '../core/crypto/tokens';
import { isUniqueViolation } from '../core/database/pg-errors';
import { TenantDb, type TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import type { RequestMeta } from '../core/http/request-meta';
import type { Site, TenantProfile } from '../core/tenancy/tenant-directory';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { SecurityEventsService } from '../security-events/security-events.service';
import { UsersRepository, type IdentityRow, type UserRow } from '../users/users.repository';
import { CALLBACK_TOKEN_TTL_SECONDS, type CallbackClaims, CallbackTokenCodec } from './callback-token';
import { SessionsRepository } from './sessions.repository';

/** Verified when there is no user, so that an unknown address costs as much as a wrong password. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$0M2t0vvk95/gWq3G6KgKTA$1JjDb0mamKObkRI57pPpTaiqiOqwxiqIj+FS8Q0D7Gg';

/** A touch of `last_seen_at` is written at most this often per session. */
const TOUCH_RESOLUTION_MS = 60_000;

/** An external identity vouched for by the tenant's app (redirect) or its signature (JWT). */
export interface Identity {
  email: string;
  name: string;
  externalId: string | null;
}

/** A session just begun: its raw id goes in the cookie and nowhere else. */
export interface StartedSession {
  id: string;
  expiresAt: Date;
  csrfToken: string;
}

/** Who a session belongs to, for the request it authenticates. */
export interface SessionAuth {
  tenant: TenantProfile;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  method: SignInMethod;
  absoluteExpiresAt: Date;
  csrfToken: string;
}

/** A failed sign-in: the code, and where the user may go back to when that is known and safe. */
export class SignInFailure extends AppException {
  constructor(
    code: ErrorCode,
    message: string,
    readonly backUrl: string | null = null,
    status = HttpStatus.UNAUTHORIZED,
  ) {
    super(status, code, message);
  }
}

/**
 * How sessions begin and end: the identity rule, the one-time callback token (issue, redeem),
 * server-side sessions (only the SHA-256 of the id is stored), their CSRF token, and the
 * purge of what has expired.
 */
@Injectable()
export class SessionsService {
  private readonly codec: CallbackTokenCodec;
  private readonly csrfKey: Buffer;

  constructor(
    private readonly db: TenantDb,
    private readonly repo: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly directory: TenantDirectory,
    private readonly events: SecurityEventsService,
    private readonly clock: Clock,
    private readonly passwords: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.codec = new CallbackTokenCodec(config.appKey);
    this.csrfKey = deriveKey(config.appKey, 'csrf');
  }

  /** Creates or updates the user by the identity rule; refuses deactivated accounts. */
  async upsertUser(tx: TenantTx, identity: Identity): Promise<IdentityRow> {
    let user: IdentityRow | null;
    try {
      user = await this.users.upsertIdentity(tx, identity);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      user = null;
    }
    if (!user) {
      throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'This email address belongs to another user.', {
        details: 'Another user of this tenant, with a different external_id, has this email address.',
      });
    }
    if (!user.is_active) throw AppException.forbidden('This account is deactivated.', 'Ask the help desk to reactivate it.');
    return user;
  }

  /** A one-time callback URL on `hostname` (a portal host of the tenant) that signs `userId` in. */
  issueCallback(
    tenant: TenantProfile,
    userId: string,
    hostname: string,
    redirectUrl: string,
    method: SignInMethod,
  ): { url: string; token: string; expiresAt: Date } {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + CALLBACK_TOKEN_TTL_SECONDS;
    const token = this.codec.seal({ t: tenant.id, u: userId, j: randomUUID(), iat, exp, h: hostname, r: redirectUrl, m: method });
    return {
      url: `${this.directory.originOfHost(hostname)}/auth/callback?token=${encodeURIComponent(token)}`,
      token,
      expiresAt: new Date(exp * 1000),
    };
  }

  /**
   * The callback: checks the token (ours, unaltered, for this tenant and this host, not
   * expired), spends it in one atomic statement, and begins a session in place of `previousId`.
   */
  async redeem(
    site: Extract<Site, { kind: 'portal' }>,
    token: string,
    meta: RequestMeta,
    previousId: string | null,
  ): Promise<{ session: StartedSession; redirectUrl: string; claims: CallbackClaims }> {
    const tenant = site.tenant;
    const claims = this.codec.open(token);
    const fail = async (code: ErrorCode, message: string, details: string, back: string | null, kind: 'login_failed' | 'token_replayed' = 'login_failed') => {
      await this.events.record(tenant.id, meta, { kind, method: claims?.m ?? 'redirect', code, userId: claims?.u ?? null, details });
      return new SignInFailure(code, message, back);
    };
    if (!claims) {
      throw await fail(ErrorCode.TokenInvalid, 'This sign-in link is invalid.', 'The callback token could not be decrypted or was altered.', null);
    }
    if (claims.t !== tenant.id || claims.h !== site.hostname) {
      throw await fail(ErrorCode.TokenInvalid, 'This sign-in link is for another site.', `The token was issued for ${claims.h}, not ${site.hostname}.`, null);
    }
    const now = this.clock.now();
    if (now.getTime() >= claims.exp * 1000) {
      throw await fail(ErrorCode.TokenExpired, 'This sign-in link has expired.', `The token expired at ${new Date(claims.exp * 1000).toISOString()}.`, claims.r);
    }
    const outcome = await this.db.run(tenant.id, async (tx) => {
      if (!(await this.repo.consume(tx, `callback:${claims.j}`, new Date(claims.exp * 1000), now))) return null;
      const session = await this.start(tx, claims.u, claims.m, meta, previousId);
      await this.events.recordIn(tx, meta, { kind: 'login_succeeded', method: claims.m, userId: claims.u });
      return session;
    });
    if (!outcome) {
      throw await fail(ErrorCode.TokenReplayed, 'This sign-in link has already been used.', 'Callback tokens are single use.', claims.r, 'token_replayed');
    }
    return { session: outcome, redirectUrl: claims.r, claims };
  }

  /**
   * Begins a session for `userId` inside `tx`. The previous session of this browser, if any,
   * ends here: the id is always new at sign-in (no fixation).
   */
  async start(
    tx: TenantTx,
    userId: string,
    method: SignInMethod,
    meta: RequestMeta,
    previousId: string | null,
  ): Promise<StartedSession> {
    if (previousId) await this.repo.delete(tx, sha256(previousId));
    const now = this.clock.now();
    const id = randomBytes(32).toString('base64url');
    const absoluteExpiresAt = new Date(now.getTime() + this.config.sessions.absoluteMs);
    // The session row and the user's last sign-in, in one statement.
    await this.repo.insert(tx, {
      idHash: sha256(id),
      userId,
      method,
      ip: meta.ip,
      userAgent: meta.userAgent,
      now,
      absoluteExpiresAt,
      expiresAt: this.idleExpiry(now, absoluteExpiresAt),
    });
    return { id, expiresAt: absoluteExpiresAt, csrfToken: this.csrfToken(id) };
  }

  /**
   * An agent's or admin's console sign-in with email and password. The same answer for an
   * unknown address, a requester (who has no password) and a wrong password; a hash is
   * verified either way, so the answer's timing does not tell which.
   */
  async passwordLogin(tenant: TenantProfile, email: string, password: string, meta: RequestMeta, previousId: string | null): Promise<{ session: StartedSession; auth: SessionAuth }> {
    const user = await this.db.run(tenant.id, (tx) => this.users.findByEmailWithPassword(tx, email));
    const staff = user && user.isActive && user.role !== 'requester' && user.passwordHash ? user : null;
    const ok = await this.passwords.verify(staff?.passwordHash ?? DUMMY_HASH, password);
    if (!staff || !ok) {
      await this.events.record(tenant.id, meta, { kind: 'login_failed', method: 'password', code: ErrorCode.Unauthenticated, email, userId: user?.id ?? null, details: 'Wrong email or password.' });
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.Unauthenticated, 'The email or password is wrong.', {
        details: 'Requesters sign in through their company\'s app; agents with the password they chose.',
      });
    }
    return this.db.run(tenant.id, (tx) => this.startPasswordSession(tx, tenant, staff, meta, previousId));
  }

  /** Begins a console (password) session for a staff member inside `tx`, and logs the sign-in. */
  async startPasswordSession(
    tx: TenantTx,
    tenant: TenantProfile,
    user: UserRow,
    meta: RequestMeta,
    previousId: string | null,
  ): Promise<{ session: StartedSession; auth: SessionAuth }> {
    const session = await this.start(tx, user.id, 'password', meta, previousId);
    await this.events.recordIn(tx, meta, { kind: 'login_succeeded', method: 'password', userId: user.id, email: user.email });
    return {
      session,
      auth: { tenant, userId: user.id, email: user.email, name: user.name, role: user.role, method: 'password', absoluteExpiresAt: session.expiresAt, csrfToken: session.csrfToken },
    };
  }

  /** The session behind a raw id on this tenant's host, or null (unknown, expired, user deactivated). */
  async authenticate(tenant: TenantProfile, rawId: string): Promise<SessionAuth | null> {
    if (rawId.length !== 43) return null;
    const idHash = sha256(rawId);
    const now = this.clock.now();
    return this.db.run(tenant.id, async (tx) => {
      const row = await this.repo.findLive(tx, idHash, now);
      if (!row) return null;
      if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_RESOLUTION_MS) {
        await this.repo.touch(tx, idHash, now, this.idleExpiry(now, row.absolute_expires_at));
      }
      return {
        tenant,
        userId: row.user_id,
        email: row.email,
        name: row.name,
        role: row.role,
        method: row.auth_method,
        absoluteExpiresAt: row.absolute_expires_at,
        csrfToken: this.csrfToken(rawId),
      };
    });
  }

  async end(tenant: TenantProfile, rawId: string, meta: RequestMeta, userId: string): Promise<void> {
    await this.db.run(tenant.id, (tx) => this.repo.delete(tx, sha256(rawId)));
    await this.events.record(tenant.id, meta, { kind: 'logout', userId });
  }

  /** The session's CSRF token: an HMAC of its id, so nothing more is stored. */
  csrfToken(rawId: string): string {
    return createHmac('sha256', this.csrfKey).update(rawId).digest('base64url');
  }

  checkCsrf(rawId: string, header: string | undefined): boolean {
    return typeof header === 'string' && safeEqual(header, this.csrfToken(rawId));
  }

  toMeDto(auth: SessionAuth): MeDto {
    return {
      user: { id: auth.userId, email: auth.email, name: auth.name, role: auth.role },
      tenant: { id: auth.tenant.id, slug: auth.tenant.slug, name: auth.tenant.name },
      csrf_token: auth.csrfToken,
      auth_method: auth.method,
      expires_at: auth.absoluteExpiresAt.toISOString(),
    };
  }

  purgeExpired(): Promise<{ sessions: number; tokens: number }> {
    return this.repo.purgeExpired(this.clock.now());
  }

  private idleExpiry(now: Date, absolute: Date): Date {
    return new Date(Math.min(now.getTime() + this.config.sessions.idleMs, absolute.getTime()));
  }
}
