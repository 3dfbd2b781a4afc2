import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { UnmatchedReason } from './unmatched-notice.entity';
import { ApiDateTime, ApiNullableDateTime, ApiNullableText } from '../common/openapi/api-response-property.decorator';

/** What presentUnmatchedNotice answers; amounts are as the webhook wrote them. */
@ApiSchema({ name: 'UnmatchedNotice', description: 'A verified webhook no session took, kept rather than dropped.' })
export class UnmatchedNoticeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: "The signed X-Request-ID: Fintecture's retries of one notice are one notice." })
  request_id: string;

  @ApiProperty({ enum: ['unknown_session', 'missing_fields', 'malformed_body'], example: 'unknown_session' })
  reason: UnmatchedReason;

  @ApiNullableText({ example: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f' })
  session_id: string | null;

  @ApiNullableText({ example: 'payment_created' })
  status: string | null;

  @ApiNullableText({ example: 'completed' })
  transfer_state: string | null;

  @ApiNullableText({ example: 'PayByBank' })
  type: string | null;

  @ApiNullableText({ example: 'order-2026-0042' })
  state: string | null;

  @ApiNullableText({ example: null })
  refunded_session_id: string | null;

  @ApiNullableText({ example: '42.50' })
  amount: string | null;

  @ApiNullableText({ example: '42.50' })
  received_amount: string | null;

  @ApiNullableText({ example: null })
  last_transaction_amount: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Every field of the body as received.' })
  fields: Record<string, unknown> | null;

  @ApiNullableText({ description: 'The body itself, when it could not be read as fields.' })
  raw_body: string | null;

  @ApiDateTime()
  received_at: string;

  @ApiNullableText({ format: 'uuid', description: 'The session that took it later; null while unmatched.' })
  matched_payment_session_id: string | null;

  @ApiNullableDateTime()
  matched_at: string | null;

  @ApiNullableDateTime({ description: 'Set when someone settled it by hand.' })
  resolved_at: string | null;

  @ApiNullableText()
  resolution: string | null;
}
