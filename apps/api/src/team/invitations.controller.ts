import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { requestMeta } from '../core/http/request-meta';
import { IdParam } from '../core/http/uuid-param';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { RateLimit } from '../core/rate-limit/rate-limit';
import { TeamService } from './team.service';

@ApiTags('Tenant settings')
@Controller('api/tenant/invitations')
@TenantApi('admin')
export class InvitationsController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOperation({ summary: 'List open invitations', description: 'Invitations not yet accepted, newest first; expired ones too, until replaced or withdrawn.' })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@Auth() auth: AuthContext): Promise<InvitationDto[]> {
    return this.team.listInvitations(auth);
  }

  @Post()
  @RateLimit('api-tokens')
  @ApiOperation({
    summary: 'Invite an agent or admin',
    description:
      'The answer holds the invitation link, once: send it to the person. Following it, they choose a password and are signed in. The link works once, for 7 days; inviting the same address again replaces it. 409 when the address is already a member.',
  })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  @ApiErrors([400, 409, 422, 429])
  create(@Auth() auth: AuthContext, @Body() dto: CreateInvitationDto, @Req() req: FastifyRequest): Promise<CreatedInvitationDto> {
    return this.team.invite(auth, dto, requestMeta(req));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw an invitation', description: 'Its link stops working.' })
  @ApiNoContentResponse({ description: 'Withdrawn.' })
  @ApiErrors([404])
  async revoke(@Auth() auth: AuthContext, @IdParam() id: string): Promise<void> {
    await this.team.revokeInvitation(auth, id);
  }
}
