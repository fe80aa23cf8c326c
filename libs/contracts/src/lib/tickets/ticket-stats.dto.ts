/** Tickets created and resolved on one day (UTC). */
export class TicketDayDto {
  /**
   * The day, `YYYY-MM-DD` (UTC).
   * @example "2026-11-21"
   */
  day!: string;

  /**
   * Tickets opened that day.
   * @example 12
   */
  created!: number;

  /**
   * Tickets resolved that day.
   * @example 9
   */
  resolved!: number;
}

/** The help desk at a glance: the console's dashboard. */
export class TicketStatsDto {
  /**
   * Tickets not closed, by status (`open`, `pending`, `resolved`).
   * @example { "open": 14, "pending": 3, "resolved": 40 }
   */
  by_status!: Partial<Record<string, number>>;

  /**
   * Open and pending tickets by priority.
   * @example { "low": 2, "medium": 9, "high": 4, "urgent": 2 }
   */
  by_priority!: Partial<Record<string, number>>;

  /** The last 30 days, oldest first, today included. */
  days!: TicketDayDto[];

  /**
   * Median time to the first public reply of an agent, in seconds, over tickets opened in the last 30 days (null without any).
   * @example 5400
   */
  median_first_response_seconds!: number | null;

  /**
   * Median time from opening to resolution, in seconds, over tickets resolved in the last 30 days (null without any).
   * @example 86400
   */
  median_resolution_seconds!: number | null;
}
