import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { attachAuth, type AuthenticatedRequest } from '../core/auth/auth-context';
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

/** The session of a request, which must be an agent's or admin's signed in with their password (403 otherwise). */
export function requireStaff(req: FastifyRequest): SessionAuth {
  const { auth } = requireSession(req);
  if (!actsAsStaff(auth)) {
    throw AppException.forbidden('Only agents can do this.', 'Agents and admins sign in with their password to work tickets.');
  }
  return auth;
}

/**
 * A portal session: the host names the tenant (404 elsewhere), the cookie names the session
 * (401 `UNAUTHENTICATED` without a live one), and a state-changing request must carry the
 * session's CSRF token in `X-CSRF-Token` (403 `FORBIDDEN` otherwise).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  private readonly cookie: string;

  constructor(
    private readonly sessions: SessionsService,
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cookie = sessionCookieName(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SessionRequest>();
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
      scopes: [],
      actor: { kind: 'user', id: auth.userId, role: auth.role },
    });
    return true;
  }
}
