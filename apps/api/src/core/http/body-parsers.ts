import type { FastifyAdapter } from '@nestjs/platform-fastify';
import { parse as parseForm } from 'fast-querystring';
import { AppException } from '../errors/app.exception';

/** Fastify's JSON parser failures, said in the contract's words. */
function bodyError(err: Error & { code?: string }): AppException {
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return AppException.badRequest('The request body is empty; send a JSON object.');
  }
  return AppException.badRequest('The request body is not valid JSON.', 'Check the body against the documented example.');
}

/**
 * Bodies are JSON (Fastify's own parser, which also refuses `__proto__` and `constructor.prototype`)
 * or HTML forms, up to the adapter's body limit (413 beyond). Their failures are 400s in the
 * contract's envelope; any other content type is refused by Fastify (415, answered as a 400).
 */
export function registerBodyParsers(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  const { bodyLimit } = fastify.initialConfig;
  const json = fastify.getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, { bodyLimit }, (req, body, done) => {
    void json(req, (body as Buffer).toString('utf8'), (err: Error | null, value?: unknown) => (err ? done(bodyError(err), undefined) : done(null, value)));
  });
  adapter.useBodyParser('application/x-www-form-urlencoded', false, { bodyLimit }, (_req, body, done) => {
    done(null, parseForm((body as Buffer).toString()));
  });
  fastify.removeContentTypeParser(['text/plain']);
}
