import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type ApiTokenScope } from '@central-tickets/contracts';
import { ApiTokensService } from '../../api-tokens/api-tokens.service';
import { AppException } from '../errors/app.exception';
import { siteOf, tenantNotFound } from '../tenancy/site';
import { TenantDirectory } from '../tenancy/tenant-directory';
import { actsAsStaff, SessionAuthenticator } from '../../sessions/session.guard';
import { attachAuth, type AuthenticatedRequest, requireAuth } from './auth-context';
import { REQUIRED_SCOPE } from './auth.metadata';

/** Reads the token from `Authorization: Bearer …` or `X-Tenant-API-Token`. */
export function tokenFromRequest(req: AuthenticatedRequest): string | null {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : null;
  }
  const alternative = req.headers['x-tenant-api-token'];
  return (typeof alternative === 'string' && alternative.trim()) || null;
}

/**
 * Authenticates a tenant API token, puts the tenant into the request's auth context, then
 * enforces the route's scope (403 `FORBIDDEN` without it).
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly reflector: Reflector,
    private readonly directory: TenantDirectory,
    private readonly sessions: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw = tokenFromRequest(req);
    // The console calls the same API with its session (no token): staff signed in with their
    // password, with the scopes of their role and the CSRF token on writes.
    if (!raw && this.sessions.hasCookie(req)) {
      const session = await this.sessions.authenticate(req);
      if (!actsAsStaff(session)) throw AppException.forbidden('Only agents can do this.', 'Agents and admins sign in with their password to use the console.');
      this.enforceScope(context, requireAuth(req).scopes, 'Your role');
      return true;
    }
    const auth = raw ? await this.tokens.authenticate(raw) : null;
    if (!auth) {
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.InvalidApiToken,
        raw ? 'The API token is invalid or revoked.' : 'An API token is required.',
        { details: 'Send it as "Authorization: Bearer <token>" or "X-Tenant-API-Token: <token>".' },
      );
    }
    // On a portal host the host names the tenant too: another tenant's token is refused there.
    const site = await siteOf(req, this.directory);
    if (site.kind === 'unknown') throw tenantNotFound();
    if (site.kind === 'portal' && site.tenant.id !== auth.tenantId) {
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.InvalidApiToken, 'The API token is invalid or revoked.', {
        details: 'This token belongs to another tenant than this portal.',
      });
    }
    attachAuth(req, auth);
    this.enforceScope(context, auth.scopes, 'This token');
    return true;
  }

  private enforceScope(context: ExecutionContext, scopes: readonly ApiTokenScope[], who: string): void {
    const scope = this.reflector.getAllAndOverride<ApiTokenScope | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (scope && !scopes.includes(scope)) {
      throw AppException.forbidden(
        `${who} lacks the "${scope}" scope.`,
        `Create a token with the "${scope}" scope to call this endpoint.`,
      );
    }
  }
}
