import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Write requests that carry a body must send JSON or a form; anything else is a 400
 * rather than a body silently ignored.
 */
export function requireKnownContentType(req: Request, _res: Response, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (BODY_METHODS.has(req.method) && hasBody && !req.is(['json', 'urlencoded'])) {
    next(
      AppException.badRequest(
        'Unsupported content type.',
        'Send JSON (Content-Type: application/json) or a form (application/x-www-form-urlencoded).',
      ),
    );
    return;
  }
  next();
}
