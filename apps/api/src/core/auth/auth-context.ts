import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiTokenScope, UserRole } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';

/** Who is calling, resolved once per request by a guard from the credential. */
export interface AuthContext {
  readonly tenantId: string;
  readonly tenantSlug: string;
  readonly scopes: readonly ApiTokenScope[];
  readonly actor:
    | { readonly kind: 'api_token'; readonly id: string }
    | { readonly kind: 'user'; readonly id: string; readonly role: UserRole };
}

export type AuthenticatedRequest = FastifyRequest & { auth?: AuthContext; raw: FastifyRequest['raw'] & { auth?: AuthContext } };

/** Puts the caller on the request (and on the raw request, where the request log reads the tenant). */
export function attachAuth(req: AuthenticatedRequest, auth: AuthContext): void {
  req.auth = auth;
  req.raw.auth = auth;
}

/**
 * The request's {@link AuthContext}. Fails closed: a handler that asks for it without a guard
 * having set it is a programming error, never an unscoped request.
 */
export function requireAuth(req: AuthenticatedRequest): AuthContext {
  if (!req.auth) throw new Error('No tenant context on this request: is the route guarded?');
  return req.auth;
}

export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext =>
  requireAuth(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);
