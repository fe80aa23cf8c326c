import { Injectable } from '@nestjs/common';
import type {
  CommentDto,
  ListTicketsQueryDto,
  PortalCommentDto,
  PortalTicketDto,
  TicketDto,
  TicketPageDto,
  TicketWithCommentsDto,
} from '@central-tickets/contracts';
import type { AuthContext } from '../core/auth/auth-context';
import { AppException } from '../core/errors/app.exception';
import { actsAsStaff } from '../sessions/session.guard';
import type { SessionAuth } from '../sessions/sessions.service';
import type { TicketRef } from './tickets.repository';
import { TicketsService } from './tickets.service';

/**
 * The tickets of a portal session, on top of TicketsService: staff signed in with their
 * password work the whole queue; everyone else (requesters, and staff signed in through their
 * company's app) sees only the tickets they requested, without internal notes, and replies in
 * public only. Another person's ticket is a 404, exactly like a missing one.
 */
@Injectable()
export class PortalTicketsService {
  constructor(private readonly tickets: TicketsService) {}

  list(auth: AuthContext, session: SessionAuth, query: ListTicketsQueryDto): Promise<TicketPageDto> {
    return actsAsStaff(session)
      ? this.tickets.list(auth.tenantId, query)
      : this.tickets.list(auth.tenantId, { ...query, requester_email: session.email }, 'requester');
  }

  async get(auth: AuthContext, session: SessionAuth, ref: TicketRef): Promise<TicketWithCommentsDto> {
    const ticket = await this.tickets.get(auth.tenantId, ref);
    if (actsAsStaff(session)) return ticket;
    if (ticket.requester?.id !== session.userId) throw AppException.notFound('No such ticket.');
    const comments = ticket.comments.filter((c) => !c.internal);
    return { ...ticket, comments, comment_count: comments.length };
  }

  async create(auth: AuthContext, session: SessionAuth, dto: PortalTicketDto): Promise<TicketDto> {
    const { body } = await this.tickets.create(
      auth,
      { ...dto, requester_email: session.email, requester_name: session.name },
      null,
      'portal',
    );
    return body;
  }

  async comment(auth: AuthContext, session: SessionAuth, ref: TicketRef, dto: PortalCommentDto): Promise<CommentDto> {
    if (!actsAsStaff(session)) {
      await this.get(auth, session, ref); // 404 unless it is theirs
      if (dto.internal) throw AppException.invalidField('internal', 'A requester cannot write internal notes.');
    }
    const { body } = await this.tickets.comment(auth, ref, { body: dto.body, internal: dto.internal ?? false }, null);
    return body;
  }
}
