import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/*
 * The member kinds the response schemas repeat, so that each says once how it is written:
 * instants as ISO 8601 strings, counts as integers, and "absent" as null rather than a missing key.
 */

/** An instant, written as an ISO 8601 string. */
export function ApiDateTime(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: 'string', format: 'date-time', ...options });
}

/** An instant that may not have happened (yet): null until then. */
export function ApiNullableDateTime(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: 'string', format: 'date-time', nullable: true, ...options });
}

/** Text that is null when there is none. */
export function ApiNullableText(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: 'string', nullable: true, ...options });
}

/** A whole number. */
export function ApiInteger(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: 'integer', ...options });
}
