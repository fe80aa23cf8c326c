import { HttpStatus, Injectable } from '@nestjs/common';
import { ErrorCode, type SignInMethod } from '@central-tickets/contracts';
import { Clock } from '../core/clock';
import { TenantDb } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import type { RequestMeta } from '../core/http/request-meta';
import type { TenantProfile } from '../core/tenancy/tenant-directory';
import { SecurityEventsService } from '../security-events/security-events.service';
import type { IdentityRow } from '../users/users.repository';
import type { RedirectTarget } from './redirect-target';
import { SessionsRepository } from './sessions.repository';
import { type Identity, SessionsService, type StartedSession } from './sessions.service';

/** A login token to spend in the same transaction as the sign-in (a JWT's `jti` or hash). */
export interface SpentToken {
  id: string;
  expiresAt: Date;
}

export interface SignInResult {
  user: IdentityRow;
  callback: { url: string; token: string; expiresAt: Date };
  /** Begun when the sign-in happened on the portal host itself. */
  session: StartedSession | null;
}

/**
 * The one path from "the tenant's app vouches for this person" to "they are signed in":
 * spend the login token (if any), create or update the user, issue the callback, and on the
 * portal host begin the session at once. Used by the authentication redirect and JWT login.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly db: TenantDb,
    private readonly sessions: SessionsService,
    private readonly repo: SessionsRepository,
    private readonly events: SecurityEventsService,
    private readonly clock: Clock,
  ) {}

  async signIn(input: {
    tenant: TenantProfile;
    identity: Identity;
    method: SignInMethod;
    target: RedirectTarget;
    meta: RequestMeta;
    spend: SpentToken | null;
    /** Begin a session now (the request is on the portal host), replacing this one if set. */
    session: { previousId: string | null } | null;
  }): Promise<SignInResult> {
    const { tenant, identity, method, meta } = input;
    const outcome = await this.db.run(tenant.id, async (tx) => {
      if (input.spend && !(await this.repo.consume(tx, input.spend.id, input.spend.expiresAt, this.clock.now()))) {
        return null;
      }
      const user = await this.sessions.upsertUser(tx, identity);
      const session = input.session ? await this.sessions.start(tx, user.id, method, meta, input.session.previousId) : null;
      if (session) await this.events.recordIn(tx, meta, { kind: 'login_succeeded', method, userId: user.id, email: user.email });
      return { user, session };
    });
    if (!outcome) {
      await this.events.record(tenant.id, meta, {
        kind: 'token_replayed',
        method,
        code: ErrorCode.TokenReplayed,
        email: identity.email,
        details: 'A login token was presented a second time.',
      });
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TokenReplayed, 'This login token has already been used.', {
        details: 'Login tokens are single use: sign a new one for every login.',
      });
    }
    const callback = this.sessions.issueCallback(tenant, outcome.user.id, input.target.hostname, input.target.url, method);
    return { user: outcome.user, callback, session: outcome.session };
  }
}
