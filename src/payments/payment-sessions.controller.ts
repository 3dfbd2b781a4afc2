import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedRequest, RequireRole } from '../common/api-key.guard';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ValidationFailedException } from '../common/problem';
import { ValidatedHeaders } from '../common/validation';
import { fintectureConfig } from '../config/fintecture.config';
import { AmountLiteralsInterceptor, forwardedBodyText } from './dto/amount-literals.interceptor';
import { CreatePaymentSessionHeadersDto, PAYMENT_SESSION_HEADERS, pickPaymentSessionHeaders } from './dto/create-payment-session-headers.dto';
import { CreatePaymentSessionQueryDto } from './dto/create-payment-session-query.dto';
import { CreatePaymentSessionDto } from './dto/create-payment-session.dto';
import { GetPaymentSessionQueryDto } from './dto/get-payment-session-query.dto';
import { PAYMENT_SESSION_BODY_EXAMPLES } from './dto/payment-session.examples';
import { PAYMENT_SESSION_EXAMPLE, PaymentSessionResponse } from './dto/payment-session.response';
import { missingProductionFields } from './dto/production-requirements';
import { presentSession } from './payment-session.presenter';
import { PaymentSessionsService } from './payment-sessions.service';

const ID_PARAM = { name: 'id', description: "The service's id (UUID) or Fintecture's 32-hex session_id." };

@ApiTags('payment sessions')
@RequireRole('merchant')
@Controller('v1/payment-sessions')
export class PaymentSessionsController {
  constructor(
    private readonly sessions: PaymentSessionsService,
    @Inject(fintectureConfig.KEY) private readonly fintecture: ConfigType<typeof fintectureConfig>,
  ) {}

  @Post()
  @UseInterceptors(AmountLiteralsInterceptor)
  @ApiOperation({
    summary: 'Create a Fintecture payment session',
    description:
      "Mirrors Fintecture's POST /pis/v2/connect: the query, the x- headers and the body are validated, then forwarded, signed, to Fintecture, and the session is stored.",
  })
  @ApiBody({ type: CreatePaymentSessionDto, examples: PAYMENT_SESSION_BODY_EXAMPLES })
  @ApiHeader(PAYMENT_SESSION_HEADERS[0])
  @ApiHeader(PAYMENT_SESSION_HEADERS[1])
  @ApiHeader(PAYMENT_SESSION_HEADERS[2])
  @ApiHeader(PAYMENT_SESSION_HEADERS[3])
  @ApiHeader(PAYMENT_SESSION_HEADERS[4])
  @ApiCreatedResponse({
    type: PaymentSessionResponse,
    description:
      'The session, with the Connect url to send the payer to. A replay of an earlier request under its Idempotency-Key answers that session again.',
    headers: {
      Location: { description: '/v1/payment-sessions/{id}', schema: { type: 'string' } },
      'Idempotent-Replayed': {
        description: '"true" when this answers an earlier request with the same Idempotency-Key.',
        schema: { type: 'string', enum: ['true'] },
      },
    },
    example: PAYMENT_SESSION_EXAMPLE,
  })
  @ApiProblemResponses(
    {
      status: 400,
      description: 'Invalid request (with FINTECTURE_ENV=production, also a missing payer name, email or IP); nothing was sent to Fintecture.',
      codes: ['validation_failed', 'malformed_body'],
    },
    {
      status: 409,
      description: 'Idempotency-Key already used with a different request, or that request is still in progress (Retry-After).',
      codes: ['idempotency_conflict', 'idempotency_in_progress'],
    },
    413,
    { status: 415, description: 'A body charset other than UTF-8.' },
    { status: 422, description: 'Fintecture refused the request; the session is kept as creation_failed.' },
    { status: 502, description: 'Fintecture failed; the session is kept as creation_failed.' },
    503,
    { status: 504, description: 'Fintecture did not answer in time; the session is kept as creation_failed.' },
  )
  async create(
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
    @Query() query: CreatePaymentSessionQueryDto,
    @ValidatedHeaders(CreatePaymentSessionHeadersDto, pickPaymentSessionHeaders) headers: CreatePaymentSessionHeadersDto,
    @Body() body: CreatePaymentSessionDto,
  ) {
    if (this.fintecture.env === 'production') {
      const missing = missingProductionFields(body);
      if (missing.length) throw new ValidationFailedException(missing);
    }
    // The validated DTO is read for amounts and ids; Fintecture gets the caller's own bytes, in its key order.
    const forwarded = forwardedBodyText(req) ?? (req.body as object);
    const { session, replayed } = await this.sessions.create(req.caller!.label, body, query, headers, forwarded);
    res.location(`/v1/payment-sessions/${session.id}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return presentSession(session);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a payment session', description: '`?refresh=true` asks Fintecture for its status first.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PaymentSessionResponse, description: 'The session.', example: PAYMENT_SESSION_EXAMPLE })
  @ApiProblemResponses(
    { status: 400, description: 'refresh is not true or false.' },
    { status: 404, description: 'No such session for this merchant.' },
    { status: 422, description: 'refresh=true: Fintecture refused the read.' },
    { status: 502, description: 'refresh=true: Fintecture failed.' },
    503,
    { status: 504, description: 'refresh=true: Fintecture did not answer in time.' },
  )
  async findOne(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() query: GetPaymentSessionQueryDto) {
    let session = await this.sessions.findForCaller(id, req.caller!.label);
    if (query.refresh === 'true') session = await this.sessions.refresh(session);
    return presentSession(session);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an unpaid payment session at Fintecture' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({
    type: PaymentSessionResponse,
    description: 'The cancelled session.',
    example: { ...PAYMENT_SESSION_EXAMPLE, outcome: 'cancelled', status: 'payment_cancelled' },
  })
  @ApiProblemResponses(
    { status: 400, description: 'The id holds text no database can store (NUL, an unpaired surrogate).' },
    { status: 404, description: 'No such session for this merchant.' },
    {
      status: 409,
      description:
        'The session is paid, failed to be created, or otherwise final (one already cancelled answers 200); `session` may hold it as it is.',
    },
    { status: 422, description: 'Fintecture refused the cancel.' },
    { status: 502, description: 'Fintecture failed.' },
    503,
    { status: 504, description: 'Fintecture did not answer in time.' },
  )
  async cancel(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    const session = await this.sessions.findForCaller(id, req.caller!.label);
    return presentSession(await this.sessions.cancel(session));
  }
}
