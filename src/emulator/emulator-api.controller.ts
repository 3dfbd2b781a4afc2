import { Controller, Get, Inject, Logger, Patch, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { errorItem, EmulatorExceptionFilter, FintectureApiError, toFintectureError } from './emulator-errors';
import { ApiOperation, EmulatorFaultService, faultError, isRefundBehaviour, RefundBehaviour } from './emulator-faults';
import { apiPathOf, EmulatorRequest, flatHeaders, parseJsonBody, rawBodyOf, wireQuery } from './emulator-http';
import { SESSION_STATUSES } from './emulator-model';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { validatePaymentPatch, validateRefund } from './emulator-payment-validation';
import { merchantBeneficiary, presentPayment, presentPaymentList, presentRefund } from './emulator-presenter';
import { EmulatorRefunds } from './emulator-refunds.service';
import { EmulatorRequestAuth } from './emulator-request-auth.service';
import { EmulatorRequestLog } from './emulator-request-log.service';
import { EmulatorSessionStore } from './emulator-session-store.service';
import { EmulatorTimers } from './emulator-timers.service';
import { EmulatorUrls } from './emulator-urls';
import { validateConnect } from './emulator-validation';

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// Connect headers that are not signed but that the session keeps (fintecture-api.md §2.2).
const CONNECT_HEADERS = ['x-psu-type', 'x-country', 'x-language', 'x-provider'];

/**
 * Fintecture's PIS API, as strict as production: every call but the token is authenticated by
 * EmulatorRequestAuth before its handler runs; every call is recorded and may suffer a fault.
 */
@ApiExcludeController()
@SkipThrottle()
@UseFilters(EmulatorExceptionFilter)
@Controller('emulator')
export class EmulatorApiController {
  private readonly logger = new Logger('Emulator');

  constructor(
    private readonly sessions: EmulatorSessionStore,
    private readonly refunds: EmulatorRefunds,
    private readonly auth: EmulatorRequestAuth,
    private readonly requests: EmulatorRequestLog,
    private readonly faults: EmulatorFaultService,
    private readonly timers: EmulatorTimers,
    private readonly urls: EmulatorUrls,
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
  ) {}

  @Post('oauth/accesstoken')
  token(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'token', false, (raw) => ({ status: 200, body: this.auth.issueToken(req, raw, false) }));
  }

  /** The signed variant the PHP SDK and the Magento modules use to test credentials (§1.2). */
  @Post('oauth/secure/accesstoken')
  secureToken(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'token', false, (raw) => ({ status: 200, body: this.auth.issueToken(req, raw, true) }));
  }

  @Post('pis/v2/connect')
  connect(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'connect', true, (raw) => {
      const headers = flatHeaders(req);
      const request = validateConnect(parseJsonBody(raw), wireQuery(req), headers);
      const connectHeaders: Record<string, string> = {};
      for (const name of CONNECT_HEADERS) {
        const value = headers[name];
        if (value !== undefined) connectHeaders[name] = value;
      }
      const session = this.sessions.create(request, connectHeaders);
      const body: Record<string, unknown> = {
        meta: { session_id: session.id, url: this.urls.payerPageUrl(session.id) },
      };
      if (request.withVirtualBeneficiary && session.virtualBeneficiary) body.virtual_beneficiary = session.virtualBeneficiary;
      if (request.withBeneficiary) body.beneficiary = merchantBeneficiary(session.beneficiaryName);
      return { status: 201, body };
    });
  }

  @Get('pis/v2/payments')
  list(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'list_payments', true, () => {
      let statuses: string[] | undefined;
      for (const [name, value] of wireQuery(req)) {
        if (name === 'filter[status]') {
          statuses = value.split(',').filter(Boolean);
          const unknown = statuses.filter((s) => !(SESSION_STATUSES as readonly string[]).includes(s));
          if (unknown.length || statuses.length === 0) {
            throw FintectureApiError.badRequest(errorItem('invalid_field', `filter[status]: unknown status ${unknown.join(', ')}`));
          }
        } else if (name.startsWith('filter[')) {
          throw FintectureApiError.badRequest(errorItem('invalid_field', `${name}: only filter[status] is supported`));
        }
      }
      return { status: 200, body: presentPaymentList(this.sessions.list(statuses), apiPathOf(req)) };
    });
  }

  @Get('pis/v2/payments/:sessionId')
  get(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'get_payment', true, () => {
      const query = wireQuery(req);
      for (const flag of ['with_virtualbeneficiary', 'with_beneficiary']) {
        const value = query.get(flag);
        if (value !== null && value !== 'true' && value !== 'false') {
          throw FintectureApiError.badRequest(errorItem('invalid_field', `${flag} must be true or false`));
        }
      }
      const session = this.sessions.require(req.params.sessionId as string);
      const body = presentPayment(session, { withVirtualBeneficiary: query.get('with_virtualbeneficiary') === 'true' });
      if (query.get('with_beneficiary') === 'true') {
        (body.data as Record<string, Record<string, unknown>>).attributes.beneficiary = merchantBeneficiary(session.beneficiaryName);
      }
      return { status: 200, body };
    });
  }

  @Patch('pis/v2/payments/:sessionId')
  patch(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'patch_payment', true, (raw) => {
      const session = this.sessions.require(req.params.sessionId as string);
      const patch = validatePaymentPatch(parseJsonBody(raw));
      return { status: 200, body: presentPayment(this.sessions.patch(session.id, patch)) };
    });
  }

  @Post('pis/v2/refund')
  refund(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'refund', true, (raw, fault) => {
      const { refund, behaviour } = this.refunds.refund(validateRefund(parseJsonBody(raw), wireQuery(req)), fault);
      return { status: 200, body: presentRefund(refund, behaviour) };
    });
  }

  /**
   * Records the call, applies an injected fault, checks credentials, runs the handler, and
   * answers in Fintecture's shape whatever happened.
   */
  private async serve(
    req: EmulatorRequest,
    res: Response,
    operation: ApiOperation,
    authenticated: boolean,
    /** `fault`: a refund behaviour to act out (the other faults never reach the handler). */
    handle: (raw: Buffer, fault: RefundBehaviour | null) => Answer,
  ): Promise<void> {
    let raw: Buffer = Buffer.alloc(0);
    let answer: Answer | undefined;
    try {
      raw = rawBodyOf(req);
    } catch (error) {
      answer = this.errorAnswer(error);
    }
    const entry = this.requests.record({
      operation,
      method: req.method,
      path: req.originalUrl,
      headers: req.headers,
      body: raw.toString('utf8'),
    });
    let holdMs = 0;
    if (!answer) {
      try {
        const fault = this.faults.take(operation, req.method, apiPathOf(req));
        entry.fault = fault?.kind ?? null;
        let behaviour: RefundBehaviour | null = null;
        const kind = fault?.kind;
        if (kind === 'timeout') holdMs = this.options.timeoutFaultMs;
        else if (kind && isRefundBehaviour(kind)) behaviour = kind;
        else if (kind) throw faultError(kind);
        if (authenticated) this.auth.authenticate(req, raw);
        answer = handle(raw, behaviour);
      } catch (error) {
        answer = this.errorAnswer(error);
      }
    }
    entry.status = answer.status;
    // A 'timeout' fault lets the call take effect and holds the answer, like a Fintecture that
    // processed the request but answered too late: the nastiest case for a client.
    if (holdMs > 0 && !(await this.timers.hold(holdMs, res))) return;
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    res.status(answer.status).type('application/json').send(JSON.stringify(answer.body));
  }

  private errorAnswer(error: unknown): Answer {
    if (!(error instanceof FintectureApiError)) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const fintectureError = toFintectureError(error);
    return { status: fintectureError.httpStatus, body: fintectureError.body(), headers: fintectureError.headers };
  }
}
