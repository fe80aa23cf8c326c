/** A category as tickets show it. */
export class CategorySummaryDto {
  /**
   * The category's id.
   * @example "8d3c2a1b-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
   */
  id!: string;

  /**
   * Its name.
   * @example "Billing"
   */
  name!: string;
}
