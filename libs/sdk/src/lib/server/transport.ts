import { CentralTicketsError, errorFromResponse, noAnswerError } from '../errors.js';
import { type FetchLike, resolveFetch } from '../fetch.js';

/** Time, injected so tests move it instead of waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  maxRetries: number;
  /** Per attempt (default 30 s). */
  timeoutMs: number;
  /** The longest wait between attempts; a `Retry-After` asking for more ends the retries (default 60 s). */
  maxRetryDelayMs: number;
  /** The first backoff without `Retry-After`, doubled each attempt (default 500 ms). */
  baseDelayMs: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Call {
  method: HttpMethod;
  /** Starts with `/api/`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Sent as `Idempotency-Key`, the same on every attempt. */
  idempotencyKey?: string;
  /**
   * Whether sending the request twice is harmless, so a 502/503/504, a timeout or a network
   * error may be retried: GET, PUT, PATCH, DELETE, and POST with an idempotency key. A 429 is
   * retried for every request (the API refused it before doing anything).
   */
  repeatable: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

/** Whether the caller's signal ended the wait. */
const abortedBy = (signal: AbortSignal | undefined) => signal?.aborted === true;

/**
 * Sends tenant-API requests: the token, JSON in and out, a timeout per attempt, retries that
 * honour `Retry-After`, and every failure as a {@link CentralTicketsError}.
 */
export class Transport {
  private readonly fetch: FetchLike;

  constructor(
    private readonly baseUrl: string,
    private readonly apiToken: string,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly userAgent: string,
    fetch: FetchLike | undefined,
  ) {
    this.fetch = resolveFetch(fetch);
  }

  async request<T>(call: Call): Promise<T> {
    const url = this.url(call);
    const maxRetries = call.maxRetries ?? this.policy.maxRetries;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${this.apiToken}`,
      'User-Agent': this.userAgent,
    };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (call.idempotencyKey !== undefined) headers['Idempotency-Key'] = call.idempotencyKey;
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);

    for (let attempt = 1; ; attempt++) {
      if (abortedBy(call.signal)) throw call.signal?.reason;
      let outcome: { value: T } | { error: CentralTicketsError };
      try {
        outcome = await this.attempt<T>(url, { method: call.method, headers, body }, call);
      } catch (err) {
        throw err instanceof CentralTicketsError ? err.with({ attempts: attempt, idempotencyKey: call.idempotencyKey }) : err;
      }
      if ('value' in outcome) return outcome.value;
      const error = outcome.error.with({ attempts: attempt, idempotencyKey: call.idempotencyKey });
      const delay = attempt > maxRetries ? null : this.retryDelay(error, call, attempt);
      if (delay === null) throw error;
      await this.clock.sleep(delay, call.signal);
    }
  }

  /** How long to wait before the next attempt, or null when this failure is final. */
  private retryDelay(error: CentralTicketsError, call: Call, attempt: number): number | null {
    const rateLimited = error.status === 429;
    const transient = RETRY_STATUSES.has(error.status) || error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT';
    if (!rateLimited && !(transient && call.repeatable)) return null;
    if (error.retryAfter !== undefined) {
      const ms = error.retryAfter * 1000;
      // Waiting less than asked would only be refused again: give the caller the error (and its retryAfter).
      return ms > this.policy.maxRetryDelayMs ? null : ms;
    }
    const backoff = Math.min(this.policy.maxRetryDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(backoff * (0.5 + this.random() * 0.5));
  }

  /** One exchange, the answer's body included, under the attempt's timeout. */
  private async attempt<T>(
    url: string,
    init: { method: HttpMethod; headers: Record<string, string>; body: string | undefined },
    call: Call,
  ): Promise<{ value: T } | { error: CentralTicketsError }> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, call.timeoutMs ?? this.policy.timeoutMs);
    const onAbort = () => controller.abort(call.signal?.reason);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.fetch(url, { ...init, signal: controller.signal });
      if (!response.ok) return { error: await errorFromResponse(response, { method: init.method, url, now: this.clock.now() }) };
      return { value: await this.read<T>(response, { method: init.method, url }) };
    } catch (err) {
      if (err instanceof CentralTicketsError) throw err;
      if (abortedBy(call.signal)) throw call.signal?.reason ?? err;
      return { error: noAnswerError(err, { method: init.method, url, timedOut }) };
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async read<T>(response: Response, where: { method: string; url: string }): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new CentralTicketsError({
        status: response.status,
        code: 'INVALID_RESPONSE',
        message: `Central Tickets answered ${response.status} with a body that is not JSON.`,
        correlationId: response.headers.get('X-Correlation-Id') ?? undefined,
        ...where,
        body: text.slice(0, 1000),
        cause,
      });
    }
  }

  private url(call: Call): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) params.append(key, value);
    }
    const query = params.toString();
    return `${this.baseUrl}${call.path}${query ? `?${query}` : ''}`;
  }
}
