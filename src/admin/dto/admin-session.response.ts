import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { OUTCOMES, type Outcome } from '../../payments/payment-outcome';
import { PaymentSessionResponse } from '../../payments/dto/payment-session.response';
import { PaymentSession } from '../../payments/entities/payment-session.entity';
import { AdminRefundDto } from '../../refunds/dto/refund-resource.dto';
import type { EventSource } from '../../payments/entities/session-event.entity';
import { SESSION_CSV_HEADER, sessionCsvLine } from '../sessions-csv';
import { ApiDateTime, ApiNullableText } from '../../common/openapi/api-response-property.decorator';

const DECIMAL = '^\\d+\\.\\d{2}$';

/** What presentAdminSession answers: the session resource and whose it is. */
@ApiSchema({ name: 'AdminPaymentSession', description: 'A payment session, with the merchant key that created it.' })
export class AdminPaymentSessionResponse extends PaymentSessionResponse {
  @ApiProperty({ example: 'shop', description: 'The label of the merchant API key that created it.' })
  merchant: string;
}

/** What presentEvent answers. */
@ApiSchema({ name: 'SessionEvent', description: 'One thing that happened to a session: a change, or a notice that changed nothing (and why).' })
export class SessionEventResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['api', 'webhook', 'reconciliation', 'admin'], example: 'webhook' })
  source: EventSource;

  @ApiProperty({ example: 'status', description: 'created, creation_failed, status, refund, cancel_requested…' })
  kind: string;

  @ApiProperty({ example: true, description: 'Whether it was applied.' })
  accepted: boolean;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: null,
    description: 'Why it changed nothing: duplicate, terminal, regression, unknown_status…',
  })
  reason: string | null;

  @ApiNullableText({ example: 'payment_created' })
  status: string | null;

  @ApiNullableText({ example: 'completed' })
  transfer_state: string | null;

  // Inline, not the Outcome $ref: OpenAPI 3.0 cannot make a $ref nullable.
  @ApiProperty({ type: 'string', enum: OUTCOMES, nullable: true, example: 'awaiting_payer' })
  outcome_before: Outcome | null;

  @ApiProperty({ type: 'string', enum: OUTCOMES, nullable: true, example: 'paid' })
  outcome_after: Outcome | null;

  @ApiNullableText({ description: "The notice's X-Request-ID (webhooks)." })
  request_id: string | null;

  @ApiNullableText({ pattern: DECIMAL, example: '42.50' })
  received_amount: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: DECIMAL,
    example: null,
    description: 'Smart Transfer: the increment this notice reported.',
  })
  last_transaction_amount: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: null })
  detail: Record<string, unknown> | null;

  @ApiDateTime({ example: '2026-11-24T10:05:00.000Z' })
  created_at: string;
}

@ApiSchema({ name: 'AdminPaymentSessionWithEvents', description: 'A payment session with its whole history, oldest event first.' })
export class AdminPaymentSessionWithEventsResponse extends AdminPaymentSessionResponse {
  @ApiProperty({ type: () => [SessionEventResponse] })
  events: SessionEventResponse[];

  @ApiProperty({ type: () => [AdminRefundDto], description: "The session's refunds, oldest first (started here or in the Fintecture Console)." })
  refunds: AdminRefundDto[];
}

/** The export of one paid session, written by the export's own formatter. */
export const SESSIONS_CSV_EXAMPLE =
  SESSION_CSV_HEADER +
  sessionCsvLine(
    Object.assign(new PaymentSession(), {
      id: '0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a',
      sessionId: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f',
      merchant: 'shop',
      state: 'order-2026-0042',
      outcome: 'paid',
      status: 'payment_created',
      transferState: 'completed',
      amountMinor: 4250,
      currency: 'EUR',
      receivedAmountMinor: 4250,
      communication: 'ORDER-2026-0042',
      paymentMethods: ['immediate_transfer'],
      failureCode: null,
      expiresAt: null,
      createdAt: new Date('2026-11-24T10:00:00.000Z'),
      updatedAt: new Date('2026-11-24T10:05:00.000Z'),
      paidAt: new Date('2026-11-24T10:05:00.000Z'),
    }),
  );
