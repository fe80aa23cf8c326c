import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional, Required, Trim } from '../validation/decorators';
import { messages } from '../validation/messages';
import { CATEGORY_NAME_MAX_LENGTH } from '../validation/rules';

/** A ticket category. */
export class CategoryDto {
  /**
   * The category's id.
   * @example "8d3c2a1b-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
   */
  id!: string;

  /**
   * Its name, unique in the tenant (ignoring case).
   * @example "Billing"
   */
  name!: string;

  /**
   * Its place in the list, from 0.
   * @example 0
   */
  position!: number;

  /**
   * How many tickets are in it.
   * @example 12
   */
  ticket_count!: number;

  /**
   * When it was created (ISO 8601).
   * @example "2026-11-21T08:00:00.000Z"
   */
  created_at!: string;
}

/** A new category. */
export class CreateCategoryDto {
  /**
   * The name, unique in the tenant.
   * @example "Billing"
   */
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(CATEGORY_NAME_MAX_LENGTH, { message: messages.maxLength(CATEGORY_NAME_MAX_LENGTH) })
  name!: string;

  /**
   * Where to put it (0 is first); at the end when left out.
   * @example 0
   */
  @Optional()
  @IsInt({ message: messages.integer })
  @Min(0, { message: messages.between(0, 10_000) })
  @Max(10_000, { message: messages.between(0, 10_000) })
  position?: number;
}

/** A rename, a move, or both. */
export class UpdateCategoryDto {
  /**
   * The new name.
   * @example "Payments"
   */
  @Optional()
  @Required()
  @IsString({ message: messages.string })
  @Trim()
  @MaxLength(CATEGORY_NAME_MAX_LENGTH, { message: messages.maxLength(CATEGORY_NAME_MAX_LENGTH) })
  name?: string;

  /**
   * The new place in the list (0 is first); the others shift to make room.
   * @example 2
   */
  @Optional()
  @IsInt({ message: messages.integer })
  @Min(0, { message: messages.between(0, 10_000) })
  @Max(10_000, { message: messages.between(0, 10_000) })
  position?: number;
}
