import { IsEmail, IsIn, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../pagination/page.dto';
import { CommaList, Optional, Trim, TrimLower } from '../validation/decorators';
import { messages } from '../validation/messages';
import {
  EMAIL_MAX_LENGTH,
  SEARCH_QUERY_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from '../validation/rules';

/** `assignee_id=none`: the tickets nobody is assigned to. */
export const UNASSIGNED = 'none';

/** Filters, search and paging of `GET /api/tickets`; every one is optional. */
export class ListTicketsQueryDto extends PageQueryDto {
  /**
   * Only these statuses, comma-separated.
   * @example "open,pending"
   */
  @Optional()
  @CommaList()
  @IsIn(TICKET_STATUSES as unknown as string[], { each: true, message: messages.oneOf(TICKET_STATUSES) })
  status?: TicketStatus[];

  /**
   * Only these priorities, comma-separated.
   * @example "high,urgent"
   */
  @Optional()
  @CommaList()
  @IsIn(TICKET_PRIORITIES as unknown as string[], { each: true, message: messages.oneOf(TICKET_PRIORITIES) })
  priority?: TicketPriority[];

  /**
   * Only this category.
   * @example "8d3c2a1b-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
   */
  @Optional()
  @IsUUID('all', { message: messages.uuid })
  category_id?: string;

  /**
   * Only tickets of this requester.
   * @example "jane@customer.example"
   */
  @Optional()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(EMAIL_MAX_LENGTH, { message: messages.maxLength(EMAIL_MAX_LENGTH) })
  @IsEmail({}, { message: messages.email })
  requester_email?: string;

  /**
   * Only tickets assigned to this agent, or `none` for the unassigned ones.
   * @example "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d"
   */
  @Optional()
  @ValidateIf((o: ListTicketsQueryDto) => o.assignee_id !== UNASSIGNED)
  @IsUUID('all', { message: (a) => `The ${a.property.replace(/_/g, ' ')} field must be a valid UUID or none.` })
  assignee_id?: string;

  /**
   * Only tickets with this tag.
   * @example "billing"
   */
  @Optional()
  @IsString({ message: messages.string })
  @TrimLower()
  @MaxLength(TAG_MAX_LENGTH, { message: messages.maxLength(TAG_MAX_LENGTH) })
  tag?: string;

  /**
   * Words to find in titles, descriptions and comments (PostgreSQL full-text search, web
   * search syntax: `"exact phrase"`, `or`, `-word`). Results come best match first.
   * @example "invoice download"
   */
  @Optional()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(SEARCH_QUERY_MAX_LENGTH, { message: messages.maxLength(SEARCH_QUERY_MAX_LENGTH) })
  q?: string;
}
