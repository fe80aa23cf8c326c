import { randomUUID } from 'node:crypto';
import { CentralTicketsError } from '../errors.js';
import { type FetchLike, inBrowserPage } from '../fetch.js';
import type {
  Category,
  Comment,
  CreateCategoryInput,
  CreateCommentInput,
  CreateTicketInput,
  ListTicketsFilters,
  Tenant,
  Ticket,
  TicketPage,
  TicketWithComments,
  UpdateTicketInput,
} from '../types.js';
import { normalizeBaseUrl } from '../urls.js';
import { type Call, type Clock, systemClock, Transport } from './transport.js';

export const SDK_VERSION = '0.1.0';

export interface CentralTicketsOptions {
  /**
   * The origin of the platform (`https://tickets.example.com`) or of your portal
   * (`https://acme.tickets.example.com`); a path prefix is kept.
   */
  baseUrl: string;
  /** A tenant API token (`ct_…`), with the scopes your calls need. Server-side only. */
  apiToken: string;
  /** Default: the global `fetch` (Node.js 18+). */
  fetch?: FetchLike;
  /** Retries after the first attempt (default 3; 0 turns retries off). */
  maxRetries?: number;
  /** Timeout of each attempt, the answer's body included (default 30,000 ms). */
  timeoutMs?: number;
  /**
   * The longest wait between attempts (default 60,000 ms). When a 429's `Retry-After` asks for
   * longer, the call fails at once with the error's `retryAfter`, instead of waiting less than asked.
   */
  maxRetryDelayMs?: number;
  /** Appended to the `User-Agent` (`central-tickets-sdk/0.1.0 your-app/1.2`). */
  userAgent?: string;
  /** Time (now, and the waits between attempts); tests pass a fake. */
  clock?: Clock;
  /** Jitter of the backoff, 0–1 (default `Math.random`); tests pass a constant. */
  random?: () => number;
  /**
   * The client refuses to run in a browser page: the API token would be anyone's who opens the
   * page. Set this only for a browser-like test environment, never in a shipped page.
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of a single call. */
export interface RequestOptions {
  /** Cancels the call, its retries and waits included (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

/** Options of a create. */
export interface CreateOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key` (visible ASCII, at most 255 characters; a UUID is good). Default:
   * a new random UUID per call, the same for all its retries. Pass your own (e.g. your record's
   * id) to make retries across restarts safe too: the API answers a repeat with the first result.
   */
  idempotencyKey?: string;
}

/** A ticket's id (UUID) or its number in the tenant. */
export type TicketRef = string | number;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function ticketPath(ref: TicketRef): string {
  if (typeof ref === 'number') {
    if (!Number.isSafeInteger(ref) || ref < 1) throw new TypeError(`A ticket number is a positive whole number (got ${ref}).`);
    return `/api/tickets/${ref}`;
  }
  if (typeof ref !== 'string' || ref.trim() === '') throw new TypeError('A ticket reference is its id or its number.');
  return `/api/tickets/${encodeURIComponent(ref.trim())}`;
}

function idempotencyKey(given: string | undefined): string {
  if (given === undefined) return randomUUID();
  if (typeof given !== 'string' || !IDEMPOTENCY_KEY.test(given)) {
    throw new TypeError('idempotencyKey must be 1 to 255 visible ASCII characters (a UUID is a good choice).');
  }
  return given;
}

const list = (value: string | readonly string[] | undefined) =>
  value === undefined ? undefined : typeof value === 'string' ? value : value.length ? value.join(',') : undefined;

/** The query string of `GET /api/tickets` (lists comma-separated, empty values left out). */
export function ticketQuery(filters: ListTicketsFilters = {}): Record<string, string | undefined> {
  const text = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  return {
    status: list(filters.status),
    priority: list(filters.priority),
    category_id: text(filters.category_id),
    requester_email: text(filters.requester_email),
    assignee_id: text(filters.assignee_id),
    tag: text(filters.tag),
    q: text(filters.q),
    limit: filters.limit === undefined ? undefined : String(filters.limit),
    cursor: text(filters.cursor),
  };
}

function pick(options: RequestOptions | undefined): Pick<Call, 'signal' | 'timeoutMs' | 'maxRetries'> {
  return { signal: options?.signal, timeoutMs: options?.timeoutMs, maxRetries: options?.maxRetries };
}

/** `/api/tickets`: needs `tickets:read` to read and `tickets:write` to write. */
export class TicketsResource {
  /** @internal */
  constructor(private readonly transport: Transport) {}

  /** One page, newest first (best match first with `q`). */
  async list(filters?: ListTicketsFilters, options?: RequestOptions): Promise<TicketPage> {
    return this.transport.request<TicketPage>({ method: 'GET', path: '/api/tickets', query: ticketQuery(filters), repeatable: true, ...pick(options) });
  }

  /** Every page in turn, from `filters.cursor` (or the first) to the last. */
  async *pages(filters: ListTicketsFilters = {}, options?: RequestOptions): AsyncGenerator<TicketPage, void, undefined> {
    let cursor = filters.cursor;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.list({ ...filters, cursor }, options);
      yield page;
      if (!page.next_cursor) return;
      if (seen.has(page.next_cursor)) {
        throw new CentralTicketsError({ status: 200, code: 'INVALID_RESPONSE', message: 'The API returned the same cursor twice; paging stopped.' });
      }
      seen.add(page.next_cursor);
      cursor = page.next_cursor;
    }
  }

  /**
   * Every ticket that matches, page after page (`limit` is the page size):
   * `for await (const ticket of client.tickets.listAll({ status: 'open' })) …`
   */
  async *listAll(filters: ListTicketsFilters = {}, options?: RequestOptions): AsyncGenerator<Ticket, void, undefined> {
    for await (const page of this.pages(filters, options)) yield* page.data;
  }

  /** One ticket, by id or number, with its comments (oldest first). */
  async get(ref: TicketRef, options?: RequestOptions): Promise<TicketWithComments> {
    return this.transport.request<TicketWithComments>({ method: 'GET', path: ticketPath(ref), repeatable: true, ...pick(options) });
  }

  /**
   * Creates a ticket, with an `Idempotency-Key` (yours, or a new UUID) reused by every retry,
   * so a retry after a lost answer never makes a second ticket.
   */
  async create(body: CreateTicketInput, options?: CreateOptions): Promise<Ticket> {
    return this.transport.request<Ticket>({
      method: 'POST',
      path: '/api/tickets',
      body,
      idempotencyKey: idempotencyKey(options?.idempotencyKey),
      repeatable: true,
      ...pick(options),
    });
  }

  /** Changes the fields sent, and only those (`PATCH`). */
  async update(ref: TicketRef, patch: UpdateTicketInput, options?: RequestOptions): Promise<Ticket> {
    return this.transport.request<Ticket>({ method: 'PATCH', path: ticketPath(ref), body: patch, repeatable: true, ...pick(options) });
  }

  /**
   * Deletes a ticket with its comments and history. A 404 is an error, also on a retry after a
   * lost answer (when the first attempt may have deleted it).
   */
  async delete(ref: TicketRef, options?: RequestOptions): Promise<void> {
    await this.transport.request<void>({ method: 'DELETE', path: ticketPath(ref), repeatable: true, ...pick(options) });
  }

  /**
   * Adds a public reply, or an internal note (`internal: true`); in a user's name with
   * `author_email`. Idempotent like {@link create}.
   */
  async comment(ref: TicketRef, body: CreateCommentInput, options?: CreateOptions): Promise<Comment> {
    return this.transport.request<Comment>({
      method: 'POST',
      path: `${ticketPath(ref)}/comments`,
      body,
      idempotencyKey: idempotencyKey(options?.idempotencyKey),
      repeatable: true,
      ...pick(options),
    });
  }
}

/** `/api/categories`: any token lists them; creating needs the `admin` scope. */
export class CategoriesResource {
  /** @internal */
  constructor(private readonly transport: Transport) {}

  /** The categories, in the admin's order, with ticket counts. */
  async list(options?: RequestOptions): Promise<Category[]> {
    return this.transport.request<Category[]>({ method: 'GET', path: '/api/categories', repeatable: true, ...pick(options) });
  }

  /**
   * Creates a category. The API takes no idempotency key here, so only a 429 (refused before
   * anything was done) is retried; a repeat after a lost answer would be a 409 (the name is taken).
   */
  async create(body: CreateCategoryInput, options?: RequestOptions): Promise<Category> {
    return this.transport.request<Category>({ method: 'POST', path: '/api/categories', body, repeatable: false, ...pick(options) });
  }
}

/** `/api/tenant`. */
export class TenantResource {
  /** @internal */
  constructor(private readonly transport: Transport) {}

  /** The token's tenant: id, slug, name, portal URL, domains, sign-in settings. Any scope. */
  async get(options?: RequestOptions): Promise<Tenant> {
    return this.transport.request<Tenant>({ method: 'GET', path: '/api/tenant', repeatable: true, ...pick(options) });
  }
}

function count(value: number | undefined, fallback: number, what: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${what} must be a number of at least ${min}.`);
  return value;
}

/**
 * A client of the tenant API, for your server: tickets, comments, categories, the tenant.
 *
 * ```ts
 * const client = new CentralTickets({ baseUrl: 'https://tickets.example.com', apiToken: process.env.CENTRAL_TICKETS_API_TOKEN! });
 * const ticket = await client.tickets.create({ title: 'Cannot log in', description: 'Since this morning.' });
 * ```
 *
 * Failures are {@link CentralTicketsError}s. Retries: a 429 always (after its `Retry-After`);
 * 502, 503, 504, timeouts and network errors for requests that are safe to repeat (reads,
 * updates, deletes, and creates, which carry an idempotency key); never another 4xx.
 */
export class CentralTickets {
  readonly tickets: TicketsResource;
  readonly categories: CategoriesResource;
  readonly tenant: TenantResource;

  constructor(options: CentralTicketsOptions) {
    if (!options || typeof options !== 'object') throw new TypeError('Pass the options: { baseUrl, apiToken }.');
    if (inBrowserPage() && options.dangerouslyAllowBrowser !== true) {
      throw new Error(
        'CentralTickets runs on your server: an API token in a browser page is anyone\'s. Use contactSupport() or signInWithToken() in the browser.',
      );
    }
    const baseUrl = normalizeBaseUrl(options.baseUrl);
    if (typeof options.apiToken !== 'string' || options.apiToken.trim() === '') {
      throw new TypeError('apiToken is required: a tenant API token (ct_…).');
    }
    const transport = new Transport(
      baseUrl,
      options.apiToken.trim(),
      {
        maxRetries: Math.floor(count(options.maxRetries, 3, 'maxRetries', 0)),
        timeoutMs: count(options.timeoutMs, 30_000, 'timeoutMs', 1),
        maxRetryDelayMs: count(options.maxRetryDelayMs, 60_000, 'maxRetryDelayMs', 0),
        baseDelayMs: 500,
      },
      options.clock ?? systemClock,
      options.random ?? Math.random,
      `central-tickets-sdk/${SDK_VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`,
      options.fetch,
    );
    this.tickets = new TicketsResource(transport);
    this.categories = new CategoriesResource(transport);
    this.tenant = new TenantResource(transport);
  }
}
