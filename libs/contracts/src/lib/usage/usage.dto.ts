import { IsInt, Max, Min } from 'class-validator';
import { Optional, ToInt } from '../validation/decorators';
import { messages } from '../validation/messages';

export const USAGE_DAYS_MAX = 90;

/** The period `GET /api/tenant/usage` covers. */
export class UsageQueryDto {
  /**
   * How many days, ending today (UTC), 1–90.
   * @example 30
   */
  @Optional()
  @ToInt()
  @IsInt({ message: messages.integer })
  @Min(1, { message: messages.between(1, USAGE_DAYS_MAX) })
  @Max(USAGE_DAYS_MAX, { message: messages.between(1, USAGE_DAYS_MAX) })
  days?: number;
}

/** One day of API use. */
export class UsageDayDto {
  /**
   * The day (UTC).
   * @example "2026-11-21"
   */
  day!: string;

  /**
   * Requests made with the tenant's API tokens.
   * @example 1250
   */
  requests!: number;

  /**
   * Of those, answered with a 4xx or 5xx.
   * @example 12
   */
  errors!: number;

  /**
   * Requests refused by a rate limit (429) on the tenant's sign-in endpoints, from the security log.
   * @example 0
   */
  rate_limited!: number;
}

/** Requests of one endpoint group with one class of status over the period. */
export class UsageGroupDto {
  /**
   * What the requests were about: `tickets`, `categories`, `agents`, `tenant`, `tenant.api-tokens`, …
   * @example "tickets"
   */
  group!: string;

  /**
   * `2xx`, `3xx`, `4xx` or `5xx`.
   * @example "2xx"
   */
  status_class!: string;

  /**
   * How many.
   * @example 1200
   */
  requests!: number;
}

/** When an API token was last used. */
export class TokenUsageDto {
  /**
   * The token's id.
   * @example "0b6f1c9e-3a4d-4e8f-9b2a-6c7d8e9f0a1b"
   */
  id!: string;

  /**
   * Its name.
   * @example "CRM sync"
   */
  name!: string;

  /**
   * Its last four characters.
   * @example "x9Qz"
   */
  last_four!: string;

  /**
   * Its last use (to the minute), or null if never used.
   * @example "2026-11-21T08:00:00.000Z"
   */
  last_used_at!: string | null;
}

/** The tenant's API use over a period. */
export class UsageDto {
  /**
   * Every day of the period, oldest first (days without requests included).
   */
  days!: UsageDayDto[];

  /** Totals by endpoint group and status class, most requests first. */
  groups!: UsageGroupDto[];

  /** The active API tokens, most recently used first. */
  tokens!: TokenUsageDto[];
}
