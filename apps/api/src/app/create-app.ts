import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../core/config/app-config';
import { createValidationPipe } from '../core/errors/validation';
import { requireKnownContentType } from '../core/http/content-type.middleware';
import { correlationId } from '../core/http/correlation-id.middleware';
import { setupSwagger } from '../core/openapi/swagger';
import { AppModule } from './app.module';

export const BODY_LIMIT = '1mb';

/**
 * Builds the HTTP application exactly as it runs in production; `main.ts` and the test
 * suites both start it here.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  // Order matters: the correlation id exists before anything can fail.
  app.use(correlationId);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  app.use(requireKnownContentType);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });

  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app, config);
  await app.init();
  return app;
}
