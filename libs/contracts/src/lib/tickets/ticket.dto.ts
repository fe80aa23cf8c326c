import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { CategorySummaryDto } from '../categories/category-summary.dto';
import { PageInfo } from '../pagination/page.dto';
import { UserSummaryDto } from '../users/user-summary.dto';
import { NormalizeTags, Optional, Required, Trim, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import {
  COMMENT_BODY_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TAGS_MAX,
  TICKET_DESCRIPTION_MAX_LENGTH,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TITLE_MAX_LENGTH,
  type TicketPriority,
  type TicketSource,
  type TicketStatus,
} from '../validation/rules';

const tagMessage = `Each tag must be a text of 1 to ${TAG_MAX_LENGTH} characters.`;

/** A ticket a signed-in requester opens on the portal (they are its requester); the fields every new ticket has. */
export class PortalTicketDto {
  /**
   * A short summary, up to 200 characters.
   * @example "Support Request"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(TICKET_TITLE_MAX_LENGTH, { message: messages.maxLength(TICKET_TITLE_MAX_LENGTH) })
  title!: string;

  /**
   * What the requester needs, up to 50,000 characters.
   * @example "I need help with..."
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(TICKET_DESCRIPTION_MAX_LENGTH, { message: messages.maxLength(TICKET_DESCRIPTION_MAX_LENGTH) })
  description!: string;

  /**
   * `low`, `medium` (the default), `high` or `urgent`.
   * @example "medium"
   */
  @Optional()
  @IsIn(TICKET_PRIORITIES as unknown as string[], { message: messages.oneOf(TICKET_PRIORITIES) })
  priority?: TicketPriority;

  /**
   * A category of this tenant.
   * @example "8d3c2a1b-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
   */
  @IsOptional()
  @IsUUID('all', { message: messages.uuid })
  category_id?: string | null;
}

/** A new ticket. */
export class CreateTicketDto extends PortalTicketDto {
  /**
   * Who the ticket is for. A user of the tenant is created for a new address (compared
   * without regard to case).
   * @example "jane@customer.example"
   */
  @Optional()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  requester_email?: string;

  /**
   * The requester's name, used when the requester is new.
   * @example "Jane Doe"
   */
  @Optional()
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(NAME_MAX_LENGTH, { message: messages.maxLength(NAME_MAX_LENGTH) })
  requester_name?: string;

  /**
   * Up to 20 tags of 1–50 characters; stored trimmed and lower-cased.
   * @example ["billing", "vip"]
   */
  @Optional()
  @IsArray({ message: messages.array })
  @NormalizeTags()
  @ArrayMaxSize(TAGS_MAX, { message: messages.arrayMax(TAGS_MAX) })
  @IsString({ each: true, message: tagMessage })
  @MinLength(1, { each: true, message: tagMessage })
  @MaxLength(TAG_MAX_LENGTH, { each: true, message: tagMessage })
  tags?: string[];
}

/** Changes to a ticket: only the fields sent change. */
export class UpdateTicketDto {
  /**
   * A short summary, up to 200 characters.
   * @example "Cannot download my invoice"
   */
  @Optional()
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(TICKET_TITLE_MAX_LENGTH, { message: messages.maxLength(TICKET_TITLE_MAX_LENGTH) })
  title?: string;

  /**
   * The description, up to 50,000 characters.
   * @example "The download link on the billing page gives an error."
   */
  @Optional()
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(TICKET_DESCRIPTION_MAX_LENGTH, { message: messages.maxLength(TICKET_DESCRIPTION_MAX_LENGTH) })
  description?: string;

  /**
   * `open`, `pending`, `resolved` or `closed`.
   * @example "resolved"
   */
  @Optional()
  @IsIn(TICKET_STATUSES as unknown as string[], { message: messages.oneOf(TICKET_STATUSES) })
  status?: TicketStatus;

  /**
   * `low`, `medium`, `high` or `urgent`.
   * @example "high"
   */
  @Optional()
  @IsIn(TICKET_PRIORITIES as unknown as string[], { message: messages.oneOf(TICKET_PRIORITIES) })
  priority?: TicketPriority;

  /**
   * A category of this tenant, or null for none.
   * @example "8d3c2a1b-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
   */
  @IsOptional()
  @IsUUID('all', { message: messages.uuid })
  category_id?: string | null;

  /**
   * An agent or admin of this tenant (see `GET /api/agents`), or null to unassign.
   * @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d"
   */
  @IsOptional()
  @IsUUID('all', { message: messages.uuid })
  assignee_id?: string | null;

  /**
   * The complete list of tags (it replaces the current one).
   * @example ["billing"]
   */
  @Optional()
  @IsArray({ message: messages.array })
  @NormalizeTags()
  @ArrayMaxSize(TAGS_MAX, { message: messages.arrayMax(TAGS_MAX) })
  @IsString({ each: true, message: tagMessage })
  @MinLength(1, { each: true, message: tagMessage })
  @MaxLength(TAG_MAX_LENGTH, { each: true, message: tagMessage })
  tags?: string[];
}

/** Who wrote a comment: a user of the tenant, or an integration through an API token. */
export class CommentAuthorDto {
  /**
   * `user` or `api_token`.
   * @example "user"
   */
  type!: 'user' | 'api_token';

  /**
   * The user's or the token's id.
   * @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d"
   */
  id!: string;

  /**
   * The user's name, or the token's.
   * @example "Sam Agent"
   */
  name!: string;

  /**
   * The user's email; null for a token.
   * @example "sam@acme.example"
   */
  email!: string | null;
}

/** A public reply or an internal note. */
export class CommentDto {
  /**
   * The comment's id.
   * @example "4b1d6d27-6f1c-4f86-8d27-6d7c1e3f5a9b"
   */
  id!: string;

  /**
   * Its text.
   * @example "Thanks, we are looking into it."
   */
  body!: string;

  /**
   * True for an internal note, which requesters never see.
   * @example false
   */
  internal!: boolean;

  /** Who wrote it. */
  author!: CommentAuthorDto;

  /**
   * When it was written (ISO 8601).
   * @example "2026-11-21T08:10:00.000Z"
   */
  created_at!: string;
}

/** A reply or note on the portal, in the signed-in person's name; the fields every comment has. */
export class PortalCommentDto {
  /**
   * The text, up to 50,000 characters.
   * @example "Thanks, we are looking into it."
   */
  @Required()
  @IsString({ message: messages.string })
  @MaxLength(COMMENT_BODY_MAX_LENGTH, { message: messages.maxLength(COMMENT_BODY_MAX_LENGTH) })
  body!: string;

  /**
   * True for an internal note (agents only); false, the default, for a public reply.
   * @example false
   */
  @Optional()
  @IsBoolean({ message: messages.boolean })
  internal?: boolean;
}

/** A new comment. */
export class CreateCommentDto extends PortalCommentDto {
  /**
   * Writes it in the name of this user of the tenant (an agent, or the requester); without
   * it the comment is the integration's (the API token's).
   * @example "sam@acme.example"
   */
  @Optional()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  author_email?: string;
}

/** A ticket as lists show it. */
export class TicketDto {
  /**
   * The ticket's id (random, not guessable).
   * @example "9b2f7c3e-1d4a-4e5b-8c6d-7e8f9a0b1c2d"
   */
  id!: string;

  /**
   * Its number in the tenant: 1, 2, 3…
   * @example 42
   */
  number!: number;

  /**
   * The summary.
   * @example "Support Request"
   */
  title!: string;

  /**
   * The description.
   * @example "I need help with..."
   */
  description!: string;

  /**
   * `open`, `pending`, `resolved` or `closed`.
   * @example "open"
   */
  status!: TicketStatus;

  /**
   * `low`, `medium`, `high` or `urgent`.
   * @example "medium"
   */
  priority!: TicketPriority;

  /** Its category, or null. */
  category!: CategorySummaryDto | null;

  /** Who it is for, or null. */
  requester!: UserSummaryDto | null;

  /** The agent working it, or null. */
  assignee!: UserSummaryDto | null;

  /**
   * Its tags.
   * @example ["billing"]
   */
  tags!: string[];

  /**
   * Where it came from: `api`, `portal`, `redirect` or `jwt`.
   * @example "api"
   */
  source!: TicketSource;

  /**
   * How many comments it has (notes included).
   * @example 2
   */
  comment_count!: number;

  /**
   * When it was opened (ISO 8601).
   * @example "2026-11-21T08:00:00.000Z"
   */
  created_at!: string;

  /**
   * When it last changed (ISO 8601).
   * @example "2026-11-21T08:10:00.000Z"
   */
  updated_at!: string;

  /**
   * When someone other than the requester first replied publicly, or null.
   * @example "2026-11-21T08:10:00.000Z"
   */
  first_response_at!: string | null;

  /**
   * When it was last resolved, or null.
   * @example "2026-11-21T09:00:00.000Z"
   */
  resolved_at!: string | null;

  /**
   * When it was closed, or null.
   * @example "2026-11-22T09:00:00.000Z"
   */
  closed_at!: string | null;
}

/** A ticket with its conversation, oldest comment first. */
export class TicketWithCommentsDto extends TicketDto {
  /** Replies and notes, oldest first. */
  comments!: CommentDto[];
}

/** A page of tickets, newest first (or best match first when searching). */
export class TicketPageDto extends PageInfo {
  /** The tickets. */
  data!: TicketDto[];
}

/** Who made a change. */
export class ActorDto {
  /**
   * `user` or `api_token`.
   * @example "api_token"
   */
  type!: 'user' | 'api_token';

  /**
   * The user's or the token's id.
   * @example "7c9e6679-7425-40de-944b-e07fc1f90ae7"
   */
  id!: string;

  /**
   * The user's or the token's name.
   * @example "Zapier integration"
   */
  name!: string;
}

/** One entry of a ticket's history. */
export class TicketEventDto {
  /**
   * The entry's id.
   * @example "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
   */
  id!: string;

  /**
   * `created`, `updated` or `commented`.
   * @example "updated"
   */
  action!: 'created' | 'updated' | 'commented';

  /** Who did it. */
  actor!: ActorDto;

  /**
   * Each changed field with its value before and after (for `commented`: the comment's id and
   * whether it is internal).
   * @example {"status": {"from": "open", "to": "resolved"}}
   */
  changes!: Record<string, unknown>;

  /**
   * When (ISO 8601).
   * @example "2026-11-21T09:00:00.000Z"
   */
  created_at!: string;
}

