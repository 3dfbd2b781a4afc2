import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/configuration';
import { uuidv7 } from '../common/ids';
import { toMinorUnits, tryMinorUnits } from '../common/money';
import { ProblemException } from '../common/problem';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { CreatePaymentSessionHeadersDto } from './dto/create-payment-session-headers.dto';
import { CreatePaymentSessionQueryDto } from './dto/create-payment-session-query.dto';
import { CreatePaymentSessionDto } from './dto/create-payment-session.dto';
import { PaymentSession } from './entities/payment-session.entity';
import { isTerminal } from './payment-outcome';
import { PaymentSessionsRepository } from './persistence/payment-sessions.repository';
import { SessionStateService } from './session-state.service';

/** Query parameters forwarded to /pis/v2/connect, in the order they are written on the wire. */
const FORWARDED_QUERY = ['redirect_uri', 'origin_uri', 'state', 'with_beneficiary', 'with_virtualbeneficiary'] as const;
/** Connect headers forwarded as given; Fintecture does not sign them (fintecture-api.md §2.2). */
const FORWARDED_HEADERS = ['x-psu-type', 'x-country', 'x-language', 'x-provider'] as const;

export interface CreateResult {
  session: PaymentSession;
  /** True when an earlier request with the same Idempotency-Key is answered again. */
  replayed: boolean;
}

@Injectable()
export class PaymentSessionsService {
  private readonly logger = new Logger(PaymentSessionsService.name);

  constructor(
    private readonly sessions: PaymentSessionsRepository,
    private readonly state: SessionStateService,
    private readonly fintecture: FintectureClient,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async create(
    merchant: string,
    body: CreatePaymentSessionDto,
    query: CreatePaymentSessionQueryDto,
    headers: CreatePaymentSessionHeadersDto,
    forwardedBody: object | string = body,
  ): Promise<CreateResult> {
    // The caller's own text when the controller has it, else serialised once: the same string is
    // fingerprinted, hashed into the Digest and sent.
    const wireBody = typeof forwardedBody === 'string' ? forwardedBody : JSON.stringify(forwardedBody);
    const wireQuery = FORWARDED_QUERY.filter((name) => query[name] !== undefined)
      .map((name) => `${name}=${encodeURIComponent(query[name] as string)}`)
      .join('&');
    const wireHeaders: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = headers[name];
      if (value !== undefined) wireHeaders[name] = value;
    }
    const idempotencyKey = headers['idempotency-key'] ?? null;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([wireQuery, wireHeaders, wireBody]))
      .digest('hex');

    const now = new Date();
    const expiry = body.meta.expiry;
    const session = this.sessions.build({
      id: uuidv7(now.getTime()),
      sessionId: null,
      merchant,
      idempotencyKey,
      requestFingerprint: fingerprint,
      state: query.state,
      outcome: 'creating',
      status: null,
      transferState: null,
      amountMinor: toMinorUnits(body.data.attributes.amount),
      currency: body.data.attributes.currency,
      communication: body.data.attributes.communication ?? null,
      paymentMethods: body.meta.payment_methods?.map((m) => m.id) ?? ['immediate_transfer'],
      url: null,
      virtualBeneficiary: null,
      beneficiary: null,
      receivedAmountMinor: null,
      expiresAt: typeof expiry === 'number' ? new Date(now.getTime() + expiry * 1000) : null,
      failureCode: null,
      failureStatus: null,
      failureDetail: null,
      nextCheckAt: null,
      checkCount: 0,
      lastCheckedAt: null,
      reconciliationGaveUpAt: null,
      createdAt: now,
      updatedAt: now,
    });

    const inserted = await this.sessions.createOnce(session);
    if (inserted !== session) return { session: await this.replay(inserted, fingerprint), replayed: true };

    try {
      const created = await this.fintecture.createPaymentSession({ query: wireQuery, body: wireBody, headers: wireHeaders });
      const result = await this.state.apply(
        session.id,
        { source: 'api', kind: 'created', status: 'provider_required', requestId: created.requestId },
        (row) => {
          row.sessionId = created.sessionId;
          row.url = created.url;
          row.virtualBeneficiary = created.virtualBeneficiary;
          row.beneficiary = created.beneficiary;
          row.nextCheckAt = this.firstCheckAt(row);
        },
      );
      if (result.result === 'not_found') throw new Error(`session ${session.id} vanished while being created`);
      return { session: result.session, replayed: false };
    } catch (error) {
      if (!(error instanceof FintectureError)) throw error;
      const problem = problemForUpstream(error, 'create');
      await this.markCreationFailed(session.id, problem, error);
      throw problem;
    }
  }

  async findForCaller(idOrSessionId: string, merchant: string | null): Promise<PaymentSession> {
    const session = await this.findByAnyId(idOrSessionId);
    // A merchant sees its own sessions only; the answer does not say whether another's exists.
    if (!session || (merchant !== null && session.merchant !== merchant)) {
      throw new ProblemException(404, 'not_found', `No payment session ${idOrSessionId}.`);
    }
    return session;
  }

  findByAnyId(idOrSessionId: string): Promise<PaymentSession | null> {
    return this.sessions.findByAnyId(idOrSessionId);
  }

  /** Asks Fintecture for the session's status and applies it through the one state path. */
  async refresh(session: PaymentSession): Promise<PaymentSession> {
    if (!session.sessionId) return session;
    let report;
    try {
      report = await this.fintecture.getPayment(session.sessionId);
    } catch (error) {
      if (error instanceof FintectureError) throw problemForUpstream(error, 'refresh');
      throw error;
    }
    const result = await this.state.apply(session.id, {
      source: 'api',
      kind: 'refresh',
      status: report.status,
      transferState: report.transferState,
      receivedAmountMinor: tryMinorUnits(report.receivedAmount),
      requestId: report.requestId,
      recordUnchanged: false,
    });
    return result.result === 'not_found' ? session : result.session;
  }

  async cancel(session: PaymentSession): Promise<PaymentSession> {
    if (session.outcome === 'cancelled') return session;
    if (isTerminal(session.outcome) || !session.sessionId) {
      throw new ProblemException(409, 'invalid_state', `A session that is ${session.outcome} cannot be cancelled.`);
    }
    let report;
    try {
      report = await this.fintecture.cancelPayment(session.sessionId);
    } catch (error) {
      if (error instanceof FintectureError) throw problemForUpstream(error, 'cancel');
      throw error;
    }
    const result = await this.state.apply(session.id, {
      source: 'api',
      kind: 'cancel',
      status: report.status === 'payment_cancelled' ? report.status : 'payment_cancelled',
      transferState: report.transferState,
      requestId: report.requestId,
    });
    if (result.result === 'not_found') return session;
    if (result.result === 'refused' && result.session.outcome !== 'cancelled') {
      throw new ProblemException(409, 'invalid_state', `The session became ${result.session.outcome} and was not cancelled.`);
    }
    return result.session;
  }

  private async replay(twin: PaymentSession, fingerprint: string): Promise<PaymentSession> {
    if (twin.requestFingerprint !== fingerprint) {
      throw new ProblemException(409, 'idempotency_conflict', 'This Idempotency-Key was used with a different request.');
    }
    const { timeoutMs } = this.config.get('fintecture', { infer: true });
    // The first request is still talking to Fintecture: wait for its answer rather than call twice.
    const deadline = Date.now() + 2 * timeoutMs + 5000;
    let current: PaymentSession | null = twin;
    while (current && current.outcome === 'creating' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await this.sessions.findById(twin.id);
    }
    if (!current || current.outcome === 'creating') {
      throw new ProblemException(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still in progress; retry later.', {}, {
        'Retry-After': '1',
      });
    }
    if (current.outcome === 'creation_failed' && current.failureStatus && current.failureCode) {
      throw new ProblemException(current.failureStatus, current.failureCode, current.failureDetail ?? 'Creating the session failed.', {
        session_id: current.id,
      });
    }
    return current;
  }

  private async markCreationFailed(id: string, problem: ProblemException, error: FintectureError): Promise<void> {
    await this.state.failCreation(id, {
      source: 'api',
      kind: 'creation_failed',
      reason: error.kind,
      failureCode: problem.code,
      failureStatus: problem.getStatus(),
      failureDetail: error.message,
      requestId: error.details.requestId ?? null,
      detail: { kind: error.kind, http_status: error.details.httpStatus ?? null, log_id: error.details.logId ?? null, errors: error.details.errors ?? [] },
    });
    this.logger.warn(`creating session ${id} failed: ${error.kind}: ${error.message}`);
  }

  private firstCheckAt(session: PaymentSession): Date {
    const { backoffBaseSeconds } = this.config.get('reconciliation', { infer: true });
    return new Date(session.createdAt.getTime() + backoffBaseSeconds * 1000);
  }
}

/** Contract §8: 422 when Fintecture refused the request, 502 when it failed, 504 when it timed out. */
export function problemForUpstream(error: FintectureError, action: string): ProblemException {
  const extensions = {
    upstream: {
      http_status: error.details.httpStatus ?? null,
      code: error.details.code ?? null,
      log_id: error.details.logId ?? null,
      errors: error.details.errors ?? [],
    },
  };
  switch (error.kind) {
    case 'rejected':
      return new ProblemException(422, 'upstream_rejected', `Fintecture refused to ${action} the payment session: ${error.message}`, extensions);
    case 'timeout':
      return new ProblemException(504, 'upstream_timeout', `Fintecture did not answer in time to ${action} the payment session.`, extensions);
    case 'rate_limited':
      return new ProblemException(
        502,
        'upstream_unavailable',
        `Fintecture is rate limiting this app; ${action} was not done.`,
        extensions,
        error.details.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.details.retryAfterSeconds) } : {},
      );
    default:
      return new ProblemException(502, 'upstream_unavailable', `Fintecture failed to ${action} the payment session: ${error.message}`, extensions);
  }
}
