import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CommentDto,
  CreateCommentDto,
  CreateTicketDto,
  ListTicketsQueryDto,
  TicketDto,
  TicketEventDto,
  TicketPageDto,
  TicketStatsDto,
  TicketWithCommentsDto,
  UpdateTicketDto,
} from '@central-tickets/contracts';
import { Auth, type AuthContext } from '../core/auth/auth-context';
import { TenantApi } from '../core/auth/auth.decorators';
import { ApiErrors } from '../core/openapi/api-errors.decorator';
import { IDEMPOTENCY_HEADER, IdempotencyService, type IdempotentResult } from '../idempotency/idempotency.service';
import { refText, TicketRefParam } from './ticket-ref.param';
import type { TicketRef } from './tickets.repository';
import { TicketsService } from './tickets.service';

const ID_PARAM = {
  name: 'id',
  description: "The ticket's id, or its number in the tenant.",
  example: '42',
} as const;

const IDEMPOTENCY = {
  name: IDEMPOTENCY_HEADER,
  required: false,
  description:
    'A key of your choice (a UUID is good) that makes retries safe: a retry with the same key and body returns the first answer, with `Idempotent-Replayed: true`, and does nothing else; the same key with another body is a 409. Keys are kept 24 hours.',
  example: '5b1f3c9e-2f4d-4a7b-9e1c-3d5f7a9b1c2e',
} as const;

const UPDATE_DOC = {
  summary: 'Update a ticket',
  description:
    'Changes only the fields sent (PUT and PATCH alike). Resolving stamps `resolved_at`, closing stamps `closed_at`, reopening clears both. Every change is recorded in the history.',
} as const;

function replay<T>(res: FastifyReply, result: IdempotentResult<T>): T {
  if (result.replayed) void res.header('Idempotent-Replayed', 'true');
  return result.body;
}

@ApiTags('Tickets')
@Controller('api/tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @TenantApi('tickets:write')
  @ApiOperation({
    summary: 'Create a ticket',
    description:
      'Numbers the ticket in the tenant, creates the requester from `requester_email` when new, and records the creation in the history.',
  })
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: TicketDto })
  @ApiErrors([400, 409, 413, 422])
  async create(
    @Auth() auth: AuthContext,
    @Body() dto: CreateTicketDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<TicketDto> {
    const request = this.idempotency.describe(key, 'POST /api/tickets', dto);
    return replay(res, await this.tickets.create(auth, dto, request));
  }

  @Get()
  @TenantApi('tickets:read')
  @ApiOperation({
    summary: 'List tickets',
    description:
      'Newest first, or best match first with `q`. Pass `next_cursor` as `cursor` for the next page; paging is by keyset, so deep pages are as fast as the first.',
  })
  @ApiOkResponse({ type: TicketPageDto })
  @ApiErrors([422])
  list(@Auth() auth: AuthContext, @Query() query: ListTicketsQueryDto): Promise<TicketPageDto> {
    return this.tickets.list(auth.tenantId, query);
  }

  @Get('stats')
  @TenantApi('tickets:read')
  @ApiOperation({
    summary: 'The help desk at a glance',
    description: 'Open work by status and priority, tickets created and resolved per day over the last 30 days (UTC), and the median first-response and resolution times of that period.',
  })
  @ApiOkResponse({ type: TicketStatsDto })
  stats(@Auth() auth: AuthContext): Promise<TicketStatsDto> {
    return this.tickets.stats(auth.tenantId);
  }

  @Get(':id')
  @TenantApi('tickets:read')
  @ApiOperation({ summary: 'Get a ticket', description: 'With its comments, oldest first.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: TicketWithCommentsDto })
  @ApiErrors([404])
  get(@Auth() auth: AuthContext, @TicketRefParam() ref: TicketRef): Promise<TicketWithCommentsDto> {
    return this.tickets.get(auth.tenantId, ref);
  }

  @Get(':id/history')
  @TenantApi('tickets:read')
  @ApiOperation({ summary: "A ticket's history", description: 'Every change, oldest first: who, what, when.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: [TicketEventDto] })
  @ApiErrors([404])
  history(@Auth() auth: AuthContext, @TicketRefParam() ref: TicketRef): Promise<TicketEventDto[]> {
    return this.tickets.history(auth.tenantId, ref);
  }

  @Put(':id')
  @TenantApi('tickets:write')
  @ApiOperation(UPDATE_DOC)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: TicketDto })
  @ApiErrors([400, 404, 422])
  put(@Auth() auth: AuthContext, @TicketRefParam() ref: TicketRef, @Body() dto: UpdateTicketDto): Promise<TicketDto> {
    return this.tickets.update(auth, ref, dto);
  }

  @Patch(':id')
  @TenantApi('tickets:write')
  @ApiOperation(UPDATE_DOC)
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: TicketDto })
  @ApiErrors([400, 404, 422])
  patch(@Auth() auth: AuthContext, @TicketRefParam() ref: TicketRef, @Body() dto: UpdateTicketDto): Promise<TicketDto> {
    return this.tickets.update(auth, ref, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @TenantApi('tickets:write')
  @ApiOperation({ summary: 'Delete a ticket', description: 'With its comments and history; it is gone from every read and from search.' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors([404])
  async delete(@Auth() auth: AuthContext, @TicketRefParam() ref: TicketRef): Promise<void> {
    await this.tickets.delete(auth.tenantId, ref);
  }

  @Post(':id/comments')
  @TenantApi('tickets:write')
  @ApiOperation({
    summary: 'Add a reply or an internal note',
    description:
      'A public reply (the default) or an internal note (`internal: true`), written by the integration or, with `author_email`, in the name of a user of the tenant.',
  })
  @ApiParam(ID_PARAM)
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ type: CommentDto })
  @ApiErrors([400, 404, 409, 422])
  async comment(
    @Auth() auth: AuthContext,
    @TicketRefParam() ref: TicketRef,
    @Body() dto: CreateCommentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CommentDto> {
    const request = this.idempotency.describe(key, `POST /api/tickets/${refText(ref)}/comments`, dto);
    return replay(res, await this.tickets.comment(auth, ref, dto, request));
  }
}
