import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { OUTCOMES, type Outcome } from '../payment-outcome';
import { ApiDateTime, ApiInteger, ApiNullableDateTime, ApiNullableText } from '../../common/openapi/api-response-property.decorator';

const DECIMAL = '^\\d+\\.\\d{2}$';

/** What presentSession answers (contract §5); the openapi e2e test holds the two together. */
@ApiSchema({ name: 'PaymentSession', description: 'A payment session as the service keeps it. Amounts are exact decimal strings, never numbers.' })
export class PaymentSessionResponse {
  @ApiProperty({ format: 'uuid', example: '0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a', description: "The service's id." })
  id: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: '^[0-9a-f]{32}$',
    example: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f',
    description: "Fintecture's session id; null until Fintecture has answered the create call.",
  })
  session_id: string | null;

  @ApiProperty({
    type: 'string',
    format: 'uri',
    nullable: true,
    example: 'https://connect-sandbox.fintecture.com/pis/7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f',
    description: 'Where to send the payer.',
  })
  url: string | null;

  @ApiProperty({ example: 'order-2026-0042', description: "The caller's state (its order reference), as sent." })
  state: string;

  @ApiProperty({
    enum: OUTCOMES,
    enumName: 'Outcome',
    example: 'awaiting_payer',
    description:
      "The service's reading of Fintecture's status and transfer state, the one field an order system needs. Terminal: creation_failed, paid, " +
      'overpaid, cancelled. covered (BNPL guaranteed: ship the goods) moves on to paid; failed and expired stay open for late funds.',
  })
  outcome: Outcome;

  @ApiNullableText({ example: 'provider_required', description: "Fintecture's session status, as last known." })
  status: string | null;

  @ApiNullableText({ example: null, description: "Fintecture's transfer state, as last known." })
  transfer_state: string | null;

  @ApiProperty({ pattern: DECIMAL, example: '42.50' })
  amount: string;

  @ApiProperty({ pattern: '^[A-Z]{3}$', example: 'EUR' })
  currency: string;

  @ApiNullableText({ example: 'ORDER-2026-0042' })
  communication: string | null;

  @ApiProperty({ type: [String], example: ['immediate_transfer'], description: 'immediate_transfer, smart_transfer, bnpl…' })
  payment_methods: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: null,
    description: "Fintecture's virtual beneficiary (with_virtualbeneficiary=true), as it sent it: at least iban.",
  })
  virtual_beneficiary: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: null,
    description: 'The beneficiary Fintecture reported, as it sent it.',
  })
  beneficiary: Record<string, unknown> | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: DECIMAL,
    example: null,
    description: 'What has been received so far, when Fintecture says.',
  })
  received_amount: string | null;

  @ApiProperty({ pattern: DECIMAL, example: '0.00', description: 'What completed refunds gave back.' })
  refunded_amount: string;

  @ApiProperty({ pattern: DECIMAL, example: '0.00', description: 'What can still be refunded: received, less refunded and refunds under way.' })
  refundable_amount: string;

  @ApiNullableDateTime({
    example: '2026-11-24T11:00:00.000Z',
    description: 'When Fintecture expires it, if an expiry was asked.',
  })
  expires_at: string | null;

  // Inline rather than a $ref: OpenAPI 3.0 cannot make a $ref nullable.
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['code', 'detail'],
    properties: {
      code: { type: 'string', example: 'upstream_rejected', description: 'upstream_rejected, upstream_unavailable, upstream_timeout…' },
      detail: { type: 'string', nullable: true, example: 'Fintecture refused to create the payment session: invalid_parameter' },
    },
    example: null,
    description: 'Why creating the session failed; null unless it did.',
  })
  failure: { code: string; detail: string | null } | null;

  @ApiDateTime({ nullable: true, example: null, description: 'When it first reached paid, overpaid or covered; never cleared.' })
  paid_at: string | null;

  @ApiInteger({ minimum: 1, example: 2, description: 'Grows by one with every change of the stored session.' })
  version: number;

  @ApiDateTime({ example: '2026-11-24T10:00:00.000Z' })
  created_at: string;

  @ApiDateTime({ example: '2026-11-24T10:00:00.000Z' })
  updated_at: string;
}

/** A session just created, as the create route answers it. */
export const PAYMENT_SESSION_EXAMPLE: Record<keyof PaymentSessionResponse, unknown> = {
  id: '0b6f6c1e-3f3a-4c43-9d35-1d6a0e0f6b7a',
  session_id: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f',
  url: 'https://connect-sandbox.fintecture.com/pis/7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f',
  state: 'order-2026-0042',
  outcome: 'awaiting_payer',
  status: 'provider_required',
  transfer_state: null,
  amount: '42.50',
  currency: 'EUR',
  communication: 'ORDER-2026-0042',
  payment_methods: ['immediate_transfer'],
  virtual_beneficiary: null,
  beneficiary: null,
  received_amount: null,
  refunded_amount: '0.00',
  refundable_amount: '0.00',
  expires_at: '2026-11-24T11:00:00.000Z',
  failure: null,
  paid_at: null,
  version: 2,
  created_at: '2026-11-24T10:00:00.000Z',
  updated_at: '2026-11-24T10:00:00.000Z',
};
