import { applyDecorators, CanActivate, ExecutionContext, HttpStatus, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { tokenFromRequest } from '../core/auth/api-token.guard';
import { Public } from '../core/auth/auth.decorators';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { AppException } from '../core/errors/app.exception';
import { requestMeta } from '../core/http/request-meta';
import { tenantNotFound } from '../core/tenancy/site';
import { TenantDirectory, type TenantProfile } from '../core/tenancy/tenant-directory';
import { SecurityEventsService } from '../security-events/security-events.service';

const TEST_TOOL = 'ct:test-tool';

type RedirectRequest = FastifyRequest & { redirectTenant?: TenantProfile };

/** The tenant of a redirect route, resolved by {@link TenantOriginGuard}. */
export function redirectTenant(req: FastifyRequest): TenantProfile {
  const tenant = (req as RedirectRequest).redirectTenant;
  if (!tenant) throw new Error('No tenant on this request: is the route guarded by TenantOriginGuard?');
  return tenant;
}

/** The browser origin of a request: `Origin`, or failing that the origin of `Referer`. */
export function requestOrigin(req: FastifyRequest): string | null {
  const parse = (value: string) => {
    try {
      const origin = new URL(value).origin;
      return origin === 'null' ? null : origin;
    } catch {
      return null;
    }
  };
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return parse(origin);
  const referer = req.headers.referer;
  return typeof referer === 'string' ? parse(referer) : null;
}

const bodyField = (req: FastifyRequest, field: string): unknown =>
  req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)[field] : undefined;

/** Whether the test tools answer for this tenant: outside production, or with its test mode on. */
export const testToolsOn = (config: AppConfig, tenant: TenantProfile) => !config.isProduction || tenant.testMode;

/**
 * Who may vouch for a user (CONTRACT §1, trust modes): resolves the tenant of the route's slug
 * (404 `TENANT_NOT_FOUND`), then lets through the tenant's API token (another tenant's is a
 * 401), a signed `token` (verified by the service), or — by `redirect_auth` — a browser on a
 * trusted origin (`origin`, else 403 `ORIGIN_NOT_ALLOWED`), nobody (`signed`, 403
 * `SIGNATURE_REQUIRED`), or anyone (`open`). Refusals go to the security log.
 */
@Injectable()
export class TenantOriginGuard implements CanActivate {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly apiTokens: ApiTokensService,
    private readonly events: SecurityEventsService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<RedirectRequest>();
    const slug = (req.params as Record<string, string>)['tenant_slug'] ?? '';
    const tenant = await this.directory.bySlug(slug);
    if (!tenant) throw tenantNotFound();
    if (this.reflector.get<boolean>(TEST_TOOL, context.getHandler()) && !testToolsOn(this.config, tenant)) {
      throw AppException.forbidden('The test tools are off for this tenant.', 'Turn test_mode on (PATCH /api/tenant) to use them in production.');
    }
    req.redirectTenant = tenant;

    const rawApiToken = tokenFromRequest(req);
    if (rawApiToken) {
      const auth = await this.apiTokens.authenticate(rawApiToken);
      if (!auth || auth.tenantId !== tenant.id) {
        throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.InvalidApiToken, 'The API token is invalid or revoked.', {
          details: 'Send a token of this tenant, or leave the header out.',
        });
      }
      return true;
    }
    const signed = bodyField(req, 'token');
    if (typeof signed === 'string' && signed !== '') return true;

    const email = bodyField(req, 'email');
    const meta = requestMeta(req);
    const refuse = async (kind: 'login_failed' | 'origin_refused', code: ErrorCode, details: string) =>
      this.events.record(tenant.id, meta, { kind, method: 'redirect', code, email: typeof email === 'string' ? email.slice(0, 254) : null, details });
    if (tenant.redirectAuth === 'signed') {
      await refuse('login_failed', ErrorCode.SignatureRequired, 'The tenant accepts only signed redirects.');
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.SignatureRequired, 'This tenant accepts only signed sign-in requests.', {
        details: 'Send a "token" signed with your JWT secret instead of email and name, or call from your server with your API token.',
      });
    }
    if (tenant.redirectAuth === 'origin' && !this.originTrusted(tenant, requestOrigin(req))) {
      await refuse('origin_refused', ErrorCode.OriginNotAllowed, meta.origin ? `${meta.origin} is not an allowed origin.` : 'The request had neither Origin nor Referer.');
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.OriginNotAllowed, 'This origin is not allowed for this tenant.', {
        details: 'Post from a page on one of your allowed origins or verified domains, or call from your server with your API token.',
      });
    }
    return true;
  }

  private originTrusted(tenant: TenantProfile, origin: string | null): boolean {
    if (!origin) return false;
    if (this.directory.trustedOrigins(tenant).has(origin)) return true;
    // The platform's own test pages drive the flows while the tenant's test tools are on.
    return origin === new URL(this.config.publicBaseUrl).origin && testToolsOn(this.config, tenant);
  }
}

/**
 * Refuses a `redirect_url` on one of the tenant's custom domains that is not DNS-verified yet
 * (403 `DOMAIN_NOT_VERIFIED`): unverified domains receive neither tokens nor redirects. (The
 * service checks the whole URL again, including one carried inside a signed token.)
 */
@Injectable()
export class DomainVerificationGuard implements CanActivate {
  constructor(private readonly events: SecurityEventsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const tenant = redirectTenant(req);
    const raw = bodyField(req, 'redirect_url');
    if (typeof raw !== 'string' || !URL.canParse(raw)) return true;
    const hostname = new URL(raw).hostname.toLowerCase();
    if (!tenant.unverifiedHosts.includes(hostname)) return true;
    const details = `Verify ${hostname} (its TXT record) before sending users to it.`;
    await this.events.record(tenant.id, requestMeta(req), { kind: 'login_failed', method: 'redirect', code: ErrorCode.DomainNotVerified, details });
    throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.DomainNotVerified, 'Domain not verified for tenant.', { details });
  }
}

/**
 * The access of the redirect routes: public, then the tenant and trust mode, then the target
 * domain, in that order. `test` marks the test endpoint (off in production without test mode).
 */
export function SignInRedirect(options: { test?: boolean } = {}): MethodDecorator {
  return applyDecorators(
    Public(),
    SetMetadata(TEST_TOOL, options.test === true),
    UseGuards(TenantOriginGuard, DomainVerificationGuard),
  );
}
