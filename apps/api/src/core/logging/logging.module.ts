import { Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Query parameters whose values are secrets (one-time tokens and the like). */
const SECRET_QUERY_PARAMS = /([?&](?:token|api_token|jwt|code|password)=)[^&#]*/gi;

export function sanitizeUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY_PARAMS, '$1[Redacted]');
}

/**
 * Paths censored in every log line, as a second wall behind the serializers (which log
 * neither headers nor bodies): credentials, cookies and SQL parameters of failed queries.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-tenant-api-token"]',
  'res.headers["set-cookie"]',
  'err.parameters',
  'err.driverError.parameters',
  '*.password',
  '*.admin_password',
  '*.token',
  '*.api_token',
  '*.jwt_secret',
  '*.secret',
];

type Req = IncomingMessage & { id?: string; ip?: string; auth?: { tenantId?: string } };

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          {
          level: config.logLevel,
          base: { service: 'central-tickets-api' },
          messageKey: 'msg',
          genReqId: (req: Req) => req.id ?? '',
          // Every line a request produces carries its correlation id (bound once, up front).
          quietReqLogger: true,
          customAttributeKeys: { reqId: 'correlation_id' },
          customProps: (req: Req) => (req.auth?.tenantId ? { tenant_id: req.auth.tenantId } : {}),
          redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
          serializers: {
            req: (req: Req & { raw?: Req }) => ({
              method: req.method,
              url: sanitizeUrl(req.url),
              host: req.headers?.host,
              ip: req.raw?.ip,
              user_agent: req.headers?.['user-agent'],
            }),
            res: (res: { statusCode: number }) => ({ status: res.statusCode }),
          },
          // Health probes (the proxy's and the orchestrator's, every few seconds) are not logged. By
          // `originalUrl`: the middleware layer (middie) hands pino-http the URL stripped to `/`.
          autoLogging: { ignore: (req: Req & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').split('?')[0] === '/health' },
          // Fastify already produced the id (the correlation id) and put it on the raw request.
          // The request log is written by pino-http as the response finishes.
          },
          // Lines are written off the request's path (asynchronously); in production they are
          // also batched (4 kB or 250 ms, whichever comes first). Both are flushed on exit.
          destination({
            dest: 1,
            sync: false,
            ...(config.isProduction && { minLength: 4096, periodicFlush: 250 }),
          }),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
