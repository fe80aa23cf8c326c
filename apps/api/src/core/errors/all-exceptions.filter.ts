import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { ErrorCode, type ErrorResponseDto } from '@central-tickets/contracts';
import { AppException } from './app.exception';

/** Codes for Nest's and Express's own HTTP errors. */
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

/** Errors that body-parser and Express raise, identified by their `type` or `status`. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/**
 * Renders every failure in the contract's envelope with the request's correlation id.
 * Only {@link AppException}s carry their own message; a 500 never says more than that it
 * happened, and its cause goes to the log.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception, String(req.id ?? ''));
    const status = this.statusOf(exception);

    if (status >= 500) {
      this.logger.error({ err: exception, status }, 'request failed');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (exception instanceof AppException && exception.extras.retryAfter !== undefined) {
      res.setHeader('Retry-After', String(exception.extras.retryAfter));
    }
    res.status(status).type('application/json').send(JSON.stringify(body));
  }

  private statusOf(exception: unknown): number {
    if (exception instanceof AppException) return exception.status;
    if (exception instanceof HttpException) return exception.getStatus();
    const e = exception as HttpishError | null;
    const s = e?.status ?? e?.statusCode;
    if (typeof s === 'number' && s >= 400 && s < 500 && e?.expose !== false) return s;
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private toBody(exception: unknown, correlationId: string): ErrorResponseDto {
    const status = this.statusOf(exception);
    const error = STATUS_CODES[status] ?? 'Error';
    if (exception instanceof AppException) {
      const { errors, details, retryAfter } = exception.extras;
      return {
        message: exception.message,
        error,
        code: exception.code,
        ...(errors && { errors }),
        ...(details && { details }),
        ...(retryAfter !== undefined && { retry_after: retryAfter }),
        correlation_id: correlationId,
      };
    }
    if (status === 500) {
      return {
        message: 'Something went wrong on our side. Quote the correlation id if you contact support.',
        error,
        code: ErrorCode.InternalError,
        correlation_id: correlationId,
      };
    }
    const type = (exception as HttpishError | null)?.type;
    let message = MESSAGE_BY_STATUS[status] ?? error;
    if (type === 'entity.parse.failed') message = 'The request body is not valid JSON or form data.';
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') message = 'The request body\'s encoding is not supported.';
    return {
      message,
      error,
      code: CODE_BY_STATUS[status] ?? ErrorCode.BadRequest,
      correlation_id: correlationId,
    };
  }
}
