import type { ErrorEnvelope } from './types.js';

/** The machine-readable codes of the API's error envelope (CONTRACT.md, "Errors"). */
export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_API_TOKEN'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REPLAYED'
  | 'UNAUTHENTICATED'
  | 'DOMAIN_NOT_VERIFIED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'SIGNATURE_REQUIRED'
  | 'FORBIDDEN'
  | 'TENANT_NOT_FOUND'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'VALIDATION_FAILED'
  | 'RATE_LIMITED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

/**
 * Codes the SDK gives failures that have no envelope: the request never got an answer
 * (`NETWORK_ERROR`, `TIMEOUT`); a success whose body is not what the API sends
 * (`INVALID_RESPONSE`); an error status without the envelope and without a code of its own,
 * e.g. a proxy's 502 page (`HTTP_ERROR`).
 */
export type SdkErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'INVALID_RESPONSE' | 'HTTP_ERROR';

// `string & {}` keeps autocompletion of the known codes while accepting codes added later.
export type CentralTicketsErrorCode = ApiErrorCode | SdkErrorCode | (string & {});

export interface CentralTicketsErrorInit {
  /** The HTTP status; 0 when there was no answer. */
  status: number;
  code: CentralTicketsErrorCode;
  message: string;
  error?: string;
  details?: string;
  errors?: Record<string, string[]>;
  retryAfter?: number;
  correlationId?: string;
  method?: string;
  url?: string;
  attempts?: number;
  idempotencyKey?: string;
  body?: unknown;
  cause?: unknown;
}

const BRAND = Symbol.for('central-tickets.sdk.error');

/**
 * Every failure of a Central Tickets call: an error answer of the API (its envelope, field by
 * field), or a request that got no usable answer (status 0, `NETWORK_ERROR` or `TIMEOUT`).
 */
export class CentralTicketsError extends Error {
  override readonly name = 'CentralTicketsError';
  /** The HTTP status; 0 when there was no answer (network error, timeout, CORS refusal). */
  readonly status: number;
  /** The envelope's `code` (`VALIDATION_FAILED`, `RATE_LIMITED`, …) or one of {@link SdkErrorCode}. */
  readonly code: CentralTicketsErrorCode;
  /** The envelope's short reason (`Unprocessable Entity`). */
  readonly error?: string;
  /** More about what went wrong, when the API had more to say. */
  readonly details?: string;
  /** For 422 answers: each invalid field with its messages. */
  readonly errors?: Record<string, string[]>;
  /** For 429 (and some 503) answers: seconds to wait before trying again. */
  readonly retryAfter?: number;
  /** The request's id in the API's logs (`X-Correlation-Id`): quote it to support. */
  readonly correlationId?: string;
  /** The request that failed (never its credentials). */
  readonly method?: string;
  readonly url?: string;
  /** How many times the request was sent (1 when it was not retried). */
  readonly attempts: number;
  /**
   * The `Idempotency-Key` the request carried: retry later with the same key, and the API will
   * not create a second ticket if the first attempt did go through.
   */
  readonly idempotencyKey?: string;
  /** The parsed answer body, when there was one. */
  readonly body?: unknown;

  constructor(init: CentralTicketsErrorInit) {
    super(init.message);
    // Set by hand rather than with ES2022's `{ cause }` option, so the sources also compile for
    // consumers whose TypeScript `lib` is older (in this monorepo, tsconfig.base.json's es2020).
    if (init.cause !== undefined) Object.defineProperty(this, 'cause', { value: init.cause, writable: true, configurable: true });
    this.status = init.status;
    this.code = init.code;
    this.error = init.error;
    this.details = init.details;
    this.errors = init.errors;
    this.retryAfter = init.retryAfter;
    this.correlationId = init.correlationId;
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts ?? 1;
    this.idempotencyKey = init.idempotencyKey;
    this.body = init.body;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The same error, with what only the caller knows (attempts, the idempotency key). */
  with(extra: Partial<Pick<CentralTicketsErrorInit, 'attempts' | 'idempotencyKey' | 'method' | 'url'>>): CentralTicketsError {
    return new CentralTicketsError({ ...this.init(), ...extra });
  }

  private init(): CentralTicketsErrorInit {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      error: this.error,
      details: this.details,
      errors: this.errors,
      retryAfter: this.retryAfter,
      correlationId: this.correlationId,
      method: this.method,
      url: this.url,
      attempts: this.attempts,
      idempotencyKey: this.idempotencyKey,
      body: this.body,
      cause: (this as { cause?: unknown }).cause,
    };
  }
}

/** Whether `value` is a {@link CentralTicketsError}, even one from another copy of the SDK. */
export function isCentralTicketsError(value: unknown): value is CentralTicketsError {
  return value instanceof CentralTicketsError || (typeof value === 'object' && value !== null && BRAND in value);
}

/** The code the API gives a status when the body says nothing (mirrors the API's own filter). */
const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function fieldErrors(value: unknown): Record<string, string[]> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) out[field] = messages.map(String);
    else if (typeof messages === 'string') out[field] = [messages];
  }
  return out;
}

/**
 * `Retry-After` in seconds: delta-seconds, or an HTTP date measured against `now` (ms).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date names its day and month ("Sat, 21 Nov 2026 08:00:30 GMT"); anything else is noise.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Reads an error answer into a {@link CentralTicketsError}; a body that is not the envelope still gives one. */
export async function errorFromResponse(
  response: Pick<Response, 'status' | 'statusText' | 'headers' | 'text'>,
  request: { method: string; url: string; now: number },
): Promise<CentralTicketsError> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // An unreadable body: the status still says what happened.
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const headerRetry = parseRetryAfter(response.headers.get('Retry-After'), request.now);
  const headerCorrelation = response.headers.get('X-Correlation-Id') ?? undefined;
  const envelope = isRecord(parsed) && (typeof parsed['message'] === 'string' || typeof parsed['code'] === 'string')
    ? (parsed as Partial<ErrorEnvelope>)
    : undefined;
  const fallbackCode: CentralTicketsErrorCode = CODE_BY_STATUS[response.status] ?? 'HTTP_ERROR';
  const bodyRetry = typeof envelope?.retry_after === 'number' ? envelope.retry_after : undefined;
  return new CentralTicketsError({
    status: response.status,
    code: typeof envelope?.code === 'string' && envelope.code ? envelope.code : fallbackCode,
    message:
      typeof envelope?.message === 'string' && envelope.message
        ? envelope.message
        : `Central Tickets answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    error: typeof envelope?.error === 'string' ? envelope.error : undefined,
    details: typeof envelope?.details === 'string' ? envelope.details : undefined,
    errors: fieldErrors(envelope?.errors),
    retryAfter: headerRetry ?? bodyRetry,
    correlationId: (typeof envelope?.correlation_id === 'string' ? envelope.correlation_id : undefined) ?? headerCorrelation,
    method: request.method,
    url: request.url,
    body: parsed ?? (text || undefined),
  });
}

/** A request that got no answer: the network failed, the browser refused it (CORS), or it timed out. */
export function noAnswerError(
  cause: unknown,
  request: { method: string; url: string; timedOut?: boolean; hint?: string },
): CentralTicketsError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CentralTicketsError({
    status: 0,
    code: request.timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    message: request.timedOut
      ? `Central Tickets did not answer ${request.method} ${request.url} in time.`
      : `Could not reach Central Tickets (${request.method} ${request.url}): ${reason}.${request.hint ? ` ${request.hint}` : ''}`,
    method: request.method,
    url: request.url,
    cause,
  });
}
