import { CentralTicketsError, errorFromResponse, isCentralTicketsError, parseRetryAfter } from './errors';

const NOW = Date.UTC(2026, 10, 21, 8, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120],
    [' 0 ', 0],
    [new Date(NOW + 30_000).toUTCString(), 30],
    [new Date(NOW - 60_000).toUTCString(), 0],
    ['soon', undefined],
    ['-5', undefined],
    ['', undefined],
    [null, undefined],
  ])('reads %p as %p seconds', (header, seconds) => {
    expect(parseRetryAfter(header, NOW)).toBe(seconds);
  });
});

describe('errorFromResponse', () => {
  const where = { method: 'GET', url: 'https://tickets.example.com/api/tickets', now: NOW };

  it('prefers the Retry-After header to the body, and falls back to the body', async () => {
    const both = new Response(JSON.stringify({ message: 'Too many requests.', code: 'RATE_LIMITED', retry_after: 60 }), {
      status: 429,
      headers: { 'Retry-After': '30' },
    });
    expect((await errorFromResponse(both, where)).retryAfter).toBe(30);
    const body = new Response(JSON.stringify({ message: 'Too many requests.', code: 'RATE_LIMITED', retry_after: 60 }), { status: 429 });
    expect((await errorFromResponse(body, where)).retryAfter).toBe(60);
  });

  it('keeps only well-formed field errors', async () => {
    const res = new Response(JSON.stringify({ message: 'Invalid.', code: 'VALIDATION_FAILED', errors: { a: ['x', 'y'], b: 'z', c: 3 } }), { status: 422 });
    expect((await errorFromResponse(res, where)).errors).toEqual({ a: ['x', 'y'], b: ['z'] });
  });

  it('gives a proxy\'s page a code by status and keeps its text', async () => {
    const err = await errorFromResponse(new Response('<h1>502 Bad Gateway</h1>', { status: 502, statusText: 'Bad Gateway' }), where);
    expect(err).toMatchObject({ status: 502, code: 'HTTP_ERROR', message: 'Central Tickets answered 502 Bad Gateway.', body: '<h1>502 Bad Gateway</h1>' });
  });
});

describe('CentralTicketsError', () => {
  it('is an Error with a name, a stack and its cause', () => {
    const cause = new TypeError('fetch failed');
    const err = new CentralTicketsError({ status: 0, code: 'NETWORK_ERROR', message: 'Could not reach it.', cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('CentralTicketsError');
    expect(err.stack).toContain('CentralTicketsError');
    expect(err.cause).toBe(cause);
    expect(err.attempts).toBe(1);
    expect(String(err)).toBe('CentralTicketsError: Could not reach it.');
  });

  it('is recognised across copies of the SDK', () => {
    const err = new CentralTicketsError({ status: 404, code: 'NOT_FOUND', message: 'No such ticket.' });
    expect(isCentralTicketsError(err)).toBe(true);
    expect(isCentralTicketsError(err.with({ attempts: 2 }))).toBe(true);
    expect(isCentralTicketsError(new Error('x'))).toBe(false);
    expect(isCentralTicketsError(null)).toBe(false);
  });
});
