import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/api-key.guard';
import { ApiPageResponse } from '../common/openapi/api-page-response.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { UnmatchedNotice } from './unmatched-notice.entity';
import { UnmatchedNoticeResponse } from './unmatched-notice.response';
import { ListUnmatchedNoticesQueryDto } from './unmatched-notices-query.dto';
import { UnmatchedNoticesService } from './unmatched-notices.service';

export function presentUnmatchedNotice(notice: UnmatchedNotice) {
  return {
    id: notice.id,
    request_id: notice.requestId,
    reason: notice.reason,
    session_id: notice.sessionId,
    status: notice.status,
    transfer_state: notice.transferState,
    type: notice.type,
    state: notice.state,
    refunded_session_id: notice.refundedSessionId,
    amount: notice.amount,
    received_amount: notice.receivedAmount,
    last_transaction_amount: notice.lastTransactionAmount,
    fields: notice.fields,
    raw_body: notice.rawBody,
    received_at: notice.receivedAt.toISOString(),
    matched_payment_session_id: notice.matchedPaymentSessionId,
    matched_at: notice.matchedAt ? notice.matchedAt.toISOString() : null,
    resolved_at: notice.resolvedAt ? notice.resolvedAt.toISOString() : null,
    resolution: notice.resolution,
  };
}

@ApiTags('admin')
@RequireRole('admin')
@Controller('v1/admin/unmatched-notices')
export class UnmatchedNoticesController {
  constructor(private readonly notices: UnmatchedNoticesService) {}

  @Get()
  @ApiOperation({
    summary: 'Verified webhooks no session took, newest first',
    description:
      'A notice for a session_id the service does not know, without a session or status, or with a body that does not parse: recorded ' +
      '(once per X-Request-ID) rather than dropped. matched_payment_session_id is null while unmatched. Keyset pagination: pass ' +
      'next_cursor back as cursor.',
  })
  @ApiPageResponse(UnmatchedNoticeResponse, 'A page of unmatched notices, newest first.')
  @ApiProblemResponses(
    { status: 400, description: 'A parameter or the cursor is invalid (naming it).', codes: ['validation_failed', 'invalid_cursor'] },
    503,
  )
  async list(@Query() query: ListUnmatchedNoticesQueryDto) {
    const page = await this.notices.list(query.limit === undefined ? 50 : Number(query.limit), query.cursor);
    return { data: page.notices.map(presentUnmatchedNotice), next_cursor: page.nextCursor };
  }
}
