import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

/** Whether `err` is PostgreSQL's unique violation (23505), optionally on `constraint`. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const pg = err.driverError as PgError;
  return pg.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** Whether `err` is PostgreSQL's foreign key violation (23503), optionally on `constraint`. */
export function isForeignKeyViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const pg = err.driverError as PgError;
  return pg.code === '23503' && (constraint === undefined || pg.constraint === constraint);
}
