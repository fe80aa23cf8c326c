import { HttpStatus, Injectable } from '@nestjs/common';
import { ErrorCode, IDEMPOTENCY_KEY_MAX_LENGTH } from '@central-tickets/contracts';
import { safeEqual, sha256 } from '../core/crypto/tokens';
import type { TenantTx } from '../core/database/tenant-db';
import { AppException } from '../core/errors/app.exception';
import { IdempotencyRepository } from './idempotency.repository';

/** How long a key protects a request. */
export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

export interface IdempotentRequest {
  key: string;
  route: string;
  hash: Buffer;
}

export interface IdempotentResult<T> {
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/** JSON with object keys sorted: the same body in any key order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on POST: a retry with the same key and body gets the first answer again
 * (and does nothing); the same key with another body, or on another route, is a 409. Keys
 * live in the database, per tenant, for 24 hours, claimed in the transaction of the work.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly repo: IdempotencyRepository) {}

  /** The request's key and fingerprint, or null without the header; a 422 for a malformed key. */
  describe(header: string | undefined, route: string, body: unknown): IdempotentRequest | null {
    if (header === undefined) return null;
    if (!KEY_PATTERN.test(header)) {
      throw AppException.invalidField(
        IDEMPOTENCY_HEADER,
        `The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters (a UUID is a good choice).`,
      );
    }
    return { key: header, route, hash: sha256(`${route}\n${canonical(body)}`) };
  }

  async execute<T>(
    tx: TenantTx,
    request: IdempotentRequest | null,
    work: () => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    if (!request) return { body: await work(), replayed: false };
    const prior = await this.repo.claim(tx, request.key, request.route, request.hash, IDEMPOTENCY_TTL_HOURS);
    if (prior) {
      if (prior.route !== request.route || !safeEqual(prior.request_hash, request.hash)) {
        throw new AppException(
          HttpStatus.CONFLICT,
          ErrorCode.Conflict,
          'This Idempotency-Key was already used for a different request.',
          { details: 'Use a new key for each distinct request; reuse a key only to retry the same request.' },
        );
      }
      return { body: prior.response as T, replayed: true };
    }
    const body = await work();
    await this.repo.complete(tx, request.key, HttpStatus.CREATED, body);
    return { body, replayed: false };
  }
}
