import { AppException } from '../core/errors/app.exception';

/** Where the next page starts: after ticket `n` (newest-first lists), or after rank `r` then `n` (search). */
export interface TicketCursor {
  n: number;
  r?: number;
}

export function encodeCursor(cursor: TicketCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor, or a 422 on `cursor` when it is not one of ours (or belongs to the other kind of list). */
export function decodeCursor(raw: string, searching: boolean): TicketCursor {
  const invalid = () => AppException.invalidField('cursor', 'The cursor is invalid; use the next_cursor of the previous page.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const c = parsed as Partial<TicketCursor> | null;
  if (!c || typeof c !== 'object' || !Number.isSafeInteger(c.n) || (c.n as number) < 1) throw invalid();
  if (searching !== (typeof c.r === 'number' && Number.isFinite(c.r))) throw invalid();
  return searching ? { n: c.n as number, r: c.r } : { n: c.n as number };
}
