import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  DISCREPANCY_KINDS,
  RUN_SCOPES,
  RUN_STATUSES,
  RUN_TRIGGERS,
  type DiscrepancyKind,
  type RunFilters,
  type RunScope,
  type RunStatus,
  type RunTrigger,
} from './reconciliation-run.entity';
import { ApiDateTime, ApiInteger, ApiNullableDateTime, ApiNullableText } from '../common/openapi/api-response-property.decorator';

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

@ApiSchema({ name: 'Discrepancy', description: 'Something a pass found that no notice had said, or that needs a person.' })
export class DiscrepancyResponse {
  @ApiProperty({ enum: DISCREPANCY_KINDS, example: 'unannounced_change' })
  kind: DiscrepancyKind;

  @ApiNullableText({ format: 'uuid', description: 'Null for an unmatched notice: no session of ours took it.' })
  payment_session_id: string | null;

  @ApiNullableText({ example: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f' })
  session_id: string | null;

  @ApiProperty({ example: 'order-2026-0042' })
  state: string;

  @ApiNullableText({ example: 'awaiting_payer' })
  outcome_before: string | null;

  @ApiNullableText({ example: 'paid' })
  outcome_after: string | null;

  @ApiNullableText({ example: 'payment_created' })
  status: string | null;

  @ApiNullableText({ example: 'completed' })
  transfer_state: string | null;

  @ApiProperty({ example: 'paid, and no webhook said so' })
  message: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  detail: Record<string, unknown>;

  @ApiDateTime()
  at: string;
}

@ApiSchema({ name: 'RunErrorSample', description: 'One check that ended in error.' })
export class RunErrorSampleResponse {
  @ApiProperty({ format: 'uuid' })
  payment_session_id: string;

  @ApiNullableText()
  session_id: string | null;

  @ApiProperty({ example: 'timeout', description: 'timeout, rate_limited, rejected, database_unavailable…' })
  kind: string;

  @ApiInteger({ nullable: true, example: null })
  http_status: number | null;

  @ApiProperty({ example: 'Fintecture did not answer within 10000 ms' })
  message: string;

  @ApiDateTime()
  at: string;
}

/** What presentRun answers without details (the listing). */
@ApiSchema({ name: 'ReconciliationRunSummary', description: 'A reconciliation pass: what it covered and what it counted.' })
export class ReconciliationRunSummaryResponse {
  @ApiProperty({ format: 'uuid', description: 'UUIDv7: ordered by start.' })
  id: string;

  @ApiProperty({ enum: RUN_TRIGGERS, example: 'api' })
  trigger: RunTrigger;

  @ApiProperty({
    enum: RUN_STATUSES,
    example: 'finished',
    description:
      'running (its heartbeat renewed); finished; finished_with_errors: some checks ended in error (due again next pass); interrupted: ' +
      'stopped early (shutdown, Fintecture or the database failing); failed; abandoned: its process died.',
  })
  status: RunStatus;

  @ApiProperty({ enum: RUN_SCOPES, example: 'open', description: 'open: every session that is not terminal; due: only those due for a check.' })
  scope: RunScope;

  // Inline rather than a $ref: OpenAPI 3.0 cannot make a $ref nullable.
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['created_from', 'created_to', 'session_ids'],
    properties: {
      created_from: { type: 'string', nullable: true, example: '2026-11-01' },
      created_to: { type: 'string', nullable: true, example: null },
      session_ids: { type: 'array', items: { type: 'string' }, nullable: true, example: null },
    },
    example: null,
    description: 'What an admin narrowed the run to, as given; null for the whole scope.',
  })
  filters: RunFilters | null;

  @ApiProperty({ example: 'web-1:4242', description: 'The process that ran it.' })
  instance: string;

  @ApiDateTime()
  started_at: string;

  @ApiNullableDateTime()
  finished_at: string | null;

  @ApiNullableDateTime({ description: 'Renewed while it runs.' })
  heartbeat_at: string | null;

  @ApiInteger({ nullable: true, example: 1234 })
  duration_ms: number | null;

  @ApiInteger({ example: 12, description: 'Sessions examined: changed + unchanged + errors.' })
  checked: number;

  @ApiInteger({ example: 2 })
  changed: number;

  @ApiInteger({ example: 10 })
  unchanged: number;

  @ApiInteger({ example: 0 })
  errors: number;

  @ApiInteger({ example: 1 })
  discrepancy_count: number;

  @ApiProperty({ ...COUNTS, example: { unannounced_change: 1 }, description: 'Discrepancies by kind.' })
  discrepancy_kinds: Partial<Record<DiscrepancyKind, number>>;

  @ApiProperty({ ...COUNTS, example: {}, description: 'Checks in error by kind.' })
  error_kinds: Record<string, number>;

  @ApiNullableText({ example: null, description: 'Why it failed, stopped early or was abandoned.' })
  error: string | null;
}

/** What presentRun answers with details (one run, or a run just started). */
@ApiSchema({ name: 'ReconciliationRun', description: 'A reconciliation pass with what it found.' })
export class ReconciliationRunResponse extends ReconciliationRunSummaryResponse {
  @ApiProperty({ type: () => [DiscrepancyResponse], description: 'At most 1000; discrepancy_count has them all.' })
  discrepancies: DiscrepancyResponse[];

  @ApiProperty({ type: () => [RunErrorSampleResponse], description: 'At most 100.' })
  error_samples: RunErrorSampleResponse[];
}
