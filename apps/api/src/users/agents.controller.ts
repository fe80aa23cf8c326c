import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentDto } from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
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

