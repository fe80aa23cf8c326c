import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';
import type { ApiTokenScope } from '@central-tickets/contracts';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { SessionGuard } from '../../sessions/session.guard';
import { ApiTokenGuard } from './api-token.guard';
import { ACCESS, REQUIRED_SCOPE, type Access } from './auth.metadata';


/**
 * A route anyone may call (sign-up, health, docs). Making a route public is a decision to be
 * reviewed: the guard test lists every route and its access.
 */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS, 'public' satisfies Access);
}

/**
 * A route of the tenant API: a valid API token is required (401 `INVALID_API_TOKEN`) and,
 * when given, the scope (403 `FORBIDDEN`). The tenant comes from the token, never the request.
 */
export function TenantApi(scope?: ApiTokenScope): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS, 'tenant-api' satisfies Access),
    SetMetadata(REQUIRED_SCOPE, scope),
    UseGuards(ApiTokenGuard),
    ApiBearerAuth('bearer'),
    ApiSecurity('api-token-header'),
    ApiErrors(scope ? [401, 403] : [401]),
  );
}

/**
 * A route of the tenant portal for a signed-in user: the host names the tenant, the session
 * cookie the user (401 `UNAUTHENTICATED`), and writes need the session's CSRF token (403).
 */
export function PortalSession(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS, 'session' satisfies Access),
    UseGuards(SessionGuard),
    ApiCookieAuth('session'),
    ApiErrors([401, 403, 404]),
  );
}
