import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's `X-Correlation-Id` when it is sane, otherwise a new one. */
export function correlationIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
}
