import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import { ErrorCode } from '@central-tickets/contracts';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../core/config/app-config';
import { createValidationPipe } from '../core/errors/validation';
import { registerBodyParsers } from '../core/http/body-parsers';
import { CORRELATION_HEADER, correlationIdOf } from '../core/http/correlation-id';
import { registerCors } from '../core/http/cors';
import { MetricsService } from '../core/metrics/metrics.service';
import { UsageRecorder } from '../usage/usage.recorder';
import { TenantDirectory } from '../core/tenancy/tenant-directory';
import { GracefulShutdown } from '../core/http/graceful-shutdown';
import { setupSwagger } from '../core/openapi/swagger';
import { AppModule } from './app.module';

/** The largest request body (413 beyond). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The HTTP server: Fastify (an empty route answers about six times faster than on Express on
 * these machines; docs/decisions/0006-fastify.md). Each request's id is its correlation id.
 */
export function createAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: (req: IncomingMessage) => correlationIdOf(req.headers[CORRELATION_HEADER.toLowerCase()]),
    // pino-http (nestjs-pino) writes the one line per request; Fastify's own logger stays off.
    logger: false,
    // Answer requests that arrive while draining instead of refusing them (see GracefulShutdown).
    return503OnClosing: false,
    // The router's own refusals (a malformed %-escape, a path segment over 100 characters), in
    // the contract's envelope like every other error.
    frameworkErrors: (err: Error, req: FastifyRequest, reply: FastifyReply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      void reply
        .code(status)
        .header(CORRELATION_HEADER, req.id)
        .type('application/json; charset=utf-8')
        .send({
          message: status === 414 ? 'The request URL is too long.' : 'The request URL is malformed.',
          error: STATUS_CODES[status] ?? 'Bad Request',
          code: ErrorCode.BadRequest,
          correlation_id: req.id,
        });
    },
  });
}

/** Options for `NestFactory.create` / `createNestApplication`. */
export const NEST_APP_OPTIONS = { bufferLogs: true } as const;

/**
 * Everything between "Nest made an application" and "it may listen": hooks in order,
 * validation, docs. Production and the test suites both go through here.
 */
export async function configureApp(
  app: INestApplication,
  config: AppConfig,
  shutdown = new GracefulShutdown(),
): Promise<INestApplication> {
  const fastify = app as NestFastifyApplication;
  fastify.useLogger(fastify.get(Logger));

  registerBodyParsers(fastify.getHttpAdapter() as FastifyAdapter);
  const instance = fastify.getHttpAdapter().getInstance();
  // First thing on every request: its correlation id goes on the answer before anything can fail.
  instance.addHook('onRequest', (req: FastifyRequest, reply, done) => {
    void reply.header(CORRELATION_HEADER, req.id);
    shutdown.track(reply.raw);
    done();
  });
  // Last thing: the request is counted (Prometheus, and the tenant's API usage), off the answer's path.
  const metrics = fastify.get(MetricsService);
  const usage = fastify.get(UsageRecorder, { strict: false });
  instance.addHook('onResponse', (req: FastifyRequest, reply, done) => {
    metrics.observe(req, reply);
    usage.observe(req, reply);
    done();
  });
  await fastify.register(helmet, { contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } });
  await fastify.register(cookie);
  // The console's files go compressed (brotli or gzip, as the browser accepts); the API's JSON
  // answers are small and stay as they are, off the hot path.
  await fastify.register(compress, { customTypes: /^(?:text\/(?:html|css|javascript)|application\/javascript|image\/svg\+xml)/, threshold: 1024 });
  // reply.sendFile for the console's files (ConsoleController decides what is served).
  await fastify.register(fastifyStatic, { root: process.cwd(), serve: false });
  await registerCors(fastify, fastify.get(TenantDirectory));

  fastify.useGlobalPipes(createValidationPipe());
  setupSwagger(fastify, config);
  await fastify.init();
  await instance.ready();
  return fastify;
}

export async function createApp(config: AppConfig, shutdown?: GracefulShutdown): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createAdapter(config),
    NEST_APP_OPTIONS,
  );
  return configureApp(app, config, shutdown);
}
