import { json, urlencoded, type ErrorRequestHandler, type RequestHandler } from 'express';
import { AppException } from '../errors/app.exception';
import { limitBodyDepth } from './body-depth.middleware';

export const BODY_LIMIT = '1mb';

/** body-parser's own failures, said in the contract's words. */
const BODY_ERRORS: Record<string, () => AppException> = {
  'entity.parse.failed': () =>
    AppException.badRequest('The request body is not valid JSON.', 'Check the body against the documented example.'),
  'encoding.unsupported': () => AppException.badRequest("The request body's encoding is not supported.", 'Send UTF-8.'),
  'charset.unsupported': () => AppException.badRequest("The request body's encoding is not supported.", 'Send UTF-8.'),
  'request.aborted': () => AppException.badRequest('The request body was not received in full.'),
};

const translateBodyErrors: ErrorRequestHandler = (err: { type?: string } | undefined, _req, _res, next) => {
  const translate = err?.type ? BODY_ERRORS[err.type] : undefined;
  next(translate ? translate() : err);
};

/** JSON and HTML-form bodies up to 1 MB (413 beyond); a malformed or too deeply nested one is a 400. */
export function bodyParsers(): Array<RequestHandler | ErrorRequestHandler> {
  return [
    json({ limit: BODY_LIMIT }),
    urlencoded({ limit: BODY_LIMIT, extended: false, parameterLimit: 100 }),
    translateBodyErrors,
    limitBodyDepth,
  ];
}
