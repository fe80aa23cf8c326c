import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { Required, Trim } from '../validation/decorators';
import { messages } from '../validation/messages';
import { API_TOKEN_SCOPES, type ApiTokenScope } from '../validation/rules';

export const API_TOKEN_NAME_MAX_LENGTH = 100;

/** A new API token. */
export class CreateApiTokenDto {
  /**
   * A name that says where the token is used.
   * @example "Zapier integration"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(API_TOKEN_NAME_MAX_LENGTH, { message: messages.maxLength(API_TOKEN_NAME_MAX_LENGTH) })
  name!: string;

  /**
   * What the token may do: `tickets:read`, `tickets:write`, `admin` (tenant settings).
   * @example ["tickets:read", "tickets:write"]
   */
  @Required()
  @IsArray({ message: messages.array })
  @ArrayMinSize(1, { message: messages.arrayMin(1) })
  @ArrayUnique({ message: (a) => `The ${a.property} field must not repeat a scope.` })
  @IsIn(API_TOKEN_SCOPES as unknown as string[], {
    each: true,
    message: messages.oneOf(API_TOKEN_SCOPES),
  })
  scopes!: ApiTokenScope[];
}

/** An API token as listed: never its secret. */
export class ApiTokenDto {
  /**
   * The token's id.
   * @example "7c9e6679-7425-40de-944b-e07fc1f90ae7"
   */
  id!: string;

  /**
   * Its name.
   * @example "Zapier integration"
   */
  name!: string;

  /**
   * Its scopes.
   * @example ["tickets:read", "tickets:write"]
   */
  scopes!: ApiTokenScope[];

  /**
   * The token's last four characters, to recognise it.
   * @example "x7Qa"
   */
  last_four!: string;

  /**
   * When it was created (ISO 8601).
   * @example "2026-11-21T08:00:00.000Z"
   */
  created_at!: string;

  /**
   * When it was last used (ISO 8601, to the minute), or null.
   * @example "2026-11-21T09:30:00.000Z"
   */
  last_used_at!: string | null;
}

/** A new API token: the only answer that contains its secret. */
export class CreatedApiTokenDto extends ApiTokenDto {
  /**
   * The token. Shown once: store it now.
   * @example "ct_3q2-7wEVR4a8mJ0Xk1b9Yc5Zl6nP0sT2uV4wX6yZ8aB0cD2eF4gH6iJ8kL0mN2oP4qR6sT8uV0w"
   */
  token!: string;
}
