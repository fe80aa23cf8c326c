import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AcceptInvitationDto, InvitationPreviewDto, InvitationTokenDto, MeDto } from '@central-tickets/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../core/auth/auth.decorators';
import type { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';
import { requestMeta } from '../core/http/request-meta';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { requirePortal } from '../core/tenancy/site';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { previousSessionId, refuseCrossSiteLogin, setSessionCookie } from '../sessions/console-login';
import { SessionsService } from '../sessions/sessions.service';
import { TeamService } from './team.service';

/** The invitation link's page, on the portal: what the link is for, and accepting it. */
@ApiTags('Portal session')
@Controller('api/auth/invitation')
export class InvitationAcceptController {
  constructor(
    private readonly team: TeamService,
    private readonly sessions: SessionsService,
    private readonly directory: TenantDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @ApiOperation({
    summary: 'Look up an invitation',
    description: 'On the portal host: the address, name and role an invitation link is for. The token travels in the body, never in a URL.',
  })
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiErrors([400, 401, 404, 422, 429])
  async preview(@Body() dto: InvitationTokenDto, @Req() req: FastifyRequest): Promise<InvitationPreviewDto> {
    const site = await requirePortal(req, this.directory);
    return this.team.preview(site.tenant, dto.token);
  }

  @Post('accept')
  @HttpCode(200)
  @Public()
  @RateLimit('login')
  @ApiOperation({
    summary: 'Accept an invitation',
    description:
      'On the portal host: sets the name and password, spends the link (once) and signs the new member in; answers like `GET /api/me`. 401 `TOKEN_INVALID`, `TOKEN_REPLAYED` or `TOKEN_EXPIRED` when the link cannot be used.',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors([400, 401, 403, 404, 422, 429])
  async accept(
    @Body() dto: AcceptInvitationDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MeDto> {
    const site = await requirePortal(req, this.directory);
    refuseCrossSiteLogin(req, this.directory, site.tenant);
    const { session, auth } = await this.team.accept(site.tenant, dto, requestMeta(req), previousSessionId(req, this.config));
    setSessionCookie(reply, this.config, session);
    return this.sessions.toMeDto(auth);
  }
}
