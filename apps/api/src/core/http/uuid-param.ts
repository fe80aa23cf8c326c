import { Param, PipeTransform } from '@nestjs/common';
import { AppException } from '../errors/app.exception';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names no record: 404, like any other missing record. */
class UuidOr404Pipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw AppException.notFound();
    return value.toLowerCase();
  }
}

/** `@IdParam()` reads the `:id` path parameter as a UUID. */
export const IdParam = (name = 'id') => Param(name, new UuidOr404Pipe());

/** A UUID given in a query parameter or body: a 422 naming `field` when it is not one. */
export function parseUuidOr422(field: string, value: unknown): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw AppException.invalidField(field, `The ${field.replace(/_/g, ' ')} field must be a valid UUID.`);
  }
  return value.toLowerCase();
}
