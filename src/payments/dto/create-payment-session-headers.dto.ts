import { ApiHeaderOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { IsOmittable } from './validators';

export const PSU_TYPES = ['retail', 'corporate', 'all'] as const;
export type PsuType = (typeof PSU_TYPES)[number];

const TWO_LETTERS = /^[A-Za-z]{2}$/;
const PROVIDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
// 1 to 255 visible ASCII characters; inner spaces are allowed, edge spaces are not because
// proxies may trim them and the same key would then no longer match.
const IDEMPOTENCY_KEY = /^[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?$/;

/** Header names exactly as Node exposes them in `req.headers` (lower case). */
export const PAYMENT_SESSION_HEADER_NAMES = ['x-psu-type', 'x-country', 'x-language', 'x-provider', 'idempotency-key'] as const;
export type PaymentSessionHeaderName = (typeof PAYMENT_SESSION_HEADER_NAMES)[number];

/**
 * The headers a caller may set on POST /v1/payment-sessions. Validate only what
 * `pickPaymentSessionHeaders` returns: the raw request carries many other headers (host,
 * authorization...) that forbidNonWhitelisted would otherwise refuse.
 */
export class CreatePaymentSessionHeadersDto {
  @ApiPropertyOptional({ name: 'x-psu-type', enum: PSU_TYPES, description: 'Type of payer: retail, corporate or all.' })
  @IsOmittable()
  @IsIn(PSU_TYPES, { message: `x-psu-type must be one of ${PSU_TYPES.join(', ')}` })
  'x-psu-type'?: PsuType;

  @ApiPropertyOptional({ name: 'x-country', example: 'fr', pattern: TWO_LETTERS.source, description: '2-letter country code.' })
  @IsOmittable()
  @IsString()
  @Matches(TWO_LETTERS, { message: 'x-country must be exactly 2 letters, e.g. "fr"' })
  'x-country'?: string;

  @ApiPropertyOptional({
    name: 'x-language',
    example: 'fr',
    pattern: TWO_LETTERS.source,
    description: '2-letter language code for payer notifications.',
  })
  @IsOmittable()
  @IsString()
  @Matches(TWO_LETTERS, { message: 'x-language must be exactly 2 letters, e.g. "fr"' })
  'x-language'?: string;

  // Whether Fintecture preselects the bank from it is uncertain; it is forwarded as given.
  @ApiPropertyOptional({
    name: 'x-provider',
    example: 'cmcifrpp',
    pattern: PROVIDER_ID.source,
    description: 'Provider (bank) id to preselect in Connect.',
  })
  @IsOmittable()
  @IsString()
  @Matches(PROVIDER_ID, { message: 'x-provider must be 1 to 64 characters among A-Z, a-z, 0-9, _ and -' })
  'x-provider'?: string;

  @ApiPropertyOptional({
    name: 'idempotency-key',
    minLength: 1,
    maxLength: 255,
    example: 'order-2026-0042-attempt-1',
    description: 'Replays of the same request with this key return the stored session; a different request gets 409.',
  })
  @IsOmittable()
  @IsString()
  @Matches(IDEMPOTENCY_KEY, {
    message: 'idempotency-key must be 1 to 255 printable ASCII characters, without leading or trailing spaces',
  })
  'idempotency-key'?: string;
}

export type PaymentSessionHeaderDoc = ApiHeaderOptions & {
  name: PaymentSessionHeaderName;
  description: string;
  required: boolean;
};

/** Ready for `@ApiHeaders(PAYMENT_SESSION_HEADERS)` on the controller (a mutable array, as ApiHeaders wants). */
export const PAYMENT_SESSION_HEADERS: PaymentSessionHeaderDoc[] = [
  {
    name: 'x-psu-type',
    description: 'Type of payer: retail, corporate or all.',
    required: false,
    enum: [...PSU_TYPES],
  },
  {
    name: 'x-country',
    description: '2-letter country code of the payer, any case, e.g. fr.',
    required: false,
    schema: { type: 'string', pattern: TWO_LETTERS.source, example: 'fr' },
  },
  {
    name: 'x-language',
    description: '2-letter language code for payer notifications, any case, e.g. fr.',
    required: false,
    schema: { type: 'string', pattern: TWO_LETTERS.source, example: 'fr' },
  },
  {
    name: 'x-provider',
    description: 'Provider (bank) id to preselect in Connect, e.g. cmcifrpp. Whether Connect honours it is not documented.',
    required: false,
    schema: { type: 'string', pattern: PROVIDER_ID.source, example: 'cmcifrpp' },
  },
  {
    name: 'idempotency-key',
    description:
      'Optional, 1-255 printable ASCII characters (inner spaces allowed). The same key with the same request returns the stored session; with a different request, 409.',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY.source },
  },
];

/**
 * Extracts the payment-session headers from Node's `req.headers`. A repeated header arrives as
 * an array and is kept as such, so validation refuses it instead of silently picking one.
 */
export function pickPaymentSessionHeaders(
  headers: Record<string, string | string[] | undefined>,
): Partial<Record<PaymentSessionHeaderName, string | string[]>> {
  const picked: Partial<Record<PaymentSessionHeaderName, string | string[]>> = {};
  for (const name of PAYMENT_SESSION_HEADER_NAMES) {
    const value = headers[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
