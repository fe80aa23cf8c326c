import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { type AuthRedirectDto, ErrorCode } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { tokenFromRequest } from '../core/auth/api-token.guard';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { AppException } from '../core/errors/app.exception';
import { type RequestMeta, requestMeta } from '../core/http/request-meta';
import { tenantNotFound } from '../core/tenancy/site';
import { TenantDirectory, type TenantProfile } from '../core/tenancy/tenant-directory';
import { LoginTokenError, LoginTokenVerifier } from '../jwt-login/login-token.verifier';
import { SecurityEventsService } from '../security-events/security-events.service';
import { resolveRedirectTarget } from '../sessions/redirect-target';
import type { Identity } from '../sessions/sessions.service';
import { SignInService, type SignInResult, type SpentToken } from '../sessions/sign-in.service';

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

/**
 * The authentication redirect (CONTRACT §1): who may vouch for a user under the tenant's trust
 * mode (`origin`, `signed`, `open`; the tenant API token always may), where the user may be
 * sent, and the sign-in itself. The test endpoint runs the very same checks.
 */
@Injectable()
export class AuthRedirectService {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly apiTokens: ApiTokensService,
    private readonly verifier: LoginTokenVerifier,
    private readonly signIn: SignInService,
    private readonly events: SecurityEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the test tools answer for this tenant: outside production, or with its test mode on. */
  testToolsOn(tenant: TenantProfile): boolean {
    return !this.config.isProduction || tenant.testMode;
  }

  async tenant(slug: string, test: boolean): Promise<TenantProfile> {
    const tenant = await this.directory.bySlug(slug);
    if (!tenant) throw tenantNotFound();
    if (test && !this.testToolsOn(tenant)) {
      throw AppException.forbidden('The test tools are off for this tenant.', 'Turn test_mode on (PATCH /api/tenant) to use them in production.');
    }
    return tenant;
  }

  async redirect(tenant: TenantProfile, dto: AuthRedirectDto, req: FastifyRequest): Promise<SignInResult> {
    const meta = requestMeta(req);
    const { identity, redirectUrl, spend } = await this.vouch(tenant, dto, req, meta);
    let target;
    try {
      target = resolveRedirectTarget(this.directory, tenant, redirectUrl);
    } catch (err) {
      if (err instanceof AppException && err.code === ErrorCode.DomainNotVerified) {
        await this.events.record(tenant.id, meta, { kind: 'login_failed', method: 'redirect', code: err.code, email: identity.email, details: err.extras.details });
      }
      throw err;
    }
    return this.signIn.signIn({ tenant, identity, method: 'redirect', target, meta, spend, session: null });
  }

  private async vouch(
    tenant: TenantProfile,
    dto: AuthRedirectDto,
    req: FastifyRequest,
    meta: RequestMeta,
  ): Promise<{ identity: Identity; redirectUrl: string | undefined; spend: SpentToken | null }> {
    const rawApiToken = tokenFromRequest(req);
    if (rawApiToken) {
      const auth = await this.apiTokens.authenticate(rawApiToken);
      if (!auth || auth.tenantId !== tenant.id) {
        throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.InvalidApiToken, 'The API token is invalid or revoked.', {
          details: 'Send a token of this tenant, or leave the header out.',
        });
      }
    }
    if (dto.token) {
      try {
        const claims = await this.verifier.verify(tenant, dto.token);
        return { identity: claims.identity, redirectUrl: claims.redirectUrl ?? dto.redirect_url, spend: claims.spend };
      } catch (err) {
        if (err instanceof LoginTokenError) {
          await this.events.record(tenant.id, meta, { kind: 'login_failed', method: 'redirect', code: err.code, details: err.extras.details });
        }
        throw err;
      }
    }
    const identity: Identity = { email: dto.email as string, name: dto.name as string, externalId: null };
    if (!rawApiToken && tenant.redirectAuth === 'signed') {
      await this.events.record(tenant.id, meta, {
        kind: 'login_failed',
        method: 'redirect',
        code: ErrorCode.SignatureRequired,
        email: identity.email,
        details: 'The tenant accepts only signed redirects.',
      });
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.SignatureRequired, 'This tenant accepts only signed sign-in requests.', {
        details: 'Send a "token" signed with your JWT secret instead of email and name, or call from your server with your API token.',
      });
    }
    if (!rawApiToken && tenant.redirectAuth === 'origin' && !this.originTrusted(tenant, requestOrigin(req))) {
      await this.events.record(tenant.id, meta, {
        kind: 'origin_refused',
        method: 'redirect',
        code: ErrorCode.OriginNotAllowed,
        email: identity.email,
        details: meta.origin ? `${meta.origin} is not an allowed origin.` : 'The request had neither Origin nor Referer.',
      });
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.OriginNotAllowed, 'This origin is not allowed for this tenant.', {
        details:
          'Post from a page on one of your allowed origins or verified domains, or call from your server with your API token.',
      });
    }
    return { identity, redirectUrl: dto.redirect_url, spend: null };
  }

  private originTrusted(tenant: TenantProfile, origin: string | null): boolean {
    if (!origin) return false;
    if (this.directory.trustedOrigins(tenant).has(origin)) return true;
    // The platform's own test pages drive the flows while the tenant's test tools are on.
    return origin === new URL(this.config.publicBaseUrl).origin && this.testToolsOn(tenant);
  }
}
