import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeDto, PasswordLoginDto } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PortalSession, Public } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { requirePortal } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { requestMeta } from '../core/http/request-meta';
import { sessionCookieName, sessionCookieOptions } from './session-cookie';
import { previousSessionId, refuseCrossSiteLogin, setSessionCookie } from './console-login';
import { requireSession } from './session.guard';
import { SessionsService } from './sessions.service';

@ApiTags('Portal session')
@Controller('api')
export class MeController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('me')
  @PortalSession()
  @ApiOperation({
    summary: 'Who is signed in',
    description: 'On a portal host: the session\'s user and tenant, and the CSRF token its writes must send as `X-CSRF-Token`.',
  })
  @ApiOkResponse({ type: MeDto })
  me(@Req() req: FastifyRequest): MeDto {
    return this.sessions.toMeDto(requireSession(req).auth);
  }

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @ApiOperation({
    summary: 'Console sign-in with email and password',
    description:
      'On a portal host, for agents and admins (requesters arrive through their company\'s app). Begins a session (the previous one of this browser ends) and answers like `GET /api/me`. From a page, the request must come from the portal itself or one of the tenant\'s origins.',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors([400, 401, 403, 404, 422, 429])
  async login(
    @Body() dto: PasswordLoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeDto> {
    const site = await requirePortal(req, this.directory);
    refuseCrossSiteLogin(req, this.directory, site.tenant);
    const { session, auth } = await this.sessions.passwordLogin(site.tenant, dto.email, dto.password, requestMeta(req), previousSessionId(req, this.config));
    setSessionCookie(reply, this.config, session);
    return this.sessions.toMeDto(auth);
  }

  @Post('logout')
  @HttpCode(204)
  @PortalSession()
  @ApiOperation({ summary: 'Sign out', description: 'Ends the session (on every instance) and clears its cookie. Needs `X-CSRF-Token`.' })
  @ApiNoContentResponse({ description: 'Signed out.' })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const { auth, id } = requireSession(req);
    await this.sessions.end(auth.tenant, id, requestMeta(req), auth.userId);
    void reply.clearCookie(sessionCookieName(this.config), sessionCookieOptions(this.config));
  }
}
