import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { attachAuth, type AuthContext, type AuthenticatedRequest } from '../core/auth/auth-context';
import { API_TOKEN_SCOPES } from '@central-tickets/contracts';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { AppException } from '../core/errors/app.exception';
import { requirePortal } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { sessionCookieName } from './session-cookie';
import { type SessionAuth, SessionsService } from './sessions.service';

/** The header that carries the session's CSRF token on state-changing requests. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type SessionRequest = AuthenticatedRequest & { session?: SessionAuth; sessionId?: string };

/** The session of a request a {@link SessionGuard} let through. */
export function requireSession(req: FastifyRequest): { auth: SessionAuth; id: string } {
  const r = req as SessionRequest;
  if (!r.session || !r.sessionId) throw new Error('No session on this request: is the route guarded?');
  return { auth: r.session, id: r.sessionId };
}

/** Staff powers need a password session: sign-in through the company's app vouches for a customer, not an agent. */
export const actsAsStaff = (session: SessionAuth) => session.role !== 'requester' && session.method === 'password';

/** What a session may do on the tenant API: its role's scopes, for staff signed in with their password. */
function scopesOf(session: SessionAuth): AuthContext['scopes'] {
  if (!actsAsStaff(session)) return [];
  return session.role === 'admin' ? API_TOKEN_SCOPES : ['tickets:read', 'tickets:write'];
}

/**
 * A portal session: the host names the tenant (404 elsewhere), the cookie names the session
 * (401 `UNAUTHENTICATED` without a live one), and a state-changing request must carry the
 * session's CSRF token in `X-CSRF-Token` (403 `FORBIDDEN` otherwise).
 */
@Injectable()
export class SessionAuthenticator {
  private readonly cookie: string;

  constructor(
    private readonly sessions: SessionsService,
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cookie = sessionCookieName(config);
  }

  /** Whether the request carries a session cookie at all. */
  hasCookie(req: FastifyRequest): boolean {
    return Boolean(req.cookies?.[this.cookie]);
  }

  /**
   * Authenticates the request's session on its portal (404 elsewhere, 401 without a live one,
   * 403 for a write without the CSRF token) and puts it on the request. A staff session (see
   * {@link actsAsStaff}) carries the scopes of the role: an admin's all of them, an agent's
   * the tickets'; anyone else's none.
   */
  async authenticate(req: SessionRequest): Promise<SessionAuth> {
    const site = await requirePortal(req, this.directory);
    const raw = req.cookies?.[this.cookie];
    const auth = raw ? await this.sessions.authenticate(site.tenant, raw) : null;
    if (!raw || !auth) {
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.Unauthenticated, 'You are not signed in.', {
        details: 'Sign in through your company\'s app, then try again.',
      });
    }
    if (!SAFE_METHODS.has(req.method) && !this.sessions.checkCsrf(raw, req.headers[CSRF_HEADER] as string | undefined)) {
      throw AppException.forbidden('The CSRF token is missing or invalid.', 'Send the csrf_token of GET /api/me as the X-CSRF-Token header.');
    }
    req.session = auth;
    req.sessionId = raw;
    attachAuth(req, {
      tenantId: auth.tenant.id,
      tenantSlug: auth.tenant.slug,
      scopes: scopesOf(auth),
      actor: { kind: 'user', id: auth.userId, role: auth.role },
    });
    return auth;
  }
}

@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.sessions.authenticate(context.switchToHttp().getRequest<SessionRequest>());
    return true;
  }
}
