import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'X-Correlation-Id';
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * First middleware of every request: echoes a sane `X-Correlation-Id` or makes one, and puts
 * it on the request (`req.id`) and the response before anything can fail.
 */
export function correlationId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get(CORRELATION_HEADER);
  const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
  (req as Request & { id: string }).id = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}
