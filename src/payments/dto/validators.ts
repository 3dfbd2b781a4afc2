import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';

// Up to 12 integer digits keeps every amount exact as integer cents well below 2^53,
// and forbids signs, exponents ("1e3") and leading zeros that Fintecture may read differently.
export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/** Integer cents of a string that already matches AMOUNT_PATTERN; BigInt so no float ever touches money. */
export function amountToCents(amount: string): bigint {
  const [units, decimals = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt(decimals.padEnd(2, '0'));
}

/** Why an amount is refused, or null when it is acceptable. */
export function describeAmountProblem(value: unknown): string | null {
  if (typeof value === 'number') {
    return 'must be a string such as "42.50", not a JSON number';
  }
  if (typeof value !== 'string') {
    return 'must be a string such as "42.50"';
  }
  if (!AMOUNT_PATTERN.test(value)) {
    return 'must be a decimal string with at most 12 integer digits and 2 decimals, without sign, exponent or leading zeros (e.g. "42.50")';
  }
  if (amountToCents(value) < 1n) {
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
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${describeAmountProblem(args.value) ?? 'is invalid'}`,
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
          return amountToCents(value as string) <= amountToCents(other as string);
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} (${String(args.value)}) must not exceed ${otherProperty} (${String(
            (args.object as Record<string, unknown>)[otherProperty],
          )})`,
      },
    });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD naming a day that exists (rejects 2026-02-30, which a regex alone accepts). */
export function isRealIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function IsRealIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isRealIsoDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isRealIsoDate(value),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a calendar date written YYYY-MM-DD (e.g. "2026-12-31")`,
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
        validate: (value: unknown, args: ValidationArguments) =>
          value === undefined || condition(args.object as T),
        defaultMessage: (args: ValidationArguments) => `${args.property} is only allowed when ${requirement}`,
      },
    });
}

/**
 * Optional, but not nullable. The body is forwarded to Fintecture as given, and how Fintecture
 * treats an explicit null is undocumented, so a caller must omit a field rather than null it.
 * (class-validator's IsOptional would let null through.)
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
