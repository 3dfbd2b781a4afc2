import { Controller, Get, Inject, Logger, Patch, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from '../fintecture/fintecture-credentials';
import { safeEqual, VerificationFailure, verifyRequestSignature } from '../fintecture/http-signature';
import { errorItem, EmulatorExceptionFilter, FintectureApiError, toFintectureError } from './emulator-errors';
import { ApiOperation, faultError } from './emulator-faults';
import { apiPathOf, EmulatorRequest, flatHeaders, parseJsonBody, rawBodyOf, wireQuery } from './emulator-http';
import { DEMO_BANKS, SESSION_STATUSES } from './emulator-model';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { presentPayment, presentPaymentList } from './emulator-presenter';
import { validateConnect, validatePaymentPatch, validateRefund } from './emulator-validation';
import { EmulatorService } from './emulator.service';

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const SIGNATURE_FAILURES: Record<VerificationFailure, string> = {
  missing_headers: 'The Date and X-Request-ID headers are required.',
  digest_mismatch: 'The Digest header does not match the body.',
  malformed_signature: 'The Signature header is missing or malformed.',
  key_id_mismatch: 'The Signature keyId is not this application.',
  unsupported_algorithm: 'The Signature algorithm must be rsa-sha256.',
  headers_mismatch: 'The Signature must cover (request-target) date [digest] x-request-id, in that order.',
  signature_invalid: 'The signature does not verify.',
  undecryptable_signature: 'The signature does not verify.',
  date_invalid: 'The Date header is invalid.',
  date_out_of_window: 'The Date header is too old.',
};

const TOKEN_FAILURES = {
  missing: 'An access token is required: Authorization: Bearer <token>.',
  unknown: 'The access token is invalid.',
  expired: 'The access token has expired.',
};

// Connect headers that are not signed but that the session keeps (fintecture-api.md §2.2).
const CONNECT_HEADERS = ['x-psu-type', 'x-country', 'x-language', 'x-provider'];

const SIGNED_DATE_TOLERANCE_SECONDS = 300;

/**
 * Fintecture's PIS API, as strict as production: every call but the token checks the bearer
 * token, then the Digest over the raw bytes and the Signature over the path as on the wire,
 * with the project's one verifier.
 */
@ApiExcludeController()
@SkipThrottle()
@UseFilters(EmulatorExceptionFilter)
@Controller('emulator')
export class EmulatorApiController {
  private readonly logger = new Logger('Emulator');

  constructor(
    private readonly emulator: EmulatorService,
    @Inject(FINTECTURE_CREDENTIALS) private readonly credentials: FintectureCredentials,
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
  ) {}

  @Post('oauth/accesstoken')
  token(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'token', false, (raw) => this.issueToken(req, raw, false));
  }

  /** The signed variant the PHP SDK and the Magento modules use to test credentials (§1.2). */
  @Post('oauth/secure/accesstoken')
  secureToken(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'token', false, (raw) => this.issueToken(req, raw, true));
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
      const session = this.emulator.createSession(request, connectHeaders);
      const body: Record<string, unknown> = {
        meta: { session_id: session.id, url: this.emulator.urls.payerPageUrl(session.id) },
      };
      if (request.withVirtualBeneficiary && session.virtualBeneficiary) body.virtual_beneficiary = session.virtualBeneficiary;
      if (request.withBeneficiary) body.beneficiary = this.merchantBeneficiary(session.beneficiaryName);
      return { status: 201, body };
    });
  }

  @Get('pis/v2/payments')
  list(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'list_payments', true, () => {
      const query = wireQuery(req);
      let statuses: string[] | undefined;
      for (const [name, value] of query) {
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
      return { status: 200, body: presentPaymentList(this.emulator.listSessions(statuses), apiPathOf(req)) };
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
      const session = this.emulator.requireSession(req.params.sessionId as string);
      const body = presentPayment(session, { withVirtualBeneficiary: query.get('with_virtualbeneficiary') === 'true' });
      if (query.get('with_beneficiary') === 'true') {
        (body.data as Record<string, Record<string, unknown>>).attributes.beneficiary = this.merchantBeneficiary(session.beneficiaryName);
      }
      return { status: 200, body };
    });
  }

  @Patch('pis/v2/payments/:sessionId')
  patch(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'patch_payment', true, (raw) => {
      const session = this.emulator.requireSession(req.params.sessionId as string);
      const patch = validatePaymentPatch(parseJsonBody(raw));
      return { status: 200, body: presentPayment(this.emulator.patch(session.id, patch)) };
    });
  }

  @Post('pis/v2/refund')
  refund(@Req() req: EmulatorRequest, @Res() res: Response): Promise<void> {
    return this.serve(req, res, 'refund', true, (raw) => {
      const refund = this.emulator.refund(validateRefund(parseJsonBody(raw), wireQuery(req)));
      // The Ruby SDK's live sandbox spec reads meta.status 200 and meta.code "refund_accepted".
      return {
        status: 200,
        body: { meta: { session_id: refund.id, refunded_session_id: refund.refundedSessionId, status: 200, code: 'refund_accepted' } },
      };
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
    handle: (raw: Buffer) => Answer,
  ): Promise<void> {
    let raw: Buffer = Buffer.alloc(0);
    let answer: Answer | undefined;
    try {
      raw = rawBodyOf(req);
    } catch (error) {
      answer = this.errorAnswer(error);
    }
    const entry = this.emulator.record({
      operation,
      method: req.method,
      path: req.originalUrl,
      headers: req.headers,
      body: raw.toString('utf8'),
    });
    let holdMs = 0;
    if (!answer) {
      try {
        const fault = this.emulator.faults.take(operation, req.method, apiPathOf(req));
        entry.fault = fault?.kind ?? null;
        if (fault?.kind === 'timeout') holdMs = this.options.timeoutFaultMs;
        else if (fault) throw faultError(fault.kind);
        if (authenticated) this.authenticate(req, raw);
        answer = handle(raw);
      } catch (error) {
        answer = this.errorAnswer(error);
      }
    }
    entry.status = answer.status;
    // A 'timeout' fault lets the call take effect and holds the answer, like a Fintecture that
    // processed the request but answered too late: the nastiest case for a client.
    if (holdMs > 0 && !(await this.emulator.hold(holdMs, res))) return;
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

  private authenticate(req: EmulatorRequest, raw: Buffer): void {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = this.emulator.tokens.check(bearer?.[1]);
    if (!token.ok) throw FintectureApiError.invalidToken(TOKEN_FAILURES[token.reason]);
    this.verifySignature(req, raw);
  }

  private verifySignature(req: EmulatorRequest, raw: Buffer): void {
    const verified = verifyRequestSignature({
      method: req.method,
      pathWithQuery: req.originalUrl,
      headers: req.headers,
      rawBody: raw.length > 0 ? raw : undefined,
      appId: this.credentials.appId,
      publicKey: this.credentials.publicKey,
      // A signed call replayed later than this is refused, as a careful production would.
      toleranceSeconds: SIGNED_DATE_TOLERANCE_SECONDS,
    });
    if (!verified.ok) throw FintectureApiError.invalidSignature(SIGNATURE_FAILURES[verified.reason]);
  }

  private issueToken(req: EmulatorRequest, raw: Buffer, signed: boolean): Answer {
    const unauthorized = (code: string, message: string) =>
      new FintectureApiError(401, errorItem(code, message), { 'WWW-Authenticate': 'Basic' });
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!basic) throw unauthorized('invalid_client', 'Basic credentials are required: Authorization: Basic base64(app_id:app_secret).');
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const appId = colon < 0 ? decoded : decoded.slice(0, colon);
    const appSecret = colon < 0 ? '' : decoded.slice(colon + 1);
    // Both compared every time: which one is wrong does not show in the timing.
    const idOk = safeEqual(appId, this.credentials.appId);
    const secretOk = safeEqual(appSecret, this.credentials.appSecret);
    if (!idOk || !secretOk) throw unauthorized('invalid_client', 'The application credentials are invalid.');
    if (signed) {
      const appIdHeader = req.headers.app_id;
      if (typeof appIdHeader !== 'string' || !safeEqual(appIdHeader, this.credentials.appId)) {
        throw unauthorized('invalid_app_id', 'The app_id header must name this application.');
      }
      this.verifySignature(req, raw);
    }
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw FintectureApiError.badRequest(errorItem('invalid_field', 'Content-Type must be application/x-www-form-urlencoded'));
    }
    const form = new URLSearchParams(raw.toString('utf8'));
    const missing = ['grant_type', 'app_id', 'scope'].filter((name) => !form.get(name));
    if (missing.length) {
      throw FintectureApiError.badRequest(missing.map((name) => errorItem('mandatory_field_missing', `${name} has not been defined`)));
    }
    if (form.get('grant_type') !== 'client_credentials') {
      throw FintectureApiError.badRequest(
        errorItem('invalid_field', 'grant_type must be client_credentials (the emulator issues PIS tokens only)'),
      );
    }
    if (!safeEqual(form.get('app_id') as string, this.credentials.appId)) {
      throw unauthorized('invalid_app_id', 'app_id does not match the Basic credentials.');
    }
    if (form.get('scope') !== 'PIS') throw unauthorized('invalid_scopes', 'scope must be PIS.');
    const { token, expiresIn } = this.emulator.tokens.issue();
    return { status: 200, body: { token_type: 'Bearer', access_token: token, expires_in: expiresIn } };
  }

  private merchantBeneficiary(name: string | null): Record<string, string> {
    return {
      name: name ?? 'Emulated Merchant',
      iban: this.emulator.merchantIban,
      swift_bic: 'EMULFRPPXXX',
      bank_name: DEMO_BANKS[0].name,
      street: '1 rue de l’Exemple',
      zip: '75000',
      city: 'Paris',
      country: 'FR',
    };
  }
}
