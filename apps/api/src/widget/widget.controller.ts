import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WidgetSessionDto } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PortalSession, Public } from '../core/auth/auth.decorators';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { requestMeta } from '../core/http/request-meta';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { sessionCookieName } from '../sessions/session-cookie';
import { requireSession } from '../sessions/session.guard';
import { SessionsService } from '../sessions/sessions.service';
import { matchesEtag } from './widget-script';
import { WidgetService } from './widget.service';

/**
 * The support widget (docs/WIDGET.md): `widget.js` for the tenant's sites, and the sign-in of the
 * portal page it shows (`/widget`, served by the console with its own framing headers).
 */
@ApiTags('Widget')
@Controller()
export class WidgetController {
  constructor(
    private readonly widget: WidgetService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The script of `<script src="{portal}/widget.js" data-tenant="…" async>`, on portal hosts only.
   * Its URL never changes, so it is cached briefly and revalidated with its ETag; any site may
   * load it (`Cross-Origin-Resource-Policy: cross-origin`).
   */
  @Get('widget.js')
  @Public()
  @ApiExcludeEndpoint()
  async script(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const script = await this.widget.script(req);
    void reply
      .header('Cache-Control', 'public, max-age=300')
      .header('ETag', script.etag)
      .header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (matchesEtag(req.headers['if-none-match'], script.etag)) {
      await reply.code(304).send();
      return;
    }
    await reply.type('text/javascript; charset=utf-8').send(script.body);
  }

  @Post('api/widget/session')
  @HttpCode(204)
  @Public()
  @RateLimit('jwt-login')
  @ApiOperation({
    summary: 'Sign the widget in with a JWT',
    description: [
      'Called by the portal page the support widget shows (`/widget`), on the portal host: the login JWT your server signed (every rule of',
      '`POST /api/jwt/login`), and the `origin` of the page that embeds the widget, which must be one of your allowed origins or verified',
      'domains (403 `ORIGIN_NOT_ALLOWED` otherwise). Begins a portal session; in a panel (`mode: frame`, over https) its cookie is',
      '`Partitioned`, kept for the embedding site alone. From a page, only the portal itself may call it.',
    ].join(' '),
  })
  @ApiNoContentResponse({
    description: 'Signed in.',
    headers: { 'Set-Cookie': { description: '__Host-ct_session=…; Secure; HttpOnly; SameSite=None; Path=/; Partitioned (ct_session=…; SameSite=Lax over http)', schema: { type: 'string' } } },
  })
  @ApiErrors([400, 401, 403, 404, 422, 429])
  async signIn(@Body() dto: WidgetSessionDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const session = await this.widget.signIn(dto, req);
    void reply
      .setCookie(sessionCookieName(this.config), session.id, this.widget.cookieOptions(dto.mode, session.expiresAt))
      .header('Cache-Control', 'no-store');
  }

  @Delete('api/widget/session')
  @HttpCode(204)
  @PortalSession()
  @ApiOperation({
    summary: 'Sign the widget out',
    description: 'Ends the session of the widget\'s panel (on every instance) and clears its partitioned cookie. Needs `X-CSRF-Token`. (In a popup the portal is first-party: `POST /api/logout`.)',
  })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const { auth, id } = requireSession(req);
    await this.sessions.end(auth.tenant, id, requestMeta(req), auth.userId);
    void reply.clearCookie(sessionCookieName(this.config), this.widget.cookieOptions('frame'));
  }
}
