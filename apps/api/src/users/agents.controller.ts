import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { PortalSession, TenantApi } from '../core/auth/auth.decorators';
import { requireStaff } from '../sessions/session.guard';
import { TenantDb } from '../core/database/tenant-db';
import { UsersRepository } from './users.repository';

@ApiTags('Tickets')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly db: TenantDb,
    private readonly users: UsersRepository,
  ) {}

  @Get()
  @TenantApi('tickets:read')
  @ApiOperation({ summary: 'List agents', description: 'The active admins and agents: whom tickets can be assigned to (`assignee_id`).' })
  @ApiOkResponse({ type: [AgentDto] })
  list(@Auth() auth: AuthContext): Promise<AgentDto[]> {
    return this.db.run(auth.tenantId, (tx) => this.users.listAgents(tx));
  }
}

@ApiTags('Portal session')
@Controller('api/portal/agents')
export class PortalAgentsController {
  constructor(
    private readonly db: TenantDb,
    private readonly users: UsersRepository,
  ) {}

  @Get()
  @PortalSession()
  @ApiOperation({ summary: 'List agents (agents)', description: 'Whom tickets can be assigned to; for agents and admins signed in with their password.' })
  @ApiOkResponse({ type: [AgentDto] })
  list(@Auth() auth: AuthContext, @Req() req: FastifyRequest): Promise<AgentDto[]> {
    requireStaff(req);
    return this.db.run(auth.tenantId, (tx) => this.users.listAgents(tx));
  }
}
