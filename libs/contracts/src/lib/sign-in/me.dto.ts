import { IsEmail, IsString, MaxLength } from 'class-validator';
import { Required, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, type SignInMethod, type UserRole } from '../validation/rules';

export class MeUserDto {
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
  /**
   * `admin`, `agent` or `requester`.
   * @example "requester"
   */
  role!: UserRole;
}

export class MeTenantDto {
  /**
   * The tenant's id.
   * @example "5f0c3a0e-8a7e-4c1e-9d6b-2b5f2f9b8c11"
   */
  id!: string;
  /**
   * The tenant's slug.
   * @example "acme"
   */
  slug!: string;
  /**
   * The tenant's name.
   * @example "Acme Inc."
   */
  name!: string;
}

/** The session's user and tenant. */
export class MeDto {
  /** The signed-in user. */
  user!: MeUserDto;
  /** The tenant of this portal. */
  tenant!: MeTenantDto;
  /**
   * Send this as the `X-CSRF-Token` header on every state-changing request of this session.
   * @example "Yk3n0cF1Qm8yZ2R4bW5wcXJzdHV2d3h5ejAxMjM0NTY"
   */
  csrf_token!: string;
  /**
   * How the session began: `password` (the console's sign-in; staff powers need it), or
   * `redirect` / `jwt` (vouched for by the company's app).
   * @example "redirect"
   */
  auth_method!: SignInMethod;

  /**
   * When the session ends at the latest (it ends earlier after a long idle period).
   * @example "2026-11-21T22:00:00.000Z"
   */
  expires_at!: string;
}

/** An agent's or admin's console sign-in on the portal. */
export class PasswordLoginDto {
  /**
   * The agent's email address.
   * @example "owner@acme.example"
   */
  @Required()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  email!: string;

  /**
   * The agent's console password.
   * @example "correct horse battery staple"
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: messages.maxLength(PASSWORD_MAX_LENGTH) })
  password!: string;
}
