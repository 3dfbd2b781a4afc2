import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../../common/dates';
import { AMOUNT_PATTERN, parseAmount } from '../../common/money';
import { CUSTOM_MAX_LENGTH } from './payment-session.constants';

export { AMOUNT_PATTERN };

/**
 * Why an amount is refused, or null when it is acceptable. A JSON number only gets here when its
 * literal could not be read from the request text (see amount-literals.interceptor.ts), which
 * would mean reading it through a float: refused, as a string is always exact.
 */
export function describeAmountProblem(value: unknown): string | null {
  if (typeof value === 'number') {
    return 'must be a string such as "42.50", not a JSON number';
  }
  if (typeof value !== 'string') {
    return 'must be a string such as "42.50"';
  }
  const minor = parseAmount(value);
  if (minor === null) {
    return 'must be a decimal string with at most 12 integer digits and 2 decimals, without sign, exponent or leading zeros (e.g. "42.50")';
  }
  if (minor < 1) {
    return 'must be at least 0.01';
  }
  return null;
}

export function IsAmountString(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAmountString',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => describeAmountProblem(value) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${describeAmountProblem(args.value) ?? 'is invalid'}`,
      },
    });
}

/**
 * The value must not exceed the amount held in `otherProperty` of the same object.
 * When either side is malformed this rule stays silent: the format rule already reports it,
 * and a second, derived error would only confuse the caller.
 */
export function IsAmountNotAbove(otherProperty: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isAmountNotAbove',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [otherProperty],
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[otherProperty];
          if (describeAmountProblem(value) !== null || describeAmountProblem(other) !== null) {
            return true;
          }
          return (parseAmount(value as string) as number) <= (parseAmount(other as string) as number);
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} (${String(args.value)}) must not exceed ${otherProperty} (${String(
            (args.object as Record<string, unknown>)[otherProperty],
          )})`,
      },
    });
}

/** YYYY-MM-DD naming a day that exists (rejects 2026-02-30, which a regex alone accepts). */
export function IsRealIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRealIsoDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be a calendar date written YYYY-MM-DD (e.g. "2026-12-31")`,
      },
    });
}

/** `custom` is free-form: a string or a JSON object, never anything else. */
export function IsCustomData(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCustomData',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => {
          if (typeof value === 'string') return value.length <= CUSTOM_MAX_LENGTH;
          // Tag check rather than prototype identity: objects built in another realm (vm, workers)
          // have another Object.prototype but are just as plain.
          if (Object.prototype.toString.call(value) !== '[object Object]') return false;
          // Fintecture only documents the string's limit; the object gets the same bound so that
          // no part of the body is unbounded.
          return JSON.stringify(value).length <= CUSTOM_MAX_LENGTH;
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a string of at most ${CUSTOM_MAX_LENGTH} characters or a JSON object whose JSON text is at most ${CUSTOM_MAX_LENGTH} characters`,
      },
    });
}

/**
 * Refuses the property when present unless `condition` holds on its parent object.
 * `requirement` completes the sentence "<property> is only allowed when ...".
 */
export function AllowedOnlyWhen<T extends object>(
  condition: (object: T) => boolean,
  requirement: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'allowedOnlyWhen',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [requirement],
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => value === undefined || condition(args.object as T),
        defaultMessage: (args: ValidationArguments) => `${args.property} is only allowed when ${requirement}`,
      },
    });
}

/**
 * Optional, but not nullable: how Fintecture treats an explicit null is undocumented, so a caller
 * must omit a field rather than null it, except where an official client is known to send null
 * (psu_company). (class-validator's IsOptional would let null through.)
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * Keeps the caller's raw value. Without it, a pipe running with enableImplicitConversion would turn
 * the JSON number 42.5 into the string "42.5" (or "1800" into 1800) before validation, hiding a type
 * error, and class-transformer silently drops keys named `constructor` from free-form objects.
 */
export function KeepRaw(): PropertyDecorator {
  return Transform(({ obj, key }) => (obj as Record<string, unknown>)[key], { toClassOnly: true });
}

/**
 * A whole number given as a JSON integer or as a string of digits ("3600", as the JS SDK may send
 * `expiry`), read as a number; anything else is kept raw for the integer rules to refuse. The
 * caller's own text is what Fintecture receives, so reading it as a number changes nothing upstream.
 */
export function DigitsAsInteger(): PropertyDecorator {
  return Transform(
    ({ obj, key }) => {
      const raw = (obj as Record<string, unknown>)[key];
      return typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : raw;
    },
    { toClassOnly: true },
  );
}
