import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional, ToInt } from '../validation/decorators';
import { messages } from '../validation/messages';
import { PAGE_LIMIT_MAX } from '../validation/rules';

/** The cursor of the next page, or null on the last one. */
export class PageInfo {
  /**
   * Pass as `cursor` to get the next page; null when there is none.
   * @example "eyJuIjo0Mn0"
   */
  next_cursor!: string | null;
}

/** The paging of a cursor-paged list: how many per page, and where the page starts. */
export class PageQueryDto {
  /**
   * Items per page, 1–100 (default 20; 50 for the security log).
   * @example 20
   */
  @Optional()
  @ToInt()
  @IsInt({ message: messages.integer })
  @Min(1, { message: messages.between(1, PAGE_LIMIT_MAX) })
  @Max(PAGE_LIMIT_MAX, { message: messages.between(1, PAGE_LIMIT_MAX) })
  limit?: number;

  /**
   * The `next_cursor` of the previous page.
   * @example "eyJuIjo0Mn0"
   */
  @Optional()
  @IsString({ message: messages.string })
  @MaxLength(200, { message: messages.maxLength(200) })
  cursor?: string;
}
