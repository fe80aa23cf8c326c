/** The cursor of the next page, or null on the last one. */
export class PageInfo {
  /**
   * Pass as `cursor` to get the next page; null when there is none.
   * @example "eyJuIjo0Mn0"
   */
  next_cursor!: string | null;
}
