import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeDto } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PortalSession } from '../core/auth/auth.decorators';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { requestMeta } from '../core/http/request-meta';
import { sessionCookieName, sessionCookieOptions } from './session-cookie';
import { requireSession } from './session.guard';
import { SessionsService } from './sessions.service';

@ApiTags('Portal session')
@Controller('api')
export class MeController {
  constructor(
    private readonly sessions: SessionsService,
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
