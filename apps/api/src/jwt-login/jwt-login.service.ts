import { Inject, Injectable } from '@nestjs/common';
import type { JwtLoginDto } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { AppException } from '../core/errors/app.exception';
import { requestMeta } from '../core/http/request-meta';
import { siteOf, tenantNotFound } from '../core/tenancy/site';
import { TenantDirectory, type TenantProfile } from '../core/tenancy/tenant-directory';
import { SecurityEventsService } from '../security-events/security-events.service';
import { resolveRedirectTarget } from '../sessions/redirect-target';
import { sessionCookieName } from '../sessions/session-cookie';
import { SignInService, type SignInResult } from '../sessions/sign-in.service';
import { LoginTokenError, LoginTokenVerifier } from './login-token.verifier';

@Injectable()
export class JwtLoginService {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly verifier: LoginTokenVerifier,
    private readonly signIn: SignInService,
    private readonly events: SecurityEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** JWT login (CONTRACT §2): the tenant from the portal host, or `tenant_slug` on the platform host. */
  async login(dto: JwtLoginDto, req: FastifyRequest): Promise<SignInResult> {
    const site = await siteOf(req, this.directory);
    if (site.kind === 'unknown') throw tenantNotFound();
    let tenant: TenantProfile;
    if (site.kind === 'portal') {
      if (dto.tenant_slug !== undefined && dto.tenant_slug !== site.tenant.slug) {
        throw AppException.invalidField('tenant_slug', 'The tenant slug field does not match this portal.');
      }
      tenant = site.tenant;
    } else {
      if (!dto.tenant_slug) throw AppException.invalidField('tenant_slug', 'The tenant slug field is required.');
      const found = await this.directory.bySlug(dto.tenant_slug);
      if (!found) throw tenantNotFound();
      tenant = found;
    }
    const meta = requestMeta(req);
    let claims;
    try {
      claims = await this.verifier.verify(tenant, dto.token);
    } catch (err) {
      if (err instanceof LoginTokenError) {
        await this.events.record(tenant.id, meta, { kind: 'login_failed', method: 'jwt', code: err.code, details: err.extras.details });
      }
      throw err;
    }
    const target = resolveRedirectTarget(this.directory, tenant, claims.redirectUrl);
    const previousId = site.kind === 'portal' ? (req.cookies?.[sessionCookieName(this.config)] ?? null) : null;
    return this.signIn.signIn({
      tenant,
      identity: claims.identity,
      method: 'jwt',
      target,
      meta,
      spend: claims.spend,
      session: site.kind === 'portal' ? { previousId } : null,
    });
  }
}
