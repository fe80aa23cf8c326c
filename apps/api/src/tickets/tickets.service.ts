import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type CommentDto,
  type CreateCommentDto,
  type CreateTicketDto,
  type ListTicketsQueryDto,
  PAGE_LIMIT_DEFAULT,
  type TicketDto,
  type TicketEventDto,
  type TicketPageDto,
  type TicketSource,
  type TicketStatsDto,
  type TicketWithCommentsDto,
  type UpdateTicketDto,
} from '@central-tickets/contracts';
import type { AuthContext } from '../core/auth/auth-context';
import { Clock } from '../core/clock';
import { isForeignKeyViolation } from '../core/database/pg-errors';
import { TenantDb, type TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { type IdempotentRequest, type IdempotentResult, IdempotencyService } from '../idempotency/idempotency.service';
import { UsersRepository } from '../users/users.repository';
import { decodeCursor, encodeCursor } from './ticket-cursor';
import { type Audience, toCommentDto, toEventDto, toTicketDto } from './ticket-rows';
import { type Actor, type TicketChanges, type TicketRef, TicketsRepository } from './tickets.repository';

const selectedInvalid = (field: string) =>
  AppException.invalidField(field, `The selected ${field.replace(/_/g, ' ')} is invalid.`);

/** Who acts, for the history: the token today; a signed-in user once sessions exist. */
export function actorOf(auth: AuthContext): Actor {
  return { type: auth.actor.kind, id: auth.actor.id };
}

/** The `count` UTC days up to `now`'s, oldest first, as `YYYY-MM-DD`. */
function lastDays(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (count - 1 - i))).toISOString().slice(0, 10),
  );
}

/** A missing record and another tenant's record are the same answer. */
const ticketNotFound = () => AppException.notFound('No such ticket.');

/** Column values of the fields an update may change, for the history. */
const HISTORY_FIELDS = ['title', 'status', 'priority', 'category_id', 'assignee_id', 'tags'] as const;

@Injectable()
export class TicketsService {
  constructor(
    private readonly db: TenantDb,
    private readonly tickets: TicketsRepository,
    private readonly users: UsersRepository,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
  ) {}

  async create(
    auth: AuthContext,
    dto: CreateTicketDto,
    idempotent: IdempotentRequest | null,
    source: TicketSource = 'api',
  ): Promise<IdempotentResult<TicketDto>> {
    // Before the transaction (see TicketsRepository.nextNumber); a replayed request skips one.
    const number = await this.tickets.nextNumber(auth.tenantId);
    return this.db.run(auth.tenantId, (tx) =>
      this.idempotency.execute(tx, idempotent, async () => {
        const email = dto.requester_email;
        const requester = email ? { id: randomUUID(), email, name: dto.requester_name ?? nameFromEmail(email) } : null;
        try {
          let row = await this.tickets.create(
            tx,
            {
              id: randomUUID(),
              number,
              eventId: randomUUID(),
              title: dto.title,
              description: dto.description,
              priority: dto.priority ?? 'medium',
              categoryId: dto.category_id ?? null,
              tags: dto.tags ?? [],
              source,
              actor: actorOf(auth),
            },
            requester,
          );
          if (requester && !row.requester_id) {
            // Another request was creating the same requester at this instant (see TicketsRepository.create).
            const winner = await this.users.findOrCreateRequester(tx, requester.email, requester.name);
            row = await this.tickets.setRequester(tx, row.id, winner.id);
          }
          return toTicketDto(row);
        } catch (err) {
          if (isForeignKeyViolation(err, 'tickets_category_fkey')) throw selectedInvalid('category_id');
          throw err;
        }
      }),
    );
  }

  async list(tenantId: string, query: ListTicketsQueryDto, audience: Audience = 'staff'): Promise<TicketPageDto> {
    const q = query.q?.trim() || undefined;
    const cursor = query.cursor ? decodeCursor(query.cursor, q !== undefined) : null;
    const limit = query.limit ?? PAGE_LIMIT_DEFAULT;
    const rows = await this.db.run(tenantId, (tx) =>
      this.tickets.list(
        tx,
        {
          status: query.status,
          priority: query.priority,
          categoryId: query.category_id,
          requesterEmail: query.requester_email,
          assigneeId: query.assignee_id,
          tag: query.tag,
          q,
        },
        cursor,
        limit,
      ),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const more = rows.length > limit && last !== undefined;
    return {
      data: page.map((row) => toTicketDto(row, audience)),
      next_cursor: more
        ? encodeCursor(q ? { r: Number(last.rank), n: Number(last.number) } : { n: Number(last.number) })
        : null,
    };
  }

  /** The dashboard: open work by status and priority, 30 days of flow, median response and resolution. */
  stats(tenantId: string): Promise<TicketStatsDto> {
    return this.db.run(tenantId, async (tx) => {
      const rows = await this.tickets.stats(tx, this.clock.now());
      const counts = (list: Array<{ key: string; n: string }>) => Object.fromEntries(list.map((r) => [r.key, Number(r.n)]));
      const seconds = (v: number | null) => (v === null ? null : Math.round(Number(v)));
      return {
        by_status: counts(rows.byStatus),
        by_priority: counts(rows.byPriority),
        days: lastDays(this.clock.now(), 30).map((day) => {
          const row = rows.days.find((d) => d.day === day);
          return { day, created: Number(row?.created ?? 0), resolved: Number(row?.resolved ?? 0) };
        }),
        median_first_response_seconds: seconds(rows.medians.first_response),
        median_resolution_seconds: seconds(rows.medians.resolution),
      };
    });
  }

  get(tenantId: string, ref: TicketRef): Promise<TicketWithCommentsDto> {
    return this.db.run(tenantId, async (tx) => {
      const row = await this.tickets.findWithComments(tx, ref);
      if (!row) throw ticketNotFound();
      return { ...toTicketDto(row), comments: row.comments.map(toCommentDto) };
    });
  }

  history(tenantId: string, ref: TicketRef): Promise<TicketEventDto[]> {
    return this.db.run(tenantId, async (tx) => {
      const row = await this.tickets.find(tx, ref);
      if (!row) throw ticketNotFound();
      return (await this.tickets.events(tx, row.id)).map(toEventDto);
    });
  }

  update(auth: AuthContext, ref: TicketRef, dto: UpdateTicketDto): Promise<TicketDto> {
    return this.db.run(auth.tenantId, async (tx) => {
      const current = await this.tickets.lock(tx, ref);
      if (!current) throw ticketNotFound();
      if (dto.assignee_id && dto.assignee_id !== current.assignee_id && !(await this.users.findAgent(tx, dto.assignee_id))) {
        throw AppException.invalidField('assignee_id', 'The selected assignee id is not an agent of this tenant.');
      }

      const changes: TicketChanges = {};
      const history: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of HISTORY_FIELDS) {
        const next = dto[field];
        if (next === undefined || sameValue(current[field], next)) continue;
        Object.assign(changes, { [field]: next });
        history[field] = { from: current[field], to: next };
      }
      if (dto.description !== undefined && dto.description !== current.description) {
        changes.description = dto.description;
        history['description'] = { from: null, to: null };
      }
      if (changes.status) Object.assign(changes, this.statusTimestamps(changes.status, current));

      if (!Object.keys(history).length) {
        const unchanged = await this.tickets.find(tx, { id: current.id });
        return toTicketDto(unchanged as NonNullable<typeof unchanged>);
      }
      try {
        const row = await this.tickets.update(tx, current.id, changes);
        await this.tickets.recordEvent(tx, {
          id: randomUUID(),
          ticketId: current.id,
          action: 'updated',
          actor: actorOf(auth),
          changes: history,
        });
        return toTicketDto(row);
      } catch (err) {
        if (isForeignKeyViolation(err, 'tickets_category_fkey')) throw selectedInvalid('category_id');
        throw err;
      }
    });
  }

  async delete(tenantId: string, ref: TicketRef): Promise<void> {
    const deleted = await this.db.run(tenantId, (tx) => this.tickets.delete(tx, ref));
    if (!deleted) throw ticketNotFound();
  }

  comment(
    auth: AuthContext,
    ref: TicketRef,
    dto: CreateCommentDto,
    idempotent: IdempotentRequest | null,
  ): Promise<IdempotentResult<CommentDto>> {
    return this.db.run(auth.tenantId, async (tx) => {
      const ticket = await this.tickets.lock(tx, ref);
      if (!ticket) throw ticketNotFound();
      return this.idempotency.execute(tx, idempotent, async () => {
        const author = await this.commentAuthor(tx, auth, dto);
        const internal = dto.internal ?? false;
        const byRequester = author.type === 'user' && author.id === ticket.requester_id;
        if (internal && byRequester) {
          throw AppException.invalidField('internal', 'A requester cannot write internal notes.');
        }
        const row = await this.tickets.addComment(tx, {
          id: randomUUID(),
          ticketId: ticket.id,
          author,
          body: dto.body,
          internal,
          // A public answer by staff; its time from the same clock as `resolved_at`, so the two compare.
          firstResponseAt: !internal && !byRequester ? this.clock.now() : null,
        });
        await this.tickets.recordEvent(tx, {
          id: randomUUID(),
          ticketId: ticket.id,
          action: 'commented',
          actor: actorOf(auth),
          changes: { comment_id: row.id, internal },
        });
        return toCommentDto(row);
      });
    });
  }

  private async commentAuthor(tx: TenantTx, auth: AuthContext, dto: CreateCommentDto): Promise<Actor> {
    if (!dto.author_email) return actorOf(auth);
    const user = await this.users.findByEmail(tx, dto.author_email);
    if (!user) throw AppException.invalidField('author_email', 'The selected author email is not a user of this tenant.');
    if (user.role === 'requester' && dto.internal) {
      throw AppException.invalidField('internal', 'A requester cannot write internal notes.');
    }
    return { type: 'user', id: user.id };
  }

  /** Resolving stamps `resolved_at`, closing stamps `closed_at`; reopening clears both. */
  private statusTimestamps(
    status: NonNullable<TicketChanges['status']>,
    current: { resolved_at: Date | null; closed_at: Date | null },
  ): Pick<TicketChanges, 'resolved_at' | 'closed_at'> {
    const now = this.clock.now();
    switch (status) {
      case 'resolved':
        return { resolved_at: now, closed_at: null };
      case 'closed':
        return { resolved_at: current.resolved_at ?? now, closed_at: now };
      case 'open':
      case 'pending':
        return { resolved_at: null, closed_at: null };
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** "jane.doe@x.example" → "jane.doe": a name for a requester who came without one. */
function nameFromEmail(email: string): string {
  return email.split('@')[0] || email;
}
