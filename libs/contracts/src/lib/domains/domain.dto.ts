import { IsString, Matches } from 'class-validator';
import { Required, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import { HOSTNAME_PATTERN } from '../validation/rules';

/** A custom domain to add. */
export class CreateDomainDto {
  /**
   * A host name the tenant controls, without scheme, port or path.
   * @example "help.acme.example"
   */
  @Required()
  @IsString({ message: messages.string })
  @TrimLower()
  @Matches(HOSTNAME_PATTERN, {
    message: 'The hostname field must be a host name such as help.example.com (no scheme, port or path).',
  })
  hostname!: string;
}

/** The DNS record that proves control of a domain. */
export class DnsTxtRecordDto {
  /**
   * The record's name.
   * @example "_central-tickets.help.acme.example"
   */
  name!: string;

  /**
   * Always `TXT`.
   * @example "TXT"
   */
  type!: string;

  /**
   * The record's value.
   * @example "ct-verify=0f3b9c2d7e1a4f6b8c0d2e4f6a8b0c1d"
   */
  value!: string;
}

/** A tenant's custom domain. */
export class DomainDto {
  /**
   * The domain's id.
   * @example "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
   */
  id!: string;

  /**
   * The host name.
   * @example "help.acme.example"
   */
  hostname!: string;

  /**
   * Whether the TXT record was found.
   * @example false
   */
  verified!: boolean;

  /**
   * When it was verified (ISO 8601), or null.
   * @example "2026-11-21T08:05:00.000Z"
   */
  verified_at!: string | null;

  /**
   * When the TXT record was last looked up (ISO 8601), found or not; null before the first check.
   * @example "2026-11-21T08:05:00.000Z"
   */
  last_checked_at!: string | null;

  /** The TXT record to create at your DNS provider. */
  txt_record!: DnsTxtRecordDto;

  /**
   * When it was added (ISO 8601).
   * @example "2026-11-21T08:00:00.000Z"
   */
  created_at!: string;
}
