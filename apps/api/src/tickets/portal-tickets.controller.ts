import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CommentDto,
  ListTicketsQueryDto,
  PortalCommentDto,
  PortalTicketDto,
  TicketDto,
  TicketPageDto,
  TicketWithCommentsDto,
} from '@central-tickets/contracts';
import type { FastifyRequest } from 'fastify';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { PortalSession } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { requireSession } from '../sessions/session.guard';
import { TicketRefParam } from './ticket-ref.param';
import type { TicketRef } from './tickets.repository';
import { PortalTicketsService } from './portal-tickets.service';

const WHO_SEES_WHAT =
  'Agents and admins signed in with their password work the whole queue; everyone else (requesters, and staff signed in through their company\'s app) sees only the tickets they requested, without internal notes.';

@ApiTags('Portal session')
@Controller('api/portal/tickets')
@PortalSession()
export class PortalTicketsController {
  constructor(private readonly portal: PortalTicketsService) {}

  @Get()
  @ApiOperation({ summary: 'Tickets of the signed-in person', description: `${WHO_SEES_WHAT} Filters and paging as \`GET /api/tickets\`.` })
  @ApiOkResponse({ type: TicketPageDto })
  @ApiErrors([422])
  list(@Auth() auth: AuthContext, @Req() req: FastifyRequest, @Query() query: ListTicketsQueryDto): Promise<TicketPageDto> {
    return this.portal.list(auth, requireSession(req).auth, query);
  }

  @Post()
  @ApiOperation({ summary: 'Open a ticket', description: 'The signed-in person is its requester; the source is `portal`. Needs `X-CSRF-Token`.' })
  @ApiCreatedResponse({ type: TicketDto })
  @ApiErrors([422])
  create(@Auth() auth: AuthContext, @Req() req: FastifyRequest, @Body() dto: PortalTicketDto): Promise<TicketDto> {
    return this.portal.create(auth, requireSession(req).auth, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ticket with its conversation', description: `By id or number. ${WHO_SEES_WHAT}` })
  @ApiOkResponse({ type: TicketWithCommentsDto })
  get(@Auth() auth: AuthContext, @Req() req: FastifyRequest, @TicketRefParam() ref: TicketRef): Promise<TicketWithCommentsDto> {
    return this.portal.get(auth, requireSession(req).auth, ref);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Reply, or add an internal note', description: `In the signed-in person's name. Internal notes are for agents signed in with their password. Needs \`X-CSRF-Token\`. ${WHO_SEES_WHAT}` })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiErrors([422])
  comment(
    @Auth() auth: AuthContext,
    @Req() req: FastifyRequest,
    @TicketRefParam() ref: TicketRef,
    @Body() dto: PortalCommentDto,
  ): Promise<CommentDto> {
    return this.portal.comment(auth, requireSession(req).auth, ref, dto);
  }
}
