import { Injectable } from '@nestjs/common';
import { type AuthRedirectDto, ErrorCode } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { AppException } from '../core/errors/app.exception';
import { type RequestMeta, requestMeta } from '../core/http/request-meta';
import { TenantDirectory, type TenantProfile } from '../core/tenancy/tenant-directory';
import { type LoginClaims, LoginTokenError, LoginTokenVerifier } from '../jwt-login/login-token.verifier';
import { SecurityEventsService } from '../security-events/security-events.service';
import { resolveRedirectTarget } from '../sessions/redirect-target';
import { SignInService, type SignInResult } from '../sessions/sign-in.service';

/**
 * The authentication redirect (CONTRACT §1) once the guards have let the caller through
 * (TenantOriginGuard, DomainVerificationGuard): verify a signed `token` when there is one,
 * check where the user may be sent, and sign them in. The test endpoint runs the same code.
 */
@Injectable()
export class AuthRedirectService {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly verifier: LoginTokenVerifier,
    private readonly signIn: SignInService,
    private readonly events: SecurityEventsService,
  ) {}

  async redirect(tenant: TenantProfile, dto: AuthRedirectDto, req: FastifyRequest): Promise<SignInResult> {
    const meta = requestMeta(req);
    const claims: LoginClaims = dto.token
      ? await this.verify(tenant, dto.token, meta)
      : {
          identity: { email: dto.email as string, name: dto.name as string, externalId: null },
          redirectUrl: dto.redirect_url ?? null,
          spend: null,
        };
    let target;
    try {
      target = resolveRedirectTarget(this.directory, tenant, claims.redirectUrl ?? dto.redirect_url);
    } catch (err) {
      if (err instanceof AppException && err.code === ErrorCode.DomainNotVerified) {
        await this.events.record(tenant.id, meta, { kind: 'login_failed', method: 'redirect', code: err.code, email: claims.identity.email, details: err.extras.details });
      }
      throw err;
    }
    return this.signIn.signIn({ tenant, identity: claims.identity, method: 'redirect', target, meta, spend: claims.spend, session: null });
  }

  private async verify(tenant: TenantProfile, token: string, meta: RequestMeta): Promise<LoginClaims> {
    try {
      return await this.verifier.verify(tenant, token);
    } catch (err) {
      if (err instanceof LoginTokenError) {
        await this.events.record(tenant.id, meta, { kind: 'login_failed', method: 'redirect', code: err.code, details: err.extras.details });
      }
      throw err;
    }
  }
}
