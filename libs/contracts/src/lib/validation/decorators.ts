import { Transform } from 'class-transformer';
import {
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { attributeName } from './messages';
import { normalizeOrigin } from './rules';

/**
 * May be left out; when sent, it is validated like any other value — `null` included, so a
 * `null` for a field that cannot be empty is a 422, not a silent write of nothing. (Use
 * class-validator's `IsOptional` only where `null` means something, such as "no category".)
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Trims strings; leaves every other value for the validators to judge. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}

/** `a,b` → `['a', 'b']`, for query filters that take several values. */
export function CommaList(): PropertyDecorator {
  return Transform(({ value }) =>
    typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value,
  );
}

/** Lower-cases and trims strings. */
export function TrimLower(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
}

/** Accepts a list of browser origins (`scheme://host[:port]`) and names the bad entries. */
export function IsOriginList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isOriginList',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: {
        message: (args: ValidationArguments) => {
          if (!Array.isArray(args.value)) return `The ${attributeName(args.property)} field must be an array.`;
          const bad = (args.value as unknown[])
            .filter((v) => typeof v !== 'string' || normalizeOrigin(v) === null)
            .map((v) => JSON.stringify(v))
            .slice(0, 5);
          return `The ${attributeName(args.property)} field must contain only origins of the form scheme://host[:port] with no path (invalid: ${bad.join(', ')}).`;
        },
        ...options,
      },
      validator: {
        validate(value: unknown) {
          return (
            Array.isArray(value) &&
            value.every((v) => typeof v === 'string' && normalizeOrigin(v) !== null)
          );
        },
      },
    });
  };
}

/**
 * Present and not blank: `undefined`, `null` and strings of only white space all fail
 * with "The {field} field is required.", as the integration guides show.
 */
export function Required(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isRequired',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: {
        message: (args: ValidationArguments) =>
          `The ${attributeName(args.property)} field is required.`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (value === undefined || value === null) return false;
          if (typeof value === 'string' && value.trim() === '') return false;
          return true;
        },
      },
    });
  };
}

/** Not one of the reserved slugs. */
export function IsNotReservedSlug(isReserved: (slug: string) => boolean): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNotReservedSlug',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options: {
        message: (args: ValidationArguments) =>
          `The ${attributeName(args.property)} "${String(args.value)}" is reserved; choose another.`,
      },
      validator: {
        validate(value: unknown) {
          return typeof value !== 'string' || !isReserved(value);
        },
      },
    });
  };
}

/** Trims, lower-cases and de-duplicates a list of tags; anything that is not a list is left for the validators. */
export function NormalizeTags(): PropertyDecorator {
  return Transform(({ value }) =>
    Array.isArray(value)
      ? [...new Set(value.map((t) => (typeof t === 'string' ? t.trim().toLowerCase() : t)))]
      : value,
  );
}

/** Reads an integer sent as text (query strings), leaving anything else for the validators. */
export function ToInt(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value));
}
