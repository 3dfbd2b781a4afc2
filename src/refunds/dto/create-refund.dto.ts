import { ApiHeaderOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { OptionalBoundedText } from '../../payments/dto/composite-decorators';
import { IsAmountString, IsOmittable } from '../../payments/dto/validators';

/** POST /v1/payment-sessions/{id}/refunds. */
export class CreateRefundDto {
  @ApiPropertyOptional({ example: '10.00', description: 'Decimal string, at most 2 decimals. Omitted: the whole refundable balance.' })
  @IsOmittable()
  @IsAmountString()
  amount?: string;

  @OptionalBoundedText(140, {
    example: 'REFUND ORDER-2026-0042',
    description: "Shown to the payer; sent to Fintecture. Default: REFUND + the session's communication.",
  })
  communication?: string;

  @OptionalBoundedText(500, { example: 'returned goods', description: 'Your own reason; stored, never sent to Fintecture.' })
  reason?: string;
}

// The same rule as the create's key: visible ASCII, inner spaces allowed, no edge spaces (proxies may trim them).
const IDEMPOTENCY_KEY = /^[\x21-\x7E](?:[\x20-\x7E]{0,253}[\x21-\x7E])?$/;

export class CreateRefundHeadersDto {
  @IsOmittable()
  @IsString()
  @Matches(IDEMPOTENCY_KEY, { message: 'idempotency-key must be 1 to 255 printable ASCII characters, without leading or trailing spaces' })
  'idempotency-key'?: string;
}

export function pickRefundHeaders(headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  return headers['idempotency-key'] === undefined ? {} : { 'idempotency-key': headers['idempotency-key'] };
}

export const REFUND_IDEMPOTENCY_HEADER: ApiHeaderOptions = {
  name: 'idempotency-key',
  required: false,
  description:
    'Optional, 1-255 printable ASCII characters, per merchant key. The same key with the same request answers the stored refund ' +
    '(Idempotent-Replayed: true) without a second refund; with a different request, 409 idempotency_conflict.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY.source },
};
