import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { OUTCOMES, type Outcome } from '../../payments/payment-outcome';
import { AGE_BUCKETS } from '../overview-tally';
import { ApiDateTime, ApiInteger, ApiNullableDateTime } from '../../common/openapi/api-response-property.decorator';

/** What ConsoleAuthController answers: the live session, or why there is none. */
@ApiSchema({ name: 'ConsoleSession', description: 'The console session of this browser (its cookie), or why it has none.' })
export class ConsoleSessionResponse {
  @ApiProperty({ example: true })
  authenticated: boolean;

  @ApiPropertyOptional({ example: 'ops', description: 'Authenticated: the label of the admin key logged in with.' })
  label?: string;

  @ApiPropertyOptional({ description: 'Authenticated: send it as X-CSRF-Token on every state-changing call.' })
  csrf_token?: string;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', description: 'Authenticated: when the session ends unless used (sliding, capped).' })
  expires_at?: string;

  @ApiPropertyOptional({ type: 'integer', example: 1800, description: 'Authenticated.' })
  idle_timeout_seconds?: number;

  @ApiPropertyOptional({
    type: 'string',
    enum: ['expired', 'signed_out', 'invalid'],
    nullable: true,
    description: 'Not authenticated: why the cookie no longer holds (null: there was none).',
  })
  reason?: 'expired' | 'signed_out' | 'invalid' | null;
}

@ApiSchema({ name: 'CurrencyAmount', description: 'A sum in one currency; amounts in different currencies are never added up.' })
export class CurrencyAmountResponse {
  @ApiProperty({ example: 'EUR' })
  currency: string;

  @ApiProperty({ pattern: '^\\d+\\.\\d{2}$', example: '1250.00' })
  amount: string;
}

@ApiSchema({ name: 'OutcomeTotals', description: 'Sessions of one outcome: how many, and their amounts by currency.' })
export class OutcomeTotalsResponse {
  @ApiProperty({ enum: OUTCOMES, enumName: 'Outcome', example: 'paid', description: 'Outcomes are listed in the order of the Outcome schema.' })
  outcome: Outcome;

  @ApiInteger({ example: 12 })
  count: number;

  @ApiProperty({ type: () => [CurrencyAmountResponse] })
  amounts: CurrencyAmountResponse[];
}

@ApiSchema({ name: 'OverviewPeriod', description: 'Sessions created since `from`.' })
export class OverviewPeriodResponse {
  @ApiDateTime()
  from: string;

  @ApiProperty({ type: () => [OutcomeTotalsResponse] })
  outcomes: OutcomeTotalsResponse[];
}

@ApiSchema({ name: 'OpenSessionsAge', description: 'Open sessions of one age, as a created range the sessions list can show.' })
export class AgeBucketResponse {
  @ApiProperty({ enum: AGE_BUCKETS.map((b) => b.key), example: 'under_1h' })
  key: string;

  @ApiProperty({ example: 'under 1 hour' })
  label: string;

  @ApiNullableDateTime()
  created_from: string | null;

  @ApiNullableDateTime()
  created_to: string | null;

  @ApiInteger({ example: 3 })
  count: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { awaiting_payer: 2, pending: 1 } })
  by_outcome: Partial<Record<Outcome, number>>;
}

@ApiSchema({ name: 'OpenSessions', description: 'Sessions someone is still waiting on, by age.' })
export class OpenSessionsResponse {
  @ApiProperty({ enum: OUTCOMES, isArray: true, description: 'The outcomes counted as open.' })
  outcomes: Outcome[];

  @ApiInteger({ example: 3 })
  total: number;

  @ApiProperty({ type: () => [AgeBucketResponse] })
  by_age: AgeBucketResponse[];
}

/** What ConsoleOverviewService.overview answers. */
@ApiSchema({ name: 'ConsoleOverview', description: "The console's front page figures." })
export class ConsoleOverviewResponse {
  @ApiDateTime()
  generated_at: string;

  @ApiProperty({ description: 'True when the week held more sessions than one overview reads: the figures are then a lower bound.' })
  truncated: boolean;

  @ApiProperty({ type: () => OverviewPeriodResponse })
  today: OverviewPeriodResponse;

  @ApiProperty({ type: () => OverviewPeriodResponse })
  last_7_days: OverviewPeriodResponse;

  @ApiProperty({ type: () => OpenSessionsResponse })
  open: OpenSessionsResponse;
}
