import { Injectable } from '@nestjs/common';
import type { TicketPriority, TicketSource, TicketStatus } from '@central-tickets/contracts';
import { PlatformDb } from '../core/database/platform-db';
import { UNASSIGNED } from '@central-tickets/contracts';
import type { TenantTx } from '../core/database/tenant-db';
import {
  ASSIGNEE_JOIN,
  CATEGORY_JOIN,
  type CommentJson,
  type CommentRow,
  type EventRow,
  TICKET_COLUMNS,
  ticketColumns,
  TICKET_JOINS,
  type TicketRow,
} from './ticket-rows';

export interface StatsRows {
  byStatus: Array<{ key: string; n: string }>;
  byPriority: Array<{ key: string; n: string }>;
  days: Array<{ day: string; created: string; resolved: string }>;
  medians: { first_response: number | null; resolution: number | null };
}

/** Text search configuration of the search index (the generated `search_vector` column and ct_search_tickets). */
export const SEARCH_CONFIG = 'english';
/** Comments stop feeding the search index of a ticket past this size (PostgreSQL caps a tsvector at 1 MB). */
const COMMENTS_TSV_MAX_BYTES = 512 * 1024;

export interface Actor {
  type: 'user' | 'api_token';
  id: string;
}

export interface NewTicket {
  id: string;
  number: number;
  eventId: string;
  title: string;
  description: string;
  priority: TicketPriority;
  categoryId: string | null;
  tags: string[];
  source: TicketSource;
  actor: Actor;
}

export interface NewRequester {
  id: string;
  email: string;
  name: string;
}

/** The columns a write returns, to be joined into a {@link TicketRow}. */
const RETURNED = `tenant_id, id, number, title, description, status, priority, category_id, requester_id,
  assignee_id, tags, source, comment_count, public_comment_count, created_at, updated_at, first_response_at, resolved_at, closed_at`;

/** The columns an update may set, by name. */
export interface TicketChanges {
  title?: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  category_id?: string | null;
  assignee_id?: string | null;
  requester_id?: string;
  tags?: string[];
  resolved_at?: Date | null;
  closed_at?: Date | null;
}

/** The fields an update reads, locked. */
export type LockedTicket = Pick<
  TicketRow,
  | 'id'
  | 'number'
  | 'title'
  | 'description'
  | 'status'
  | 'priority'
  | 'category_id'
  | 'assignee_id'
  | 'requester_id'
  | 'tags'
  | 'resolved_at'
  | 'closed_at'
>;

export interface TicketFilters {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  categoryId?: string;
  requesterEmail?: string;
  assigneeId?: string;
  tag?: string;
  q?: string;
}

/** A ticket is named by its id or, for people, by its number. */
export type TicketRef = { id: string } | { number: number };

const refClause = (ref: TicketRef, param: number) =>
  'id' in ref ? `t.id = $${param}` : `t.number = $${param}`;
const refValue = (ref: TicketRef) => ('id' in ref ? ref.id : ref.number);

/** The only code that reads or writes tickets, their comments and history; every statement is scoped to `tx`'s tenant. */
@Injectable()
export class TicketsRepository {
  constructor(private readonly platform: PlatformDb) {}

  /**
   * The tenant's next ticket number, taken in a statement of its own (a platform statement,
   * for the tenant named). The counter row is locked only while that statement runs, so
   * concurrent creates in one tenant never queue behind each other's transactions. A number
   * whose ticket then fails is skipped: numbers may have gaps, never duplicates.
   */
  async nextNumber(tenantId: string): Promise<number> {
    const [{ n }] = await this.platform.query<{ n: string }>(
      `INSERT INTO ticket_counters AS c (tenant_id, last_number) VALUES ($1, 1)
       ON CONFLICT (tenant_id) DO UPDATE SET last_number = c.last_number + 1
       RETURNING last_number AS n`,
      [tenantId],
    );
    return Number(n);
  }

  /**
   * Creates the requester when new, inserts and records the ticket: one statement.
   *
   * When another transaction is creating the same new requester at this very moment, this
   * statement cannot see that row yet and leaves `requester_id` empty; the service then
   * attaches the requester in a statement of its own.
   */
  async create(tx: TenantTx, t: NewTicket, requester: NewRequester | null): Promise<TicketRow> {
    const rows: TicketRow[] = await tx.query(
      `WITH req_new AS (
         INSERT INTO users (tenant_id, id, email, name, role)
         SELECT $1, $12, $13, $14, 'requester' WHERE $13::text IS NOT NULL
         ON CONFLICT (tenant_id, lower(email)) DO NOTHING
         RETURNING id, email, name
       ), req AS (
         SELECT id, email, name FROM req_new
         UNION ALL
         SELECT id, email, name FROM users WHERE $13::text IS NOT NULL AND tenant_id = $1 AND lower(email) = lower($13)
         LIMIT 1
       ), t AS (
         INSERT INTO tickets (tenant_id, id, number, title, description, priority, category_id, requester_id, tags, source)
         VALUES ($1, $2, $15, $3, $4, $5, $6, (SELECT id FROM req), $7, $8)
         RETURNING ${RETURNED}
       ), e AS (
         INSERT INTO ticket_events (tenant_id, id, ticket_id, action, actor_type, actor_id)
         SELECT $1, $9, t.id, 'created', $10, $11 FROM t
       )
       SELECT ${ticketColumns('req')}
         FROM t ${CATEGORY_JOIN} LEFT JOIN req ON req.id = t.requester_id ${ASSIGNEE_JOIN}`,
      [
        tx.tenantId,
        t.id,
        t.title,
        t.description,
        t.priority,
        t.categoryId,
        t.tags,
        t.source,
        t.eventId,
        t.actor.type,
        t.actor.id,
        requester?.id ?? null,
        requester?.email ?? null,
        requester?.name ?? null,
        t.number,
      ],
    );
    return rows[0];
  }

  /** Sets the requester of a ticket just created (see {@link create}). */
  async setRequester(tx: TenantTx, ticketId: string, requesterId: string): Promise<TicketRow> {
    return this.update(tx, ticketId, { requester_id: requesterId }, false);
  }

  /** The ticket with its comments (oldest first), in one statement. */
  async findWithComments(tx: TenantTx, ref: TicketRef): Promise<(TicketRow & { comments: CommentJson[] }) | null> {
    const rows: Array<TicketRow & { comments: CommentJson[] }> = await tx.query(
      `SELECT ${TICKET_COLUMNS},
              (SELECT coalesce(json_agg(json_build_object(
                        'id', cm.id, 'body', cm.body, 'internal', cm.internal, 'created_at', cm.created_at,
                        'author_user_id', cm.author_user_id, 'author_token_id', cm.author_token_id,
                        'author_name', coalesce(cu.name, ck.name), 'author_email', cu.email)
                      ORDER BY cm.created_at, cm.id), '[]'::json)
                 FROM ticket_comments cm
                 LEFT JOIN users cu ON cu.tenant_id = cm.tenant_id AND cu.id = cm.author_user_id
                 LEFT JOIN api_tokens ck ON ck.tenant_id = cm.tenant_id AND ck.id = cm.author_token_id
                WHERE cm.tenant_id = t.tenant_id AND cm.ticket_id = t.id) AS comments
         FROM tickets t ${TICKET_JOINS}
        WHERE t.tenant_id = $1 AND ${refClause(ref, 2)}`,
      [tx.tenantId, refValue(ref)],
    );
    return rows[0] ?? null;
  }

  async find(tx: TenantTx, ref: TicketRef): Promise<TicketRow | null> {
    const rows: TicketRow[] = await tx.query(
      `SELECT ${TICKET_COLUMNS} FROM tickets t ${TICKET_JOINS} WHERE t.tenant_id = $1 AND ${refClause(ref, 2)}`,
      [tx.tenantId, refValue(ref)],
    );
    return rows[0] ?? null;
  }

  /** The ticket's fields, locked until the transaction ends (changes to one ticket take turns). */
  async lock(tx: TenantTx, ref: TicketRef): Promise<LockedTicket | null> {
    const rows: LockedTicket[] = await tx.query(
      `SELECT t.id, t.number, t.title, t.description, t.status, t.priority, t.category_id, t.assignee_id,
              t.requester_id, t.tags, t.resolved_at, t.closed_at
         FROM tickets t WHERE t.tenant_id = $1 AND ${refClause(ref, 2)} FOR UPDATE`,
      [tx.tenantId, refValue(ref)],
    );
    return rows[0] ?? null;
  }

  async update(tx: TenantTx, id: string, changes: TicketChanges, touch = true): Promise<TicketRow> {
    const entries = Object.entries(changes);
    const sets = entries.map(([column], i) => `"${column}" = $${i + 3}`);
    if (touch) sets.push('updated_at = now()');
    const rows: TicketRow[] = await tx.query(
      `WITH t AS (
         UPDATE tickets SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2
         RETURNING ${RETURNED})
       SELECT ${TICKET_COLUMNS} FROM t ${TICKET_JOINS}`,
      [tx.tenantId, id, ...entries.map(([, value]) => value)],
    );
    return rows[0];
  }

  async delete(tx: TenantTx, ref: TicketRef): Promise<boolean> {
    // A SELECT over the DELETE: TypeORM's query() answers a bare DELETE with [rows, count].
    const [{ n }]: Array<{ n: number }> = await tx.query(
      `WITH d AS (DELETE FROM tickets t WHERE t.tenant_id = $1 AND ${refClause(ref, 2)} RETURNING t.id)
       SELECT count(*)::int AS n FROM d`,
      [tx.tenantId, refValue(ref)],
    );
    return n > 0;
  }

  async recordEvent(
    tx: TenantTx,
    e: { id: string; ticketId: string; action: EventRow['action']; actor: Actor; changes: Record<string, unknown> },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ticket_events (tenant_id, id, ticket_id, action, actor_type, actor_id, changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tx.tenantId, e.id, e.ticketId, e.action, e.actor.type, e.actor.id, JSON.stringify(e.changes)],
    );
  }

  /**
   * One page, newest first — or, with `q`, best match first (`ts_rank`, then newest). Keyset
   * paging: the page after `cursor` starts below its number (or rank and number), so a deep
   * page costs what the first one does. Fetches `limit + 1` rows to tell whether more follow.
   *
   * The page size is written into the statement, not bound: a cached plan with an unknown
   * LIMIT assumes a tenth of the rows and, for a large tenant, sorts all its tickets instead
   * of reading the first few from the index (1–101: at most 101 prepared statements).
   */
  async list(
    tx: TenantTx,
    f: TicketFilters,
    cursor: { n: number; r?: number } | null,
    limit: number,
  ): Promise<Array<TicketRow & { rank?: number }>> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) throw new Error('list: limit out of range');
    const fetch = limit + 1;
    const params: unknown[] = [tx.tenantId];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['t.tenant_id = $1'];
    if (f.status?.length) where.push(`t.status = ANY(${p(f.status)}::text[])`);
    if (f.priority?.length) where.push(`t.priority = ANY(${p(f.priority)}::text[])`);
    if (f.categoryId) where.push(`t.category_id = ${p(f.categoryId)}`);
    if (f.assigneeId === UNASSIGNED) where.push('t.assignee_id IS NULL');
    else if (f.assigneeId) where.push(`t.assignee_id = ${p(f.assigneeId)}`);
    if (f.tag) where.push(`t.tags @> ARRAY[${p(f.tag)}]::text[]`);
    if (f.requesterEmail) {
      where.push(
        `t.requester_id = (SELECT u.id FROM users u WHERE u.tenant_id = $1 AND lower(u.email) = ${p(f.requesterEmail)})`,
      );
    }

    if (f.q) {
      // Matches come from ct_search_tickets (see the tickets migration: it can use the index
      // where a query under row-level security cannot), then join the tenant's tickets.
      const search = `ct_search_tickets($1, ${p(f.q)})`;
      const after = cursor ? `WHERE (s.rank, s.number) < (${p(cursor.r)}::real, ${p(cursor.n)})` : '';
      return tx.query(
        `SELECT * FROM (
           SELECT ${TICKET_COLUMNS}, m.rank
             FROM ${search} m
             JOIN LATERAL (SELECT * FROM tickets WHERE tenant_id = $1 AND id = m.ticket_id LIMIT 1) t ON true
             ${TICKET_JOINS}
            WHERE ${where.join(' AND ')}) s
         ${after}
         ORDER BY s.rank DESC, s.number DESC
         LIMIT ${fetch}`,
        params,
      );
    }
    if (cursor) where.push(`t.number < ${p(cursor.n)}`);
    return tx.query(
      `SELECT ${TICKET_COLUMNS} FROM tickets t ${TICKET_JOINS}
        WHERE ${where.join(' AND ')}
        ORDER BY t.number DESC
        LIMIT ${fetch}`,
      params,
    );
  }

  /**
   * Adds the comment and brings the ticket along: its count, its search index (comments are
   * searchable), its `updated_at`, and its first response when this is the first public
   * reply of someone other than the requester.
   */
  async addComment(
    tx: TenantTx,
    c: { id: string; ticketId: string; author: Actor; body: string; internal: boolean; firstResponseAt: Date | null },
  ): Promise<CommentRow> {
    const [row]: CommentRow[] = await tx.query(
      `WITH ins AS (
         INSERT INTO ticket_comments (tenant_id, id, ticket_id, author_user_id, author_token_id, body, internal)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, body, internal, created_at, author_user_id, author_token_id, tenant_id)
       SELECT ins.id, ins.body, ins.internal, ins.created_at, ins.author_user_id, ins.author_token_id,
              coalesce(u.name, k.name) AS author_name, u.email AS author_email
         FROM ins
         LEFT JOIN users u ON u.tenant_id = ins.tenant_id AND u.id = ins.author_user_id
         LEFT JOIN api_tokens k ON k.tenant_id = ins.tenant_id AND k.id = ins.author_token_id`,
      [
        tx.tenantId,
        c.id,
        c.ticketId,
        c.author.type === 'user' ? c.author.id : null,
        c.author.type === 'api_token' ? c.author.id : null,
        c.body,
        c.internal,
      ],
    );
    await tx.query(
      `UPDATE tickets SET
          comment_count = comment_count + 1,
          public_comment_count = public_comment_count + CASE WHEN $5 THEN 0 ELSE 1 END,
          comments_tsv = CASE WHEN pg_column_size(comments_tsv) < ${COMMENTS_TSV_MAX_BYTES}
                              THEN comments_tsv || to_tsvector('${SEARCH_CONFIG}', $3) ELSE comments_tsv END,
          first_response_at = coalesce(first_response_at, $4::timestamptz),
          updated_at = now()
        WHERE tenant_id = $1 AND id = $2`,
      [tx.tenantId, c.ticketId, c.body, c.firstResponseAt, c.internal],
    );
    return row;
  }

  events(tx: TenantTx, ticketId: string): Promise<EventRow[]> {
    return tx.query(
      `SELECT e.id, e.action, e.actor_type, e.actor_id, e.changes, e.created_at,
              coalesce(u.name, k.name) AS actor_name
         FROM ticket_events e
         LEFT JOIN users u ON e.actor_type = 'user' AND u.tenant_id = e.tenant_id AND u.id = e.actor_id
         LEFT JOIN api_tokens k ON e.actor_type = 'api_token' AND k.tenant_id = e.tenant_id AND k.id = e.actor_id
        WHERE e.tenant_id = $1 AND e.ticket_id = $2
        ORDER BY e.created_at, e.id`,
      [tx.tenantId, ticketId],
    );
  }

  /** The dashboard's figures for the 30 UTC days up to `now`, one statement per figure. */
  async stats(tx: TenantTx, now: Date): Promise<StatsRows> {
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 29));
    const [byStatus, byPriority, days, medians] = [
      await tx.query<{ key: string; n: string }>(
        `SELECT status AS key, count(*) AS n FROM tickets WHERE tenant_id = $1 AND status <> 'closed' GROUP BY status`,
        [tx.tenantId],
      ),
      await tx.query<{ key: string; n: string }>(
        `SELECT priority AS key, count(*) AS n FROM tickets WHERE tenant_id = $1 AND status IN ('open', 'pending') GROUP BY priority`,
        [tx.tenantId],
      ),
      // One pass per kind of event, grouped by UTC day (the days without any are filled in by the caller).
      await tx.query<{ day: string; created: string; resolved: string }>(
        `SELECT day, sum(created) AS created, sum(resolved) AS resolved FROM (
           SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, 1 AS created, 0 AS resolved
             FROM tickets WHERE tenant_id = $1 AND created_at >= $2
           UNION ALL
           SELECT to_char(resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 0, 1
             FROM tickets WHERE tenant_id = $1 AND resolved_at >= $2) e
          GROUP BY day`,
        [tx.tenantId, since],
      ),
      await tx.query<{ first_response: number | null; resolution: number | null }>(
        `SELECT
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
              FROM tickets WHERE tenant_id = $1 AND created_at >= $2 AND first_response_at IS NOT NULL) AS first_response,
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
              FROM tickets WHERE tenant_id = $1 AND resolved_at >= $2) AS resolution`,
        [tx.tenantId, since],
      ),
    ];
    return { byStatus, byPriority, days, medians: medians[0] ?? { first_response: null, resolution: null } };
  }
}
