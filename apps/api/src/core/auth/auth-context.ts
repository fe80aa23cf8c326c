import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiTokenScope } from '@central-tickets/contracts';
import type { Request } from 'express';

/** Who is calling, resolved once per request by a guard from the credential. */
export interface AuthContext {
  readonly tenantId: string;
  readonly tenantSlug: string;
  readonly scopes: readonly ApiTokenScope[];
  readonly actor: { readonly kind: 'api_token'; readonly id: string };
}

export type AuthenticatedRequest = Request & { auth?: AuthContext };

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
