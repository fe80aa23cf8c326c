import { IsEmail, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim, TrimLower, Required, IsNotReservedSlug } from '../validation/decorators';
import { messages } from '../validation/messages';
import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  SLUG_MAX_LENGTH,
  SLUG_MIN_LENGTH,
  SLUG_PATTERN,
  isReservedSlug,
} from '../validation/rules';
import { TenantDto } from './tenant.dto';

/** A new tenant with its first admin. */
export class SignupDto {
  /**
   * The company's display name.
   * @example "Acme Inc."
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  tenant_name!: string;

  /**
   * The tenant's unique identifier, used in URLs and portal host names: 3–40 characters
   * of `a-z`, `0-9` and single hyphens, starting and ending with a letter or digit.
   * @example "acme"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @Length(SLUG_MIN_LENGTH, SLUG_MAX_LENGTH, {
    message: (a) =>
      `The ${a.property.replace(/_/g, ' ')} field must be between ${SLUG_MIN_LENGTH} and ${SLUG_MAX_LENGTH} characters.`,
  })
  @Matches(SLUG_PATTERN, {
    message:
      'The tenant slug field may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit.',
  })
  @IsNotReservedSlug(isReservedSlug)
  tenant_slug!: string;

  /**
   * The first admin's email address; they sign in to the console with it.
   * @example "owner@acme.example"
   */
  @Required()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  admin_email!: string;

  /**
   * The first admin's name.
   * @example "Ada Lovelace"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  admin_name!: string;

  /**
   * The first admin's console password, 12–256 characters. Stored only as an Argon2id hash.
   * @example "correct horse battery staple"
   */
  @Required()
  @IsString({ message: messages.string })
  @MinLength(PASSWORD_MIN_LENGTH, { message: messages.minLength(PASSWORD_MIN_LENGTH) })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: messages.maxLength(PASSWORD_MAX_LENGTH) })
  admin_password!: string;
}

/** The new tenant, with its two secrets. Both are shown here once and never again. */
export class SignupResponseDto {
  /** The tenant. */
  tenant!: TenantDto;

  /**
   * The tenant's portal, where its users and agents land.
   * @example "https://acme.tickets.example.com"
   */
  portal_url!: string;

  /**
   * An API token with every scope. Shown once: store it now.
   * @example "ct_3q2-7wEVR4a8mJ0Xk1b9Yc5Zl6nP0sT2uV4wX6yZ8aB0cD2eF4gH6iJ8kL0mN2oP4qR6sT8uV0w"
   */
  api_token!: string;

  /**
   * The secret that signs login JWTs (HS256). Shown once: keep it on your servers only.
   * @example "4mT1yV9qX2wZ7bN5cR8eH3jK6pL0sD4fG7hJ2kM5nQ8r"
   */
  jwt_secret!: string;

  /**
   * The key id of `jwt_secret`, for the JWT `kid` header when you hold several secrets.
   * @example "k_9f2c4e1a"
   */
  jwt_secret_kid!: string;
}
