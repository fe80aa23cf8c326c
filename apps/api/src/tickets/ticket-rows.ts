import type {
  CommentDto,
  TicketDto,
  TicketEventDto,
  TicketPriority,
  TicketSource,
  TicketStatus,
} from '@central-tickets/contracts';

/**
 * The columns every ticket read selects (with its category `c`, requester `r` by default, and
 * assignee `a`).
 */
export const ticketColumns = (requester = 'r') => `
  t.id, t.number, t.title, t.description, t.status, t.priority, t.tags, t.source, t.comment_count, t.public_comment_count,
  t.created_at, t.updated_at, t.first_response_at, t.resolved_at, t.closed_at,
  t.category_id, c.name AS category_name,
  t.requester_id, ${requester}.email AS requester_email, ${requester}.name AS requester_name,
  t.assignee_id, a.email AS assignee_email, a.name AS assignee_name`;

export const TICKET_COLUMNS = ticketColumns();

/**
 * The joins of {@link TICKET_COLUMNS}; every one stays inside the ticket's tenant. Each is a
 * primary-key lookup per ticket (`LATERAL … LIMIT 1` keeps the planner from flattening them):
 * a cached, generic plan cannot know how large a tenant is, and as a plain join it would
 * read all of a large tenant's users for every page.
 */
export const CATEGORY_JOIN = `
  LEFT JOIN LATERAL (SELECT name FROM categories WHERE tenant_id = t.tenant_id AND id = t.category_id LIMIT 1) c ON true`;
export const ASSIGNEE_JOIN = `
  LEFT JOIN LATERAL (SELECT email, name FROM users WHERE tenant_id = t.tenant_id AND id = t.assignee_id LIMIT 1) a ON true`;
export const TICKET_JOINS = `${CATEGORY_JOIN}
  LEFT JOIN LATERAL (SELECT email, name FROM users WHERE tenant_id = t.tenant_id AND id = t.requester_id LIMIT 1) r ON true
  ${ASSIGNEE_JOIN}`;

export interface TicketRow {
  id: string;
  number: string;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  tags: string[];
  source: TicketSource;
  comment_count: number;
  /** Replies requesters see (internal notes left out). */
  public_comment_count: number;
  created_at: Date;
  updated_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  category_id: string | null;
  category_name: string | null;
  requester_id: string | null;
  requester_email: string | null;
  requester_name: string | null;
  assignee_id: string | null;
  assignee_email: string | null;
  assignee_name: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Who reads the ticket: staff see every comment counted; requesters only the public replies. */
export type Audience = 'staff' | 'requester';

export function toTicketDto(row: TicketRow, audience: Audience = 'staff'): TicketDto {
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    category: row.category_id ? { id: row.category_id, name: row.category_name as string } : null,
    requester: row.requester_id
      ? { id: row.requester_id, email: row.requester_email as string, name: row.requester_name as string }
      : null,
    assignee: row.assignee_id
      ? { id: row.assignee_id, email: row.assignee_email as string, name: row.assignee_name as string }
      : null,
    tags: row.tags,
    source: row.source,
    comment_count: audience === 'staff' ? row.comment_count : row.public_comment_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    first_response_at: iso(row.first_response_at),
    resolved_at: iso(row.resolved_at),
    closed_at: iso(row.closed_at),
  };
}

export interface CommentRow {
  id: string;
  body: string;
  internal: boolean;
  created_at: Date;
  author_user_id: string | null;
  author_token_id: string | null;
  author_name: string;
  author_email: string | null;
}

/** A comment as `json_build_object` returns it (dates as text). */
export type CommentJson = Omit<CommentRow, 'created_at'> & { created_at: string };

export function toCommentDto(row: CommentRow | CommentJson): CommentDto {
  return {
    id: row.id,
    body: row.body,
    internal: row.internal,
    author: row.author_user_id
      ? { type: 'user', id: row.author_user_id, name: row.author_name, email: row.author_email }
      : { type: 'api_token', id: row.author_token_id as string, name: row.author_name, email: null },
    created_at: new Date(row.created_at).toISOString(),
  };
}

export interface EventRow {
  id: string;
  action: TicketEventDto['action'];
  actor_type: 'user' | 'api_token';
  actor_id: string;
  actor_name: string | null;
  changes: Record<string, unknown>;
  created_at: Date;
}

export function toEventDto(row: EventRow): TicketEventDto {
  return {
    id: row.id,
    action: row.action,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name ?? '(deleted)' },
    changes: row.changes,
    created_at: row.created_at.toISOString(),
  };
}
