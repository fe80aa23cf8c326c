import { IsEmail, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Optional, Required, Trim, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, REDIRECT_URL_MAX_LENGTH, LOGIN_TOKEN_MAX_LENGTH } from '../validation/rules';

/** `email`/`name` are required unless a signed `token` carries them. */
const unlessSigned = () => ValidateIf((o: AuthRedirectDto) => o.token === undefined || o.token === null);

/**
 * Signs a user of your app in to your portal. JSON or an HTML form post
 * (`application/x-www-form-urlencoded`). Send `email` and `name`, or a `token` signed with your
 * tenant's JWT secret (required when the tenant's `redirect_auth` is `signed`).
 */
export class AuthRedirectDto {
  /**
   * The user's email address (compared case-insensitively).
   * @example "user@example.com"
   */
  @unlessSigned()
  @Required()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  email?: string;

  /**
   * The user's full name.
   * @example "John Doe"
   */
  @unlessSigned()
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MinLength(1, { message: messages.required })
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  name?: string;

  /**
   * Where the user lands once signed in: an absolute http(s) URL on one of your verified
   * domains, allowed origins or your portal. Default: the portal's `/dashboard`.
   * @example "https://ticket.yourcompany.com/dashboard"
   */
  @Optional()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(REDIRECT_URL_MAX_LENGTH, { message: messages.maxLength(REDIRECT_URL_MAX_LENGTH) })
  redirect_url?: string;

  /**
   * A login JWT (HS256, signed with your tenant's JWT secret, claims as for `POST /api/jwt/login`)
   * instead of `email` and `name`.
   * @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InVzZXJAZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl"
   */
  @Optional()
  @IsString({ message: messages.string })
  @MaxLength(LOGIN_TOKEN_MAX_LENGTH, { message: messages.maxLength(LOGIN_TOKEN_MAX_LENGTH) })
  token?: string;
}

/** The test endpoint's answer: what the 302 would carry. */
export class TestRedirectResponseDto {
  /**
   * The portal callback the user would be sent to.
   * @example "https://acme.tickets.example.com/auth/callback?token=v1.dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu"
   */
  redirect_url!: string;

  /**
   * The one-time token alone.
   * @example "v1.dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu"
   */
  token!: string;

  /**
   * Seconds until the token expires.
   * @example 120
   */
  expires_in!: number;

  /**
   * When the token expires.
   * @example "2026-11-21T10:02:00.000Z"
   */
  expires_at!: string;
}
