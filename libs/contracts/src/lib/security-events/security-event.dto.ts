import { IsIn, IsString, MaxLength } from 'class-validator';
import { PageInfo, PageQueryDto } from '../pagination/page.dto';
import { CommaList, Optional, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import { EMAIL_MAX_LENGTH, SECURITY_EVENT_KINDS, type SecurityEventKind } from '../validation/rules';

/** One entry of the tenant's security log. Never holds a secret or a token. */
export class SecurityEventDto {
  /**
   * The event's id.
   * @example "0b6f3c1e-6a55-4f0e-9a39-5d2a8f0e7c41"
   */
  id!: string;
  /**
   * What happened: `login_succeeded`, `login_failed`, `token_replayed`, `origin_refused`,
   * `rate_limited`, `jwt_secret_rotated`, `logout`, `domain_verified`.
   * @example "login_failed"
   */
  kind!: SecurityEventKind;
  /**
   * The sign-in method concerned: `redirect`, `jwt`, `password`, or null.
   * @example "jwt"
   */
  method!: string | null;
  /**
   * The error code answered, for failures.
   * @example "TOKEN_EXPIRED"
   */
  code!: string | null;
  /**
   * The user concerned, when known.
   * @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d"
   */
  user_id!: string | null;
  /**
   * The email address the request named, when it named one.
   * @example "user@example.com"
   */
  email!: string | null;
  /**
   * The client IP (the socket's, or `X-Forwarded-For` behind a trusted proxy).
   * @example "203.0.113.7"
   */
  ip!: string | null;
  /**
   * The client's `User-Agent`, cut to 512 characters.
   * @example "Mozilla/5.0 (X11; Linux x86_64)"
   */
  user_agent!: string | null;
  /**
   * The `Origin` the request came from, when it matters (refused origins).
   * @example "https://evil.example"
   */
  origin!: string | null;
  /**
   * The request's correlation id: the same as in its answer and log lines.
   * @example "9f1c2b3a-4d5e-4f60-8a7b-1c2d3e4f5a6b"
   */
  correlation_id!: string | null;
  /**
   * A human sentence with more detail.
   * @example "The token expired at 2026-11-21T10:02:00.000Z."
   */
  details!: string | null;
  /**
   * When it happened.
   * @example "2026-11-21T10:00:00.000Z"
   */
  created_at!: string;
}

export class SecurityEventPageDto extends PageInfo {
  /** Newest first. */
  data!: SecurityEventDto[];
}

/** Paging and filters of `GET /api/tenant/security-events`. */
export class ListSecurityEventsQueryDto extends PageQueryDto {
  /**
   * Only these kinds, comma-separated.
   * @example "login_failed,token_replayed"
   */
  @Optional()
  @CommaList()
  @IsIn(SECURITY_EVENT_KINDS as unknown as string[], { each: true, message: messages.oneOf(SECURITY_EVENT_KINDS) })
  kind?: SecurityEventKind[];

  /**
   * Only events about this email address (ignoring case).
   * @example "jane@customer.example"
   */
  @Optional()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  email?: string;
}
