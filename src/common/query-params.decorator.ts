import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** 1 to 200, written as a whole number: query values arrive as text and are not converted. */
const PAGE_LIMIT = /^(?:[1-9]\d?|1\d\d|200)$/;
/** What the cursor codec writes: base64url with dots, never longer than this. */
export const OPAQUE_CURSOR = /^[A-Za-z0-9_.-]{1,500}$/;

/** An optional text field (query parameter or body member); the rules that say what the text must be follow it. */
export function OptionalTextProperty(options: ApiPropertyOptions = {}): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional(options), IsOptional(), IsString());
}

/** `limit` of the keyset-paged lists that take 1–200 and default to 50. */
export function PageLimitParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'Page size, 1–200 (default 50).', example: '50' }),
    IsOptional(),
    Matches(PAGE_LIMIT, { message: 'limit must be a whole number from 1 to 200' }),
  );
}

/** `cursor`: the previous page's next_cursor, refused early when it cannot be one this service wrote. */
export function PageCursorParam(description: string, pattern: RegExp = OPAQUE_CURSOR): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    Matches(pattern, { message: 'cursor is not a cursor this service gave' }),
  );
}
