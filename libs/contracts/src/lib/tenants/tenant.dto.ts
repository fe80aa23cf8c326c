import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOriginList, Optional, Required, Trim } from '../validation/decorators';
import { messages } from '../validation/messages';
import {
  ALLOWED_ORIGINS_MAX,
  JWT_SECRET_GRACE_HOURS_MAX,
  NAME_MAX_LENGTH,
  REDIRECT_AUTH_MODES,
  type RedirectAuthMode,
} from '../validation/rules';

/** A custom domain as the tenant's public information shows it. */
export class TenantDomainSummaryDto {
  /**
   * The host name.
   * @example "help.acme.example"
   */
  hostname!: string;

  /**
   * Whether the DNS TXT record has been checked. Unverified domains get no tokens or redirects.
   * @example false
   */
  verified!: boolean;
}

/** A tenant and its settings. */
export class TenantDto {
  /**
   * The tenant's id.
   * @example "0b5a3f1e-2c4d-4e6f-8a9b-0c1d2e3f4a5b"
   */
  id!: string;

  /**
   * The tenant's slug: its portal is `{slug}.{TENANT_BASE_DOMAIN}`.
   * @example "acme"
   */
  slug!: string;

  /**
   * The display name.
   * @example "Acme Inc."
   */
  name!: string;

  /**
   * The tenant's portal origin.
   * @example "https://acme.tickets.example.com"
   */
  portal_url!: string;

  /** The tenant's custom domains. */
  domains!: TenantDomainSummaryDto[];

  /**
   * Origins (`scheme://host[:port]`) allowed to send users in by the redirect flow and to
   * call the API from a browser (CORS).
   * @example ["https://www.acme.example"]
   */
  allowed_origins!: string[];

  /**
   * Who may post `email`/`name` to the authentication redirect: `origin` (browsers on an
   * allowed origin, or callers with the API token), `signed` (a JWT signed with the tenant
   * secret, or the API token), `open` (anyone).
   * @example "origin"
   */
  redirect_auth!: RedirectAuthMode;

  /**
   * When on, the test endpoints answer for this tenant in production too.
   * @example false
   */
  test_mode!: boolean;

  /**
   * Hours the previous JWT secret stays valid after a rotation.
   * @example 24
   */
  jwt_secret_grace_hours!: number;

  /**
   * When the tenant signed up (ISO 8601).
   * @example "2026-11-21T08:00:00.000Z"
   */
  created_at!: string;
}

/** Changes to the tenant's settings; every field is optional. */
export class UpdateTenantDto {
  /**
   * The display name.
   * @example "Acme Corporation"
   */
  @Optional()
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  name?: string;

  /**
   * The complete list of allowed origins (it replaces the current one): exact origins,
   * `scheme://host[:port]`, no paths; at most 50.
   * @example ["https://www.acme.example", "http://localhost:8080"]
   */
  @Optional()
  @IsArray({ message: messages.array })
  @ArrayMaxSize(ALLOWED_ORIGINS_MAX, { message: messages.arrayMax(ALLOWED_ORIGINS_MAX) })
  @IsOriginList()
  allowed_origins?: string[];

  /**
   * The redirect trust mode: `origin`, `signed` or `open`.
   * @example "signed"
   */
  @Optional()
  @IsIn(REDIRECT_AUTH_MODES as unknown as string[], {
    message: messages.oneOf(REDIRECT_AUTH_MODES),
  })
  redirect_auth?: RedirectAuthMode;

  /**
   * Turns the test endpoints on for this tenant, in production too.
   * @example true
   */
  @Optional()
  @IsBoolean({ message: messages.boolean })
  test_mode?: boolean;

  /**
   * Hours (0–720) the previous JWT secret stays valid after a rotation.
   * @example 48
   */
  @Optional()
  @IsInt({ message: messages.integer })
  @Min(0, { message: messages.between(0, JWT_SECRET_GRACE_HOURS_MAX) })
  @Max(JWT_SECRET_GRACE_HOURS_MAX, { message: messages.between(0, JWT_SECRET_GRACE_HOURS_MAX) })
  jwt_secret_grace_hours?: number;
}

/** A new JWT secret. Shown once; the previous secret stays valid for the grace period. */
export class RotatedJwtSecretDto {
  /**
   * The new secret. Sign login JWTs with it (HS256).
   * @example "Vb9x2nQ7mK4pR1tY8wE3zA6cF0hJ5lN2sU7vX9yB1dG"
   */
  jwt_secret!: string;

  /**
   * The new secret's key id (for the JWT `kid` header).
   * @example "k_4b7d9e2f"
   */
  kid!: string;

  /**
   * The previous secret's key id, when there was one.
   * @example "k_9f2c4e1a"
   */
  previous_kid!: string | null;

  /**
   * Until when the previous secret is still accepted (ISO 8601), or null when it is refused now.
   * @example "2026-11-22T08:00:00.000Z"
   */
  previous_valid_until!: string | null;
}
