import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

/** The PostgreSQL error behind `err`: TypeORM wraps it, `tx.query` does not. */
function pgError(err: unknown): PgError | null {
  if (err instanceof QueryFailedError) return err.driverError as PgError;
  if (err instanceof Error && typeof (err as PgError).code === 'string') return err as PgError;
  return null;
}

/** Whether `err` is PostgreSQL's unique violation (23505), optionally on `constraint`. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const pg = pgError(err);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** Whether `err` is PostgreSQL's foreign key violation (23503), optionally on `constraint`. */
export function isForeignKeyViolation(err: unknown, constraint?: string): boolean {
  const pg = pgError(err);
  return pg?.code === '23503' && (constraint === undefined || pg.constraint === constraint);
}
