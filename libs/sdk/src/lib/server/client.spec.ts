import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeClock, json, scriptedFetch } from '../../testing/fakes';
import { CentralTicketsError } from '../errors';
import type { Ticket } from '../types';
import { CentralTickets, type CentralTicketsOptions, SDK_VERSION, ticketQuery } from './client';

const BASE = 'https://tickets.example.com';
const TOKEN = 'ct_test_0123456789abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const ticket = (n: number): Ticket => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  number: n,
  title: `Ticket ${n}`,
  description: 'I need help with...',
  status: 'open',
  priority: 'medium',
  category: null,
  requester: null,
  assignee: null,
  tags: [],
  source: 'api',
  comment_count: 0,
  created_at: '2026-11-21T08:00:00.000Z',
  updated_at: '2026-11-21T08:00:00.000Z',
  first_response_at: null,
  resolved_at: null,
  closed_at: null,
});

const envelope = (code: string, message: string, extra: Record<string, unknown> = {}) => ({
  message,
  error: 'Error',
  code,
  correlation_id: 'corr-body',
  ...extra,
});

function client(steps: Parameters<typeof scriptedFetch>, options: Partial<CentralTicketsOptions> = {}) {
  const { fetch, calls } = scriptedFetch(...steps);
  const { clock, sleeps } = fakeClock();
  const api = new CentralTickets({ baseUrl: BASE, apiToken: TOKEN, fetch, clock, random: () => 1, ...options });
  return { api, fetch, calls, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<CentralTicketsError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CentralTicketsError);
    return err as CentralTicketsError;
  }
  throw new Error('Expected the call to fail.');
}

describe('CentralTickets: requests', () => {
  it('sends the API token, JSON, and a User-Agent naming the SDK', async () => {
    const { api, calls } = client([json(201, ticket(1))], { userAgent: 'acme-app/1.2' });
    await api.tickets.create({ title: 'Support Request', description: 'I need help with...', priority: 'medium' });
    expect(calls[0]).toMatchObject({
      url: `${BASE}/api/tickets`,
      method: 'POST',
      body: { title: 'Support Request', description: 'I need help with...', priority: 'medium' },
      headers: {
        authorization: `Bearer ${TOKEN}`,
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': `central-tickets-sdk/${SDK_VERSION} acme-app/1.2`,
      },
    });
  });

  it('keeps a path prefix of the base URL and drops its trailing slash', async () => {
    const { api, calls } = client([json(200, [])], { baseUrl: 'https://example.com/help-desk/' });
    await api.categories.list();
    expect(calls[0].url).toBe('https://example.com/help-desk/api/categories');
  });

  it('names tickets by id or number, encoded, and sends no body on reads', async () => {
    const { api, calls } = client([json(200, { ...ticket(42), comments: [] }), json(200, { ...ticket(42), comments: [] })]);
    await api.tickets.get(42);
    await api.tickets.get('9b2f7c3e-1d4a-4e5b-8c6d-7e8f9a0b1c2d');
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/api/tickets/42`, `${BASE}/api/tickets/9b2f7c3e-1d4a-4e5b-8c6d-7e8f9a0b1c2d`]);
    expect(calls[0].headers['content-type']).toBeUndefined();
    expect(calls[0].init.body).toBeUndefined();
    await expect(api.tickets.get(0)).rejects.toThrow(TypeError);
    await expect(api.tickets.get('')).rejects.toThrow(TypeError);
  });

  it('updates with PATCH (only the fields sent), deletes (204), comments and reads the tenant', async () => {
    const { api, calls } = client([
      json(200, ticket(7)),
      json(204, null),
      json(201, { id: 'c1', body: 'Thanks', internal: true, author: { type: 'api_token', id: 't', name: 'CI', email: null }, created_at: 'x' }),
      json(200, { id: 't1', slug: 'acme' }),
    ]);
    await api.tickets.update(7, { status: 'resolved', assignee_id: null });
    await expect(api.tickets.delete(7)).resolves.toBeUndefined();
    await api.tickets.comment(7, { body: 'Thanks', internal: true });
    await expect(api.tenant.get()).resolves.toMatchObject({ slug: 'acme' });
    expect(calls.map((c) => `${c.method} ${c.url.slice(BASE.length)}`)).toEqual([
      'PATCH /api/tickets/7',
      'DELETE /api/tickets/7',
      'POST /api/tickets/7/comments',
      'GET /api/tenant',
    ]);
    expect(calls[0].body).toEqual({ status: 'resolved', assignee_id: null });
    expect(calls[2].headers['idempotency-key']).toMatch(UUID);
  });

  it('refuses to start without a base URL or a token, and in a browser page', () => {
    expect(() => new CentralTickets({ baseUrl: '', apiToken: TOKEN })).toThrow(/baseUrl is required/);
    expect(() => new CentralTickets({ baseUrl: 'ftp://x.example', apiToken: TOKEN })).toThrow(/http\(s\)/);
    expect(() => new CentralTickets({ baseUrl: BASE, apiToken: ' ' })).toThrow(/apiToken is required/);
    expect(() => new CentralTickets({ baseUrl: BASE, apiToken: TOKEN, maxRetries: -1 })).toThrow(RangeError);
    const g = globalThis as { window?: unknown; document?: unknown };
    g.window = {};
    g.document = {};
    try {
      expect(() => new CentralTickets({ baseUrl: BASE, apiToken: TOKEN })).toThrow(/API token in a browser page/);
      expect(() => new CentralTickets({ baseUrl: BASE, apiToken: TOKEN, dangerouslyAllowBrowser: true })).not.toThrow();
    } finally {
      delete g.window;
      delete g.document;
    }
  });

  it('states its version as its package does', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe('CentralTickets: listing and paging', () => {
  it('writes filters as the API reads them: lists comma-separated, empty values left out', () => {
    expect(ticketQuery({ status: ['open', 'pending'], priority: 'urgent', q: 'invoice download', limit: 50, tag: '', cursor: undefined })).toEqual({
      status: 'open,pending',
      priority: 'urgent',
      category_id: undefined,
      requester_email: undefined,
      assignee_id: undefined,
      tag: undefined,
      q: 'invoice download',
      limit: '50',
      cursor: undefined,
    });
    expect(ticketQuery({ status: [] })['status']).toBeUndefined();
  });

  it('lists one page with the filters in the query string', async () => {
    const { api, calls } = client([json(200, { data: [ticket(2), ticket(1)], next_cursor: null })]);
    const page = await api.tickets.list({ status: ['open', 'pending'], assignee_id: 'none', q: 'café & co', limit: 2 });
    expect(page.data.map((t) => t.number)).toEqual([2, 1]);
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/tickets');
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'open,pending', assignee_id: 'none', q: 'café & co', limit: '2' });
  });

  it('walks every page with listAll, passing each next_cursor, until there is none', async () => {
    const { api, calls } = client([
      json(200, { data: [ticket(5), ticket(4)], next_cursor: 'c1' }),
      json(200, { data: [ticket(3), ticket(2)], next_cursor: 'c2' }),
      json(200, { data: [ticket(1)], next_cursor: null }),
    ]);
    const numbers: number[] = [];
    for await (const t of api.tickets.listAll({ status: 'open', limit: 2 })) numbers.push(t.number);
    expect(numbers).toEqual([5, 4, 3, 2, 1]);
    expect(calls.map((c) => new URL(c.url).searchParams.get('cursor'))).toEqual([null, 'c1', 'c2']);
    expect(calls.every((c) => new URL(c.url).searchParams.get('status') === 'open')).toBe(true);
  });

  it('fetches pages lazily: breaking out early requests no more', async () => {
    const { api, calls } = client([json(200, { data: [ticket(9), ticket(8)], next_cursor: 'c1' })]);
    for await (const t of api.tickets.listAll()) {
      expect(t.number).toBe(9);
      break;
    }
    expect(calls).toHaveLength(1);
  });

  it('stops with an error when the API hands back a cursor it gave before', async () => {
    const { api } = client([json(200, { data: [], next_cursor: 'same' }), json(200, { data: [], next_cursor: 'same' })]);
    const pages = async () => {
      for await (const _page of api.tickets.pages()) {
        // walk
      }
    };
    const err = await failure(pages());
    expect(err.code).toBe('INVALID_RESPONSE');
  });
});

describe('CentralTickets: idempotency keys', () => {
  it('gives each create a new UUID key, and the same key to all of its retries', async () => {
    const { api, calls, sleeps } = client([
      json(503, envelope('SERVICE_UNAVAILABLE', 'The service is unavailable.')),
      new TypeError('fetch failed'),
      json(201, ticket(1)),
      json(201, ticket(2)),
    ]);
    await api.tickets.create({ title: 'A', description: 'a' });
    await api.tickets.create({ title: 'B', description: 'b' });
    const keys = calls.map((c) => c.headers['idempotency-key']);
    expect(keys[0]).toMatch(UUID);
    expect(keys.slice(0, 3)).toEqual([keys[0], keys[0], keys[0]]);
    expect(keys[3]).toMatch(UUID);
    expect(keys[3]).not.toBe(keys[0]);
    expect(calls.slice(0, 3).map((c) => c.body)).toEqual([{ title: 'A', description: 'a' }, { title: 'A', description: 'a' }, { title: 'A', description: 'a' }]);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('uses the caller\'s key, and hands it back on the error when every attempt failed', async () => {
    const { api, calls } = client([json(502, '<html>Bad gateway</html>'), json(502, ''), json(502, '')], { maxRetries: 2 });
    const err = await failure(api.tickets.comment(3, { body: 'Hello' }, { idempotencyKey: 'order-1234-reply' }));
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual(['order-1234-reply', 'order-1234-reply', 'order-1234-reply']);
    expect(err).toMatchObject({ status: 502, code: 'HTTP_ERROR', attempts: 3, idempotencyKey: 'order-1234-reply' });
  });

  it('refuses a key the API would refuse, before sending anything', async () => {
    const { api, fetch } = client([]);
    await expect(api.tickets.create({ title: 'A', description: 'a' }, { idempotencyKey: 'has space' })).rejects.toThrow(/visible ASCII/);
    await expect(api.tickets.create({ title: 'A', description: 'a' }, { idempotencyKey: 'x'.repeat(256) })).rejects.toThrow(TypeError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('CentralTickets: retries', () => {
  it('waits the Retry-After seconds of a 429, then retries', async () => {
    const { api, calls, sleeps } = client([
      json(429, envelope('RATE_LIMITED', 'Too many requests.', { retry_after: 2 }), { 'Retry-After': '2' }),
      json(200, { data: [], next_cursor: null }),
    ]);
    await api.tickets.list();
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('reads a Retry-After date against the injected clock', async () => {
    const start = Date.UTC(2026, 10, 21, 8, 0, 0);
    const { api, sleeps } = client([
      json(503, envelope('SERVICE_UNAVAILABLE', 'Down for a moment.'), { 'Retry-After': new Date(start + 5_000).toUTCString() }),
      json(200, []),
    ]);
    await api.categories.list();
    expect(sleeps).toEqual([5000]);
  });

  it('retries a 429 even for a create the API cannot deduplicate (it was refused before any work)', async () => {
    const { api, calls } = client([
      json(429, envelope('RATE_LIMITED', 'Too many requests.'), { 'Retry-After': '1' }),
      json(201, { id: 'cat', name: 'Billing', position: 0, ticket_count: 0, created_at: 'x' }),
    ]);
    await expect(api.categories.create({ name: 'Billing' })).resolves.toMatchObject({ name: 'Billing' });
    expect(calls).toHaveLength(2);
    expect(calls[0].headers['idempotency-key']).toBeUndefined();
  });

  it('does not retry a create without an idempotency key after a 503 or a network error', async () => {
    const first = client([json(503, envelope('SERVICE_UNAVAILABLE', 'The service is unavailable.'))]);
    expect(await failure(first.api.categories.create({ name: 'Billing' }))).toMatchObject({ status: 503, attempts: 1 });
    const second = client([new TypeError('fetch failed')]);
    expect(await failure(second.api.categories.create({ name: 'Billing' }))).toMatchObject({ status: 0, code: 'NETWORK_ERROR', attempts: 1 });
  });

  it('gives up at once when Retry-After asks for longer than maxRetryDelayMs, with retryAfter on the error', async () => {
    const { api, calls, sleeps } = client(
      [json(429, envelope('RATE_LIMITED', 'Too many requests.', { retry_after: 3600 }), { 'Retry-After': '3600' })],
      { maxRetryDelayMs: 60_000 },
    );
    const err = await failure(api.tickets.list());
    expect(err).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: 3600, attempts: 1 });
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('backs off exponentially (with jitter, capped) when the answer has no Retry-After, and stops after maxRetries', async () => {
    const { api, calls, sleeps } = client(
      [json(504, ''), json(504, ''), json(504, ''), json(504, ''), json(504, '')],
      { maxRetries: 4, maxRetryDelayMs: 1500, random: () => 0 },
    );
    const err = await failure(api.tickets.get(1));
    expect(calls).toHaveLength(5);
    // 500, 1000, 1500 (capped), 1500, each halved by the jitter at random() = 0.
    expect(sleeps).toEqual([250, 500, 750, 750]);
    expect(err.attempts).toBe(5);
  });

  it('retries network errors and timeouts of reads', async () => {
    const hang = (call: { init: RequestInit }) =>
      new Promise<Response>((_resolve, reject) => {
        call.init.signal?.addEventListener('abort', () => reject(call.init.signal?.reason));
      });
    const { api, calls } = client([new TypeError('fetch failed'), hang, json(200, [])], { timeoutMs: 5 });
    await expect(api.categories.list()).resolves.toEqual([]);
    expect(calls).toHaveLength(3);

    const timeouts = client([hang], { timeoutMs: 5, maxRetries: 0 });
    expect(await failure(timeouts.api.categories.list())).toMatchObject({ status: 0, code: 'TIMEOUT' });
  });

  it('makes one attempt with maxRetries: 0', async () => {
    const { api, calls } = client([json(503, '')], { maxRetries: 0 });
    await failure(api.tickets.list());
    expect(calls).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 409, 413, 422, 500])('never retries a %i', async (status) => {
    const { api, calls, sleeps } = client([json(status, envelope('X', 'No.')), json(200, [])]);
    await failure(api.tickets.update(1, { title: 'x' }));
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('stops waiting and retrying when the caller aborts', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch(json(503, ''), json(200, []));
    const api = new CentralTickets({
      baseUrl: BASE,
      apiToken: TOKEN,
      fetch,
      clock: {
        now: () => 0,
        sleep: async (_ms, signal) => {
          controller.abort(new Error('user went away'));
          if (signal?.aborted) throw signal.reason;
        },
      },
    });
    await expect(api.categories.list({ signal: controller.signal })).rejects.toThrow('user went away');
    expect(calls).toHaveLength(1);
  });
});

describe('CentralTickets: errors', () => {
  it('maps the envelope of a 422 field by field', async () => {
    const { api } = client([
      json(422, {
        message: 'The given data was invalid.',
        error: 'Unprocessable Entity',
        code: 'VALIDATION_FAILED',
        errors: { title: ['The title field is required.'], priority: ['The priority must be one of: low, medium, high, urgent.'] },
        correlation_id: '5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11',
      }),
    ]);
    const err = await failure(api.tickets.create({ title: '', description: 'x' }));
    expect(err).toMatchObject({
      name: 'CentralTicketsError',
      status: 422,
      code: 'VALIDATION_FAILED',
      message: 'The given data was invalid.',
      error: 'Unprocessable Entity',
      errors: { title: ['The title field is required.'], priority: ['The priority must be one of: low, medium, high, urgent.'] },
      correlationId: '5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11',
      method: 'POST',
      url: `${BASE}/api/tickets`,
      attempts: 1,
    });
    expect(err.idempotencyKey).toMatch(UUID);
    expect(err).toBeInstanceOf(Error);
  });

  it('keeps details and takes the correlation id from the header when the body has none', async () => {
    const { api } = client([
      json(409, { message: 'This Idempotency-Key was already used for a different request.', code: 'CONFLICT', details: 'Use a new key.' }),
    ]);
    const err = await failure(api.tickets.create({ title: 'A', description: 'a' }, { idempotencyKey: 'k' }));
    expect(err).toMatchObject({ status: 409, code: 'CONFLICT', details: 'Use a new key.', correlationId: 'corr-header' });
  });

  it('names an error without the envelope by its status', async () => {
    const { api } = client([new Response('Not Found', { status: 404 })]);
    const err = await failure(api.tickets.get(99));
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'Central Tickets answered 404.', body: 'Not Found' });
  });

  it('calls a success that is not JSON an INVALID_RESPONSE, without retrying it', async () => {
    const { api, calls } = client([new Response('<html>portal</html>', { status: 200 })]);
    const err = await failure(api.tenant.get());
    expect(err).toMatchObject({ status: 200, code: 'INVALID_RESPONSE', attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('never puts the API token in an error', async () => {
    const { api } = client([json(401, envelope('INVALID_API_TOKEN', 'The API token is invalid or revoked.'))]);
    const err = await failure(api.tenant.get());
    expect(err.code).toBe('INVALID_API_TOKEN');
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain(TOKEN);
  });
});
