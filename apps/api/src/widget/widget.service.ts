import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ErrorCode, normalizeOrigin, type WidgetSessionDto } from '@central-tickets/contracts';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { type AppConfig, isHttps } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { AppException } from '../core/errors/app.exception';
import { requestMeta } from '../core/http/request-meta';
import { requirePortal } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { JwtLoginService } from '../jwt-login/jwt-login.service';
import { SecurityEventsService } from '../security-events/security-events.service';
import { refuseCrossSiteLogin } from '../sessions/console-login';
import { sessionCookieOptions } from '../sessions/session-cookie';
import type { StartedSession } from '../sessions/sessions.service';
import { renderWidgetScript, type RenderedWidgetScript } from './widget-script';

@Injectable()
export class WidgetService {
  constructor(
    private readonly directory: TenantDirectory,
    private readonly jwtLogin: JwtLoginService,
    private readonly events: SecurityEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `widget.js` for the portal the request arrived on (its own origin: a subdomain or a verified domain). */
  async script(req: FastifyRequest): Promise<RenderedWidgetScript> {
    const site = await requirePortal(req, this.directory);
    return renderWidgetScript({ portal: this.directory.originOfHost(site.hostname), tenant: site.tenant.slug });
  }

  /**
   * The widget's sign-in, on the portal host: the page that embeds the widget must be one of
   * the tenant's origins (403 `ORIGIN_NOT_ALLOWED` and a security event otherwise), the request
   * must come from the portal's own page (login CSRF), then it is a JWT login (every rule of
   * `POST /api/jwt/login`: signature, lifetime, single use, rate limit, security log).
   */
  async signIn(dto: WidgetSessionDto, req: FastifyRequest): Promise<StartedSession> {
    const { tenant } = await requirePortal(req, this.directory);
    refuseCrossSiteLogin(req, this.directory, tenant);
    const origin = normalizeOrigin(dto.origin);
    if (!origin || !this.directory.trustedOrigins(tenant).has(origin)) {
      await this.events.record(tenant.id, requestMeta(req), {
        kind: 'origin_refused',
        method: 'jwt',
        code: ErrorCode.OriginNotAllowed,
        details: `The widget was embedded by ${(origin ?? dto.origin).slice(0, 300)}, which is not an allowed origin.`,
      });
      throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.OriginNotAllowed, 'This site may not embed the help desk.', {
        details: 'Add the origin of the page to the tenant\'s allowed origins (PATCH /api/tenant).',
      });
    }
    const result = await this.jwtLogin.login({ token: dto.token }, req);
    if (!result.session) throw new Error('A sign-in on the portal host begins a session.');
    return result.session;
  }

  /**
   * The session cookie of the widget. In a panel (an iframe of another site) it is `Partitioned`
   * (CHIPS) over https: browsers that block third-party cookies keep it, for that embedding site
   * alone. In a popup the portal is first-party and gets the usual cookie.
   */
  cookieOptions(mode: WidgetSessionDto['mode'], expires?: Date): CookieSerializeOptions {
    const partitioned = mode !== 'popup' && isHttps(this.config);
    return { ...sessionCookieOptions(this.config, expires), ...(partitioned && { partitioned: true }) };
  }
}
