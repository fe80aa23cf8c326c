import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../core/config/app-config';
import { createValidationPipe } from '../core/errors/validation';
import { bodyParsers } from '../core/http/body-parsers';
import { requireKnownContentType } from '../core/http/content-type.middleware';
import { correlationId } from '../core/http/correlation-id.middleware';
import { GracefulShutdown } from '../core/http/graceful-shutdown';
import { setupSwagger } from '../core/openapi/swagger';
import { AppModule } from './app.module';

/** Options for `NestFactory.create` / `createNestApplication`: we mount our own body parsers. */
export const NEST_APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/**
 * Everything between "Nest made an application" and "it may listen": middleware in order,
 * validation, docs. Production and the test suites both go through here.
 */
export async function configureApp(
  app: INestApplication,
  config: AppConfig,
  shutdown = new GracefulShutdown(),
): Promise<INestApplication> {
  const express = app as NestExpressApplication;
  express.useLogger(express.get(Logger));
  express.set('trust proxy', config.trustProxy);
  express.set('query parser', 'simple');

  // Order matters: the correlation id exists before anything can fail.
  express.use(shutdown.middleware);
  express.use(correlationId);
  express.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  express.use(requireKnownContentType);
  express.use(...bodyParsers());

  express.useGlobalPipes(createValidationPipe());
  setupSwagger(express, config);
  await express.init();
  return express;
}

export async function createApp(config: AppConfig, shutdown?: GracefulShutdown): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), NEST_APP_OPTIONS);
  return configureApp(app, config, shutdown);
}
