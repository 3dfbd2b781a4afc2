import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { UnmatchedReason } from './unmatched-notice.entity';

const NULLABLE_TEXT = { type: 'string', nullable: true } as const;
const NULLABLE_DATE_TIME = { type: 'string', format: 'date-time', nullable: true } as const;

/** What presentUnmatchedNotice answers; amounts are as the webhook wrote them. */
@ApiSchema({ name: 'UnmatchedNotice', description: 'A verified webhook no session took, kept rather than dropped.' })
export class UnmatchedNoticeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: "The signed X-Request-ID: Fintecture's retries of one notice are one notice." })
  request_id: string;

  @ApiProperty({ enum: ['unknown_session', 'missing_fields', 'malformed_body'], example: 'unknown_session' })
  reason: UnmatchedReason;

  @ApiProperty({ ...NULLABLE_TEXT, example: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f' })
  session_id: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: 'payment_created' })
  status: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: 'completed' })
  transfer_state: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: 'PayByBank' })
  type: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: 'order-2026-0042' })
  state: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: null })
  refunded_session_id: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: '42.50' })
  amount: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: '42.50' })
  received_amount: string | null;

  @ApiProperty({ ...NULLABLE_TEXT, example: null })
  last_transaction_amount: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Every field of the body as received.' })
  fields: Record<string, unknown> | null;

  @ApiProperty({ ...NULLABLE_TEXT, description: 'The body itself, when it could not be read as fields.' })
  raw_body: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  received_at: string;

  @ApiProperty({ ...NULLABLE_TEXT, format: 'uuid', description: 'The session that took it later; null while unmatched.' })
  matched_payment_session_id: string | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  matched_at: string | null;

  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'Set when someone settled it by hand.' })
  resolved_at: string | null;

  @ApiProperty({ ...NULLABLE_TEXT })
  resolution: string | null;
}
