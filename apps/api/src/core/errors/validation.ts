import { ValidationError, ValidationPipe } from '@nestjs/common';
import { messages } from '@central-tickets/contracts';
import { AppException } from './app.exception';

/** Flattens class-validator's tree into `{ "field.sub": [messages] }`. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
  out: Record<string, string[]> = {},
): Record<string, string[]> {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const list = Object.entries(constraints).map(([name, message]) =>
      name === 'whitelistValidation' ? messages.notAllowed(path) : message,
    );
    if (list.length) (out[path] ??= []).push(...list);
    if (error.children?.length) flattenValidationErrors(error.children, path, out);
  }
  return out;
}

/**
 * The one validation pipe: unknown fields are refused, values are transformed into the DTO
 * classes, and failures are 422s in the contract's envelope, one entry per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
  });
}
