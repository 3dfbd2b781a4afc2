import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFUND_STATUSES } from '../refund-status';

/** OpenAPI schemas of the refund answers (the presenter builds them; these only describe them). */
export class RefundFailureDto {
  @ApiProperty({ example: 'refund_aborted', description: 'upstream_rejected, refund_aborted, not_sent, upstream_timeout, upstream_unavailable…' })
  code: string;

  @ApiProperty({ type: String, nullable: true, example: 'Fintecture answered 400: at most 12.50 can still be refunded' })
  detail: string | null;
}

export class RefundResourceDto {
  @ApiProperty({ format: 'uuid', description: 'Our refund id; sent to Fintecture as `state`.' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The payment session refunded (our id).' })
  payment_session_id: string;

  @ApiProperty({ example: '10.00' })
  amount: string;

  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({
    enum: REFUND_STATUSES,
    description:
      'requested: stored, the call to Fintecture not answered yet; unknown: the call failed or timed out and may have reached Fintecture ' +
      '(a webhook or reconciliation settles it); waiting: to be completed in the Fintecture Console; accepted: initiated; completed; aborted.',
  })
  status: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '9f1c2e3d4b5a69788796a5b4c3d2e1f0',
    description: "Fintecture's session of the refund, once known.",
  })
  refund_session_id: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'REFUND ORDER-2026-0042' })
  communication: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The merchant’s own reason; never sent to Fintecture.' })
  reason: string | null;

  @ApiProperty({ enum: ['api', 'console'], description: 'console: started in the Fintecture Console and learnt from its webhook.' })
  origin: string;

  @ApiProperty({ type: String, nullable: true, example: 'payment_created', description: "Fintecture's last word about it." })
  fintecture_status: string | null;

  @ApiProperty({ type: RefundFailureDto, nullable: true })
  failure: RefundFailureDto | null;

  @ApiProperty({ example: 2, description: 'Bumped by every change of status.' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;
}

export class RefundListDto {
  @ApiProperty({ type: [RefundResourceDto], description: 'Oldest first.' })
  data: RefundResourceDto[];
}

export class AdminRefundDto extends RefundResourceDto {
  @ApiProperty({ example: 'shop', description: "The label of the session's merchant key." })
  merchant: string;
}

export class AdminRefundPageDto {
  @ApiProperty({ type: [AdminRefundDto], description: 'Newest first.' })
  data: AdminRefundDto[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass back as `cursor` with the same filters; null on the last page.' })
  next_cursor: string | null;
}

export class RefundEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['api', 'webhook', 'reconciliation', 'admin'] })
  source: string;

  @ApiProperty({ example: 'webhook', description: 'requested, call, retry, webhook, console_refund, reconciliation, call_lost, discrepancy' })
  kind: string;

  @ApiProperty()
  accepted: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'unchanged' })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true })
  fintecture_status: string | null;

  @ApiProperty({ type: String, nullable: true })
  transfer_state: string | null;

  @ApiProperty({ type: String, nullable: true, enum: REFUND_STATUSES })
  status_before: string | null;

  @ApiProperty({ type: String, nullable: true, enum: REFUND_STATUSES })
  status_after: string | null;

  @ApiProperty({ type: String, nullable: true, example: '10.00' })
  amount: string | null;

  @ApiProperty({ type: String, nullable: true })
  request_id: string | null;

  @ApiProperty({ type: Object, nullable: true })
  detail: Record<string, unknown> | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

export class AdminRefundDetailDto extends AdminRefundDto {
  @ApiProperty({ type: [RefundEventDto], description: 'Oldest first.' })
  events: RefundEventDto[];
}
