import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { COUNTRY_CODE } from './payment-session.constants';
import { IsOmittable } from './validators';

type Docs = ApiPropertyOptions;
/** Lazy, so that classes declared further down a file can be named. */
type ClassRef = () => new () => object;

/** A required, non-empty string of at most `maxLength` characters. */
export function BoundedText(maxLength: number, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(ApiProperty({ maxLength, ...docs }), IsString(), IsNotEmpty(), MaxLength(maxLength));
}

/** The same, but the field may be omitted (not nulled). */
export function OptionalBoundedText(maxLength: number, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ maxLength, ...docs }), IsOmittable(), IsString(), IsNotEmpty(), MaxLength(maxLength));
}

/**
 * An optional string of at most `maxLength` characters that may be empty: official clients send ""
 * for a payer without a phone prefix, legal form or street number (Magento, the Ruby SDK), and
 * Fintecture takes it.
 */
export function OptionalText(maxLength: number, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ maxLength, ...docs }), IsOmittable(), IsString(), MaxLength(maxLength));
}

/**
 * A required nested object validated against `type`. Swagger only takes a function *named* `type` for
 * a lazy class reference (any other is read as the class itself, giving an empty $ref): hence `{ type: () => type() }`.
 */
export function Nested(type: ClassRef, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(ApiProperty({ type: () => type(), ...docs }), IsObject(), ValidateNested(), Type(type));
}

/** The same, but the object may be omitted (not nulled). */
export function OptionalNested(type: ClassRef, docs: Docs = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: () => type(), ...docs }), IsOmittable(), IsObject(), ValidateNested(), Type(type));
}

/** An ISO 3166-1 alpha-2 country code, in either case. */
export function CountryCode(docs: Docs = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: 'FR', pattern: COUNTRY_CODE.source, description: 'ISO 3166-1 alpha-2 ("FR"; "fr" is accepted too).', ...docs }),
    IsString(),
    Matches(COUNTRY_CODE, { message: 'country must be 2 letters (ISO 3166-1 alpha-2), e.g. "FR"' }),
  );
}
