import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@central-tickets/contracts';

export interface AppExceptionExtras {
  errors?: Record<string, string[]>;
  details?: string;
  retryAfter?: number;
}

/**
 * A failure the client can act on. The global filter renders it in the contract's envelope;
 * anything else that escapes a handler becomes a bare 500.
 */
export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly extras: AppExceptionExtras = {},
  ) {
    super(message);
    this.name = 'AppException';
  }

  static notFound(what = 'The resource was not found.'): AppException {
    return new AppException(HttpStatus.NOT_FOUND, ErrorCode.NotFound, what);
  }

  static conflict(message: string, details?: string): AppException {
    return new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, message, { details });
  }

  static forbidden(message: string, details?: string): AppException {
    return new AppException(HttpStatus.FORBIDDEN, ErrorCode.Forbidden, message, { details });
  }

  static badRequest(message: string, details?: string): AppException {
    return new AppException(HttpStatus.BAD_REQUEST, ErrorCode.BadRequest, message, { details });
  }

  /** A 422 for one field, in the same shape as the validation pipe's. */
  static invalidField(field: string, message: string): AppException {
    return AppException.validation({ [field]: [message] });
  }

  static validation(errors: Record<string, string[]>): AppException {
    return new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      ErrorCode.ValidationFailed,
      'The given data was invalid.',
      { errors },
    );
  }
}
