import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { ErrorCode, type ErrorResponseDto } from '@central-tickets/contracts';
import { errorPage, isNavigation } from '../http/html-page';
import { AppException } from './app.exception';

/**
 * Fastify route config key: errors of the route carry `success: false` too (JWT login answers
 * in the guides' `{success, …}` shape). Set with `@RouteConfig({ [SUCCESS_FLAG]: true })`.
 */
export const SUCCESS_FLAG = 'ctSuccessFlag';

/** Codes for the framework's own HTTP errors. */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  422: ErrorCode.ValidationFailed,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

const MESSAGE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'The request could not be understood.',
  401: 'Authentication is required.',
  403: 'You are not allowed to do this.',
  404: 'The requested resource does not exist.',
  405: 'This method is not allowed here.',
  413: 'The request body is too large (the limit is 1 MB).',
  429: 'Too many requests.',
  503: 'The service is unavailable.',
};

/** What the framework throws for a bad request: a status. */
interface FrameworkError {
  status?: number;
  statusCode?: number;
}

/**
 * Renders every failure in the contract's envelope with the request's correlation id.
 * Only {@link AppException}s carry their own message; a 500 never says more than that it
 * happened, and its cause goes to the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = this.adapterHost.httpAdapter;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<{
      id?: string;
      raw?: { id?: string };
      headers?: Record<string, string | string[] | undefined>;
      routeOptions?: { config?: Record<string, unknown> };
    }>();
    const res = ctx.getResponse();
    const correlationId = String(req.id ?? req.raw?.id ?? '');
    const { status, body } = this.render(exception, correlationId);

    if (status >= 500) this.logger.error({ err: exception, status }, 'request failed');
    if (exception instanceof AppException && exception.extras.retryAfter !== undefined) {
      http.setHeader(res, 'Retry-After', String(exception.extras.retryAfter));
    }
    // A browser navigating (an HTML form post refused, a link followed) gets a page, not JSON.
    if (req.headers && isNavigation(req.headers)) {
      const referer = req.headers['referer'];
      const back = typeof referer === 'string' && /^https?:\/\//.test(referer) ? referer : null;
      http.setHeader(res, 'Content-Type', 'text/html; charset=utf-8');
      http.reply(res, errorPage(status, body, back), status);
      return;
    }
    http.setHeader(res, 'Content-Type', 'application/json; charset=utf-8');
    http.reply(res, req.routeOptions?.config?.[SUCCESS_FLAG] ? { success: false, ...body } : body, status);
  }

  private render(exception: unknown, correlationId: string): { status: number; body: ErrorResponseDto } {
    if (exception instanceof AppException) {
      const { errors, details, retryAfter } = exception.extras;
      return {
        status: exception.status,
        body: {
          message: exception.message,
          error: STATUS_CODES[exception.status] ?? 'Error',
          code: exception.code,
          ...(errors && { errors }),
          ...(details && { details }),
          ...(retryAfter !== undefined && { retry_after: retryAfter }),
          correlation_id: correlationId,
        },
      };
    }
    const framework = exception as FrameworkError | null;
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    if (exception instanceof HttpException) status = exception.getStatus();
    else {
      const s = framework?.statusCode ?? framework?.status;
      if (typeof s === 'number' && s >= 400 && s < 500) status = s;
    }
    // The contract answers a content type we do not take with a 400 that says what to send.
    const unsupported = status === HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    if (unsupported) status = HttpStatus.BAD_REQUEST;
    if (status === 500) {
      return {
        status,
        body: {
          message: 'Something went wrong on our side. Quote the correlation id if you contact support.',
          error: STATUS_CODES[500] as string,
          code: ErrorCode.InternalError,
          correlation_id: correlationId,
        },
      };
    }
    return {
      status,
      body: {
        message: unsupported ? 'Unsupported content type.' : (MESSAGE_BY_STATUS[status] ?? STATUS_CODES[status] ?? 'Error'),
        error: STATUS_CODES[status] ?? 'Error',
        code: CODE_BY_STATUS[status] ?? ErrorCode.BadRequest,
        ...(unsupported && {
          details: 'Send JSON (Content-Type: application/json) or a form (application/x-www-form-urlencoded).',
        }),
        correlation_id: correlationId,
      },
    };
  }
}
