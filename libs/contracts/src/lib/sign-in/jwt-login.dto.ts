import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional, Required, Trim } from '../validation/decorators';
import { messages } from '../validation/messages';
import { LOGIN_TOKEN_MAX_LENGTH, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../validation/rules';

/** A login JWT your server signed, exchanged for a portal session. */
export class JwtLoginDto {
  /**
   * HS256 JWT signed with your tenant's JWT secret. Claims: `email`, `name`, `iat`, `exp`
   * (at most 120 s after `iat`) required; `jti`, `external_id`, `redirect_url`, `aud` optional.
   * @example "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InVzZXJAZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl"
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(LOGIN_TOKEN_MAX_LENGTH, { message: messages.maxLength(LOGIN_TOKEN_MAX_LENGTH) })
  token!: string;

  /**
   * Your tenant's slug. Required on the platform host; on your portal host it may be left out.
   * @example "acme"
   */
  @Optional()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(SLUG_MAX_LENGTH, { message: messages.maxLength(SLUG_MAX_LENGTH) })
  @Matches(SLUG_PATTERN, { message: messages.format })
  tenant_slug?: string;
}

/** The signed-in user, as the sign-in answers show it. */
export class SignedInUserDto {
  /**
   * The user's id.
   * @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d"
   */
  id!: string;
  /**
   * The user's email address.
   * @example "user@example.com"
   */
  email!: string;
  /**
   * The user's name.
   * @example "John Doe"
   */
  name!: string;
}

export class JwtLoginResponseDto {
  /**
   * Always true here; failures answer `success: false` with the error envelope.
   * @example true
   */
  success!: boolean;

  /**
   * Send the browser here: a one-time portal URL (valid 120 s) that signs the user in.
   * @example "https://acme.tickets.example.com/auth/callback?token=v1.dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu"
   */
  redirect_url!: string;

  /** The user, created or updated from the token's claims. */
  user!: SignedInUserDto;
}
