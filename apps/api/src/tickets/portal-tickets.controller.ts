import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListTicketsQueryDto, TicketPageDto } from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { PortalSession } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { requireSession } from '../sessions/session.guard';
import { TicketsService } from './tickets.service';

@ApiTags('Portal session')
@Controller('api/portal/tickets')
export class PortalTicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @PortalSession()
  @ApiOperation({
    summary: 'Tickets of the signed-in user',
    description:
      'A requester sees only their own tickets. An agent or admin signed in with their password sees the tenant\'s queue; signed in through the company\'s app, only their own tickets, like a requester. Filters and paging as `GET /api/tickets`.',
  })
  @ApiOkResponse({ type: TicketPageDto })
  @ApiErrors([422])
  list(@Auth() auth: AuthContext, @Req() req: FastifyRequest, @Query() query: ListTicketsQueryDto): Promise<TicketPageDto> {
    const { auth: session } = requireSession(req);
    const staff = session.role !== 'requester' && session.method === 'password';
    return this.tickets.list(auth.tenantId, staff ? query : { ...query, requester_email: session.email });
  }
}
