import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MemberDto, UpdateMemberDto } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { requestMeta } from '../core/http/request-meta';
import { IdParam } from '../core/http/uuid-param';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { TeamService } from './team.service';

@ApiTags('Tenant settings')
@Controller('api/tenant/members')
@TenantApi('admin')
export class MembersController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOperation({ summary: 'List agents and admins', description: 'Every member of the console, active first, deactivated ones included.' })
  @ApiOkResponse({ type: [MemberDto] })
  list(@Auth() auth: AuthContext): Promise<MemberDto[]> {
    return this.team.listMembers(auth);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a member\'s role, or deactivate or reactivate them',
    description:
      'Deactivation ends their sessions at once; they can no longer sign in or be assigned tickets (tickets already assigned keep them). Nobody changes their own role or deactivates themselves, and the last active admin stays one (409).',
  })
  @ApiOkResponse({ type: MemberDto })
  @ApiErrors([400, 404, 409, 422])
  update(@Auth() auth: AuthContext, @IdParam() id: string, @Body() dto: UpdateMemberDto, @Req() req: FastifyRequest): Promise<MemberDto> {
    return this.team.updateMember(auth, id, dto, requestMeta(req));
  }
}
