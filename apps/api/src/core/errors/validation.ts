import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { messages } from '@central-tickets/contracts';
import { AppException } from './app.exception';

/** No contract nests more than a few levels; a body nested deeper is refused before anything walks it. */
export const MAX_BODY_DEPTH = 32;

/** The nesting depth of a parsed body, counted without recursion and stopping past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Constraints that make the others moot, most decisive first: a missing value is only
 * "required", a number given for a string only "must be a string", an overlong value only
 * "too long". Otherwise every failed rule is listed.
 */
const DECISIVE = [
  'isRequired',
  'whitelistValidation',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isObject',
  'maxLength',
  'minLength',
  'isLength',
  'arrayMaxSize',
];

function messagesOf(path: string, constraints: Record<string, string>): string[] {
  const decisive = DECISIVE.find((name) => name in constraints);
  if (decisive === 'whitelistValidation') return [messages.notAllowed(path)];
  if (decisive) return [constraints[decisive]];
  return Object.values(constraints);
}

/** Flattens class-validator's tree into `{ "field.sub": [messages] }`. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
  out: Record<string, string[]> = {},
): Record<string, string[]> {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) (out[path] ??= []).push(...messagesOf(path, error.constraints));
    if (error.children?.length) flattenValidationErrors(error.children, path, out);
  }
  return out;
}

/** Fields whose strings hold a NUL character, which PostgreSQL text cannot store. */
function nulFields(value: unknown, path = '', out: Record<string, string[]> = {}): Record<string, string[]> {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out[path] = [`The ${path.replace(/_/g, ' ')} field must not contain NUL characters.`];
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) nulFields(child, path ? `${path}.${key}` : key, out);
  }
  return out;
}

/**
 * The one validation pipe: unknown fields are refused, values are transformed into the DTO
 * classes, and failures are 422s in the contract's envelope, one entry per field. A body
 * that is not an object at all (an array, a string), or nested deeper than 32 levels, is a
 * 400; a NUL character in any string is a 422 for its field (PostgreSQL cannot store it).
 */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && depthOf(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      throw AppException.badRequest('The request body is nested too deeply.', `At most ${MAX_BODY_DEPTH} levels.`);
    }
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      // No body at all reads as an empty form; a JSON null, array or scalar is no object.
      if (value === undefined) value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw AppException.badRequest('The request body must be a JSON object or a form.');
      }
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const nul = nulFields(value);
      if (Object.keys(nul).length) throw AppException.validation(nul);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
  });
}
