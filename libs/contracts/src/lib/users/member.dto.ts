import { IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional, Required, Trim, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  STAFF_ROLES,
  type StaffRole,
} from '../validation/rules';
import { UserSummaryDto } from './user-summary.dto';

/** Invitation links are 43 characters (32 random bytes, base64url); longer input is not one. */
const INVITATION_TOKEN_MAX_LENGTH = 100;

/** An agent or admin of the console, as the team page lists them. */
export class MemberDto extends UserSummaryDto {
  /**
   * `admin` (everything, settings included) or `agent` (tickets).
   * @example "agent"
   */
  role!: StaffRole;

  /**
   * False once deactivated: they cannot sign in, their sessions are ended and tickets can no longer be assigned to them.
   * @example true
   */
  active!: boolean;

  /**
   * Their last sign-in, or null if they never signed in.
   * @example "2026-11-21T08:00:00.000Z"
   */
  last_login_at!: string | null;

  /**
   * When they joined.
   * @example "2026-11-01T08:00:00.000Z"
   */
  created_at!: string;
}

/** A change to a member: their role, or whether they may sign in. */
export class UpdateMemberDto {
  /**
   * The new role: `admin` or `agent`.
   * @example "admin"
   */
  @Optional()
  @IsIn(STAFF_ROLES as unknown as string[], { message: messages.oneOf(STAFF_ROLES) })
  role?: StaffRole;

  /**
   * False deactivates the member (their sessions end at once); true lets them back in.
   * @example false
   */
  @Optional()
  @IsBoolean({ message: messages.boolean })
  active?: boolean;
}

/** An invitation to join the console. */
export class CreateInvitationDto {
  /**
   * Who is invited. They choose their password by following the invitation link.
   * @example "grace@acme.example"
   */
  @Required()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  email!: string;

  /**
   * Their name (they may change it when they accept).
   * @example "Grace Hopper"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  name!: string;

  /**
   * The role they will have: `admin` or `agent`.
   * @example "agent"
   */
  @Required()
  @IsIn(STAFF_ROLES as unknown as string[], { message: messages.oneOf(STAFF_ROLES) })
  role!: StaffRole;
}

/** An invitation not yet accepted. */
export class InvitationDto {
  /**
   * The invitation's id.
   * @example "0b6f1c9e-3a4d-4e8f-9b2a-6c7d8e9f0a1b"
   */
  id!: string;

  /**
   * The invited address.
   * @example "grace@acme.example"
   */
  email!: string;

  /**
   * The invited person's name.
   * @example "Grace Hopper"
   */
  name!: string;

  /**
   * The role they will have.
   * @example "agent"
   */
  role!: StaffRole;

  /** Who sent it; null when it was sent with an API token. */
  invited_by!: UserSummaryDto | null;

  /**
   * When it was sent.
   * @example "2026-11-21T08:00:00.000Z"
   */
  created_at!: string;

  /**
   * When the link stops working (7 days after it was sent).
   * @example "2026-11-28T08:00:00.000Z"
   */
  expires_at!: string;
}

/** A new invitation, with its link. The link is in this answer only: send it to the person now. */
export class CreatedInvitationDto extends InvitationDto {
  /**
   * The link that lets the person choose a password and join, on the tenant's portal. Single use.
   * @example "https://acme.tickets.example.com/invitation#Yk3n0cF1Qm8yZ2R4bW5wcXJzdHV2d3h5ejAxMjM0NTY"
   */
  url!: string;
}

/** The secret part of an invitation link (what follows `#`). */
export class InvitationTokenDto {
  /**
   * The token from the invitation link.
   * @example "Yk3n0cF1Qm8yZ2R4bW5wcXJzdHV2d3h5ejAxMjM0NTY"
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(INVITATION_TOKEN_MAX_LENGTH, { message: messages.maxLength(INVITATION_TOKEN_MAX_LENGTH) })
  token!: string;
}

/** What an invitation link is for, shown before the person accepts it. */
export class InvitationPreviewDto {
  /**
   * The invited address (the account's email).
   * @example "grace@acme.example"
   */
  email!: string;

  /**
   * The name the inviter gave.
   * @example "Grace Hopper"
   */
  name!: string;

  /**
   * The role they will have.
   * @example "agent"
   */
  role!: StaffRole;

  /**
   * The help desk they are joining.
   * @example "Acme Inc."
   */
  tenant_name!: string;

  /**
   * When the link stops working.
   * @example "2026-11-28T08:00:00.000Z"
   */
  expires_at!: string;
}

/** Accepting an invitation: the person's name and the password they chose. */
export class AcceptInvitationDto extends InvitationTokenDto {
  /**
   * Their name as agents and requesters will see it.
   * @example "Grace Hopper"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  name!: string;

  /**
   * The console password they chose, 12–256 characters. Stored only as an Argon2id hash.
   * @example "correct horse battery staple"
   */
  @Required()
  @IsString({ message: messages.string })
  @MinLength(PASSWORD_MIN_LENGTH, { message: messages.minLength(PASSWORD_MIN_LENGTH) })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: messages.maxLength(PASSWORD_MAX_LENGTH) })
  password!: string;
}
