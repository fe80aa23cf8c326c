import type { ValidationArguments } from 'class-validator';

/**
 * Validation messages in the format the integration guides print
 * ("The email field is required."), so integrators see one style everywhere.
 */
export function attributeName(property: string): string {
  return property.replace(/_/g, ' ');
}

type MessageFn = (args: ValidationArguments) => string;

const field = (args: ValidationArguments) => attributeName(args.property);

export const messages = {
  required: ((a) => `The ${field(a)} field is required.`) as MessageFn,
  string: ((a) => `The ${field(a)} field must be a string.`) as MessageFn,
  email: ((a) => `The ${field(a)} field must be a valid email address.`) as MessageFn,
  boolean: ((a) => `The ${field(a)} field must be true or false.`) as MessageFn,
  integer: ((a) => `The ${field(a)} field must be an integer.`) as MessageFn,
  array: ((a) => `The ${field(a)} field must be an array.`) as MessageFn,
  uuid: ((a) => `The ${field(a)} field must be a valid UUID.`) as MessageFn,
  format: ((a) => `The ${field(a)} field format is invalid.`) as MessageFn,
  selected: ((a) => `The selected ${field(a)} is invalid.`) as MessageFn,
  oneOf:
    (allowed: readonly string[]): MessageFn =>
    (a) =>
      `The selected ${field(a)} is invalid. Allowed values: ${allowed.join(', ')}.`,
  maxLength:
    (max: number): MessageFn =>
    (a) =>
      `The ${field(a)} field must not be greater than ${max} characters.`,
  minLength:
    (min: number): MessageFn =>
    (a) =>
      `The ${field(a)} field must be at least ${min} characters.`,
  between:
    (min: number, max: number): MessageFn =>
    (a) =>
      `The ${field(a)} field must be between ${min} and ${max}.`,
  arrayMax:
    (max: number): MessageFn =>
    (a) =>
      `The ${field(a)} field must not have more than ${max} items.`,
  arrayMin:
    (min: number): MessageFn =>
    (a) =>
      `The ${field(a)} field must have at least ${min} item${min === 1 ? '' : 's'}.`,
  notAllowed: (property: string) => `The ${attributeName(property)} field is not allowed.`,
};
