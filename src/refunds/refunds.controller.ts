import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedRequest, RequireRole } from '../common/api-key.guard';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ProblemException } from '../common/problem';
import { ValidatedHeaders } from '../common/validation';
import { PaymentSessionsService } from '../payments/payment-sessions.service';
import { CreateRefundDto, CreateRefundHeadersDto, pickRefundHeaders, REFUND_IDEMPOTENCY_HEADER } from './dto/create-refund.dto';
import { RefundListDto, RefundResourceDto } from './dto/refund-resource.dto';
import { Refund } from './entities/refund.entity';
import { presentRefund } from './refund.presenter';
import { RefundsService } from './refunds.service';

const SESSION_PARAM = { name: 'id', description: "The session: the service's id (UUID) or Fintecture's 32-hex session_id." };

@ApiTags('refunds')
@RequireRole('merchant')
@Controller('v1')
export class RefundsController {
  constructor(
    private readonly refunds: RefundsService,
    private readonly sessions: PaymentSessionsService,
  ) {}

  @Post('payment-sessions/:id/refunds')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Refund a payment session, in full or in part',
    description:
      'Only a session that received money (paid, overpaid, partially_paid, covered) can be refunded, up to what it received less every refund ' +
      'not aborted; no amount means all of that. The refund is stored as requested, then sent to Fintecture (POST /pis/v2/refund, state = the ' +
      'refund id). When Fintecture does not answer (timeout, 5xx) the refund is answered as unknown and settled by its webhook or by ' +
      'reconciliation, never sent twice.',
  })
  @ApiParam(SESSION_PARAM)
  @ApiHeader(REFUND_IDEMPOTENCY_HEADER)
  @ApiBody({
    type: CreateRefundDto,
    examples: {
      partial: { summary: 'A partial refund', value: { amount: '10.00', communication: 'REFUND ORDER-2026-0042', reason: 'returned goods' } },
      whole: { summary: 'Everything still refundable', value: {} },
    },
  })
  @ApiCreatedResponse({
    type: RefundResourceDto,
    description: 'The refund: accepted, waiting, completed, or unknown when Fintecture did not answer.',
  })
  @ApiProblemResponses(
    { status: 400, description: 'Invalid body or Idempotency-Key; nothing was sent.', codes: ['validation_failed', 'malformed_body'] },
    { status: 404, description: 'No such session for this merchant.' },
    {
      status: 409,
      description:
        'refund_exceeds_balance (with refundable_amount), invalid_state (nothing received), idempotency_conflict, or idempotency_in_progress; nothing was sent.',
      codes: ['refund_exceeds_balance', 'invalid_state', 'idempotency_conflict', 'idempotency_in_progress'],
    },
    413,
    {
      status: 422,
      description: 'refund_aborted: Fintecture refused the refund; it is kept as aborted (`refund` in the problem).',
      codes: ['refund_aborted'],
    },
    { status: 502, description: 'upstream_unavailable: Fintecture would not serve the call (429, 401); a retry with the same key tries again.' },
    503,
  )
  async create(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id') id: string,
    @ValidatedHeaders(CreateRefundHeadersDto, pickRefundHeaders) headers: CreateRefundHeadersDto,
    @Body() body: CreateRefundDto,
  ) {
    const { refund, replayed } = await this.refunds.create({
      merchant: req.caller!.label,
      sessionRef: id,
      body,
      idempotencyKey: headers['idempotency-key'] ?? null,
    });
    res.location(`/v1/refunds/${refund.id}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    if (refund.status === 'aborted') throw abortedProblem(refund);
    return presentRefund(refund);
  }

  @Get('payment-sessions/:id/refunds')
  @ApiOperation({ summary: "A session's refunds, oldest first", description: 'Those started here and those started in the Fintecture Console.' })
  @ApiParam(SESSION_PARAM)
  @ApiOkResponse({ type: RefundListDto })
  @ApiProblemResponses({ status: 404, description: 'No such session for this merchant.' }, 503)
  async list(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    const session = await this.sessions.findForCaller(id, req.caller!.label);
    return { data: (await this.refunds.listForSession(session)).map(presentRefund) };
  }

  @Get('refunds/:refundId')
  @ApiOperation({ summary: 'Read a refund' })
  @ApiParam({ name: 'refundId', description: 'The refund id (UUID).' })
  @ApiOkResponse({ type: RefundResourceDto })
  @ApiProblemResponses({ status: 404, description: 'No such refund for this merchant.' }, 503)
  async findOne(@Req() req: AuthenticatedRequest, @Param('refundId') refundId: string) {
    return presentRefund(await this.refunds.findForCaller(refundId, req.caller!.label));
  }
}

/** Fintecture refused it (422, the refund kept as aborted), or never served the call (502, retryable under the same key). */
function abortedProblem(refund: Refund): ProblemException {
  const extensions = { refund: presentRefund(refund) };
  if (refund.failureCode === 'not_sent') {
    return new ProblemException(
      502,
      'upstream_unavailable',
      `Fintecture did not serve the refund call: ${refund.failureDetail ?? ''}`.trim(),
      extensions,
    );
  }
  return new ProblemException(422, 'refund_aborted', `Fintecture refused the refund: ${refund.failureDetail ?? 'refund_aborted'}`, extensions);
}
