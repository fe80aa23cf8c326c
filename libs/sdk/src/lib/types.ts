/*
 * The wire format of the Central Tickets API, as the SDK sends and reads it (snake_case, as on
 * the wire). These mirror the DTOs of `libs/contracts`, written out here so the published package
 * depends on nothing: `contract-drift.spec.ts` fails when the two disagree.
 */

export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'medium' | 'high' | 'urgent';
/** Where a ticket came from. */
export type TicketSource = 'api' | 'portal' | 'redirect' | 'jwt';
export type RedirectAuthMode = 'origin' | 'signed' | 'open';

/** A category as tickets show it. */
export interface CategorySummary {
  id: string;
  name: string;
}

/** A person as tickets show them. */
export interface UserSummary {
  id: string;
  email: string;
  name: string;
}

/** A ticket as lists show it. Times are ISO 8601 strings. */
export interface Ticket {
  id: string;
  /** Its number in the tenant: 1, 2, 3… Usable wherever a ticket reference is asked for. */
  number: number;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: CategorySummary | null;
  requester: UserSummary | null;
  assignee: UserSummary | null;
  tags: string[];
  source: TicketSource;
  comment_count: number;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
}

/** Who wrote a comment: a user of the tenant, or an integration (an API token). */
export interface CommentAuthor {
  type: 'user' | 'api_token';
  id: string;
  name: string;
  email: string | null;
}

/** A public reply, or an internal note (`internal: true`) that requesters never see. */
export interface Comment {
  id: string;
  body: string;
  internal: boolean;
  author: CommentAuthor;
  created_at: string;
}

/** A ticket with its conversation, oldest comment first. */
export interface TicketWithComments extends Ticket {
  comments: Comment[];
}

/** A page of a cursor-paged list: pass `next_cursor` as `cursor` for the next one. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type TicketPage = Page<Ticket>;

/** `POST /api/tickets`. */
export interface CreateTicketInput {
  /** Up to 200 characters. */
  title: string;
  /** Up to 50,000 characters. */
  description: string;
  /** Default `medium`. */
  priority?: TicketPriority;
  category_id?: string | null;
  /** Who the ticket is for; a user of the tenant is created for a new address. */
  requester_email?: string;
  /** The requester's name, used when the requester is new. */
  requester_name?: string;
  /** Up to 20 tags of 1–50 characters (stored trimmed and lower-cased). */
  tags?: string[];
}

/** `PATCH /api/tickets/{id}`: only the fields sent change. */
export interface UpdateTicketInput {
  title?: string;
  description?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  /** A category of the tenant, or null for none. */
  category_id?: string | null;
  /** An agent or admin of the tenant, or null to unassign. */
  assignee_id?: string | null;
  /** The complete list of tags (it replaces the current one). */
  tags?: string[];
}

/** `POST /api/tickets/{id}/comments`. */
export interface CreateCommentInput {
  /** Up to 50,000 characters. */
  body: string;
  /** True for an internal note; default false (a public reply). */
  internal?: boolean;
  /** Write it in the name of this user of the tenant; without it the comment is the integration's. */
  author_email?: string;
}

/** Filters, search and paging of `GET /api/tickets`; every one is optional. */
export interface ListTicketsFilters {
  /** One status, or several (any of them). */
  status?: TicketStatus | readonly TicketStatus[];
  /** One priority, or several (any of them). */
  priority?: TicketPriority | readonly TicketPriority[];
  category_id?: string;
  requester_email?: string;
  /** An agent's id, or `'none'` for the unassigned tickets. */
  assignee_id?: string;
  tag?: string;
  /** Full-text search (web search syntax); results come best match first. */
  q?: string;
  /** Tickets per page, 1–100 (default 20). */
  limit?: number;
  /** The `next_cursor` of the previous page. */
  cursor?: string;
}

/** A ticket category. */
export interface Category {
  id: string;
  name: string;
  /** Its place in the list, from 0. */
  position: number;
  ticket_count: number;
  created_at: string;
}

/** `POST /api/categories` (needs a token with the `admin` scope). */
export interface CreateCategoryInput {
  /** Unique in the tenant, ignoring case; up to 100 characters. */
  name: string;
  /** Where to put it (0 is first); at the end when left out. */
  position?: number;
}

export interface TenantDomainSummary {
  hostname: string;
  verified: boolean;
}

/** `GET /api/tenant`: the token's tenant. */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  portal_url: string;
  domains: TenantDomainSummary[];
  allowed_origins: string[];
  redirect_auth: RedirectAuthMode;
  test_mode: boolean;
  jwt_secret_grace_hours: number;
  created_at: string;
}

/** The signed-in user, as the sign-in answers show it. */
export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

/** `POST /api/jwt/login`: where to send the browser (a one-time link, valid 120 s). */
export interface JwtLoginResult {
  success: boolean;
  redirect_url: string;
  user: SignedInUser;
}

/** The envelope of every error answer; fields that do not apply are left out. */
export interface ErrorEnvelope {
  message: string;
  error?: string;
  code: string;
  /** For 422 answers: each invalid field with its messages. */
  errors?: Record<string, string[]>;
  details?: string;
  /** For 429 answers: seconds to wait (also in `Retry-After`). */
  retry_after?: number;
  correlation_id?: string;
  /** JWT login's failures carry `success: false` too. */
  success?: false;
}
