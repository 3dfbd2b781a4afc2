import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/configuration';
import { uuidv7 } from '../common/ids';
import { toMinorUnits, tryMinorUnits } from '../common/money';
import { ProblemException } from '../common/problem';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { CreatePaymentSessionCall, PaymentStatusReport } from '../fintecture/fintecture.types';
import { CreatePaymentSessionHeadersDto } from './dto/create-payment-session-headers.dto';
import { CreatePaymentSessionQueryDto } from './dto/create-payment-session-query.dto';
import { CreatePaymentSessionDto } from './dto/create-payment-session.dto';
import { attemptLifetimeMs, replayStep } from './create-attempts';
import { PaymentSession } from './entities/payment-session.entity';
import { isTerminal } from './payment-outcome';
import { presentSession } from './payment-session.presenter';
import { PaymentSessionsRepository } from './persistence/payment-sessions.repository';
import { ApplyResult, SessionStateService } from './session-state.service';
import { problemForUpstream } from './upstream-problem';

/** Query parameters forwarded to /pis/v2/connect, in the order they are written on the wire. */
const FORWARDED_QUERY = ['redirect_uri', 'origin_uri', 'state', 'with_beneficiary', 'with_virtualbeneficiary'] as const;
/** Connect headers forwarded as given; Fintecture does not sign them (fintecture-api.md §2.2). */
const FORWARDED_HEADERS = ['x-psu-type', 'x-country', 'x-language', 'x-provider'] as const;

/** What a new session holds before Fintecture has answered for it or reconciliation has looked at it. */
export const UNANSWERED_SESSION_FIELDS = {
  transferState: null,
  url: null,
  virtualBeneficiary: null,
  beneficiary: null,
  receivedAmountMinor: null,
  failureCode: null,
  failureStatus: null,
  failureDetail: null,
  nextCheckAt: null,
  checkCount: 0,
  lastCheckedAt: null,
  reconciliationGaveUpAt: null,
} satisfies Partial<PaymentSession>;

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
      amountMinor: toMinorUnits(body.data.attributes.amount),
      currency: body.data.attributes.currency,
      communication: body.data.attributes.communication ?? null,
      paymentMethods: body.meta.payment_methods?.map((m) => m.id) ?? ['immediate_transfer'],
      ...UNANSWERED_SESSION_FIELDS,
      expiresAt: typeof expiry === 'number' ? new Date(now.getTime() + expiry * 1000) : null,
      createAttempt: 1,
      attemptStartedAt: null,
      createdAt: now,
      updatedAt: now,
    });

    const call: CreatePaymentSessionCall = { query: wireQuery, body: wireBody, headers: wireHeaders };
    const inserted = await this.sessions.createOnce(session);
    if (inserted !== session) return this.resume(inserted, fingerprint, call);
    return { session: await this.attempt(session, call, fingerprint), replayed: false };
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

  /**
   * Asks Fintecture to cancel, then records what Fintecture reports, never an assumed
   * payment_cancelled: a payer who paid just before is a paid session, answered 409 as it is.
   */
  async cancel(session: PaymentSession): Promise<PaymentSession> {
    if (session.outcome === 'cancelled') return session;
    if (isTerminal(session.outcome) || !session.sessionId) {
      throw new ProblemException(409, 'invalid_state', `A session that is ${session.outcome} cannot be cancelled.`);
    }
    let report: PaymentStatusReport;
    try {
      report = await this.fintecture.cancelPayment(session.sessionId);
    } catch (error) {
      if (!(error instanceof FintectureError)) throw error;
      // Refused, or answered without a status: Fintecture's own view of the session says why.
      if (error.kind === 'rejected' || error.kind === 'invalid_response') {
        const now = await this.refresh(session).catch(() => session);
        if (now.outcome !== session.outcome || isTerminal(now.outcome)) throw notCancelled(now);
      }
      throw problemForUpstream(error, 'cancel');
    }
    const result = await this.state.apply(session.id, {
      source: 'api',
      kind: 'cancel',
      status: report.status,
      transferState: report.transferState,
      receivedAmountMinor: tryMinorUnits(report.receivedAmount),
      requestId: report.requestId,
    });
    if (result.result === 'not_found') return session;
    if (result.session.outcome !== 'cancelled') throw notCancelled(result.session);
    return result.session;
  }

  /** One call to Fintecture for the row's current attempt, its answer or its failure written under that attempt. */
  private async attempt(row: PaymentSession, call: CreatePaymentSessionCall, fingerprint: string): Promise<PaymentSession> {
    try {
      const created = await this.fintecture.createPaymentSession(call);
      const result = await this.state.completeAttempt(
        row.id,
        row.createAttempt,
        created.sessionId,
        { source: 'api', kind: 'created', status: 'provider_required', requestId: created.requestId },
        (session) => {
          session.sessionId = created.sessionId;
          session.url = created.url;
          session.virtualBeneficiary = created.virtualBeneficiary;
          session.beneficiary = created.beneficiary;
          session.nextCheckAt = this.firstCheckAt(session);
        },
        row,
      );
      if (result.result === 'not_found') throw new Error(`session ${row.id} vanished while being created`);
      // Overtaken (a retry's attempt, or a notice that tied the row to a session): answer what the row holds now.
      if (result.result === 'refused' && result.reason === 'superseded') return (await this.resume(result.session, fingerprint, call)).session;
      return result.session;
    } catch (error) {
      if (!(error instanceof FintectureError)) throw error;
      const problem = problemForUpstream(error, 'create');
      const failed = await this.markCreationFailed(row, problem, error);
      // A notice that Fintecture confirmed got there first: the session exists after all.
      if (failed.result === 'refused' && failed.reason === 'not_creating') return failed.session;
      throw problem;
    }
  }

  /**
   * A request under an Idempotency-Key already used: the stored answer, a wait for the attempt in
   * flight, or (when the earlier attempt failed upstream or died) a new attempt under the same key.
   */
  private async resume(twin: PaymentSession, fingerprint: string, call: CreatePaymentSessionCall): Promise<CreateResult> {
    const { timeoutMs } = this.config.get('fintecture', { infer: true });
    const lifetimeMs = attemptLifetimeMs(timeoutMs, this.config.get('payments', { infer: true }).createTakeoverMarginSeconds);
    // The first request is still talking to Fintecture: wait for its answer rather than call twice.
    const deadline = Date.now() + 2 * timeoutMs + 5000;
    let current: PaymentSession = twin;
    for (;;) {
      const step = replayStep(current, fingerprint, Date.now(), lifetimeMs);
      switch (step.kind) {
        case 'conflict':
          throw new ProblemException(409, 'idempotency_conflict', 'This Idempotency-Key was used with a different request.');
        case 'answer':
          return { session: current, replayed: true };
        case 'replay_failure':
          throw new ProblemException(
            current.failureStatus ?? 502,
            current.failureCode ?? 'upstream_unavailable',
            current.failureDetail ?? 'Creating the session failed.',
            {
              session_id: current.id,
            },
          );
        case 'take_over': {
          const taken = await this.sessions.takeOverAttempt(current, new Date(Date.now() - lifetimeMs));
          if (taken) {
            this.logger.warn(
              `session ${taken.id}: attempt ${current.createAttempt} ${step.why === 'dead' ? 'is dead' : 'failed upstream'}; attempt ${taken.createAttempt} under the same Idempotency-Key`,
            );
            return { session: await this.attempt(taken, call, fingerprint), replayed: false };
          }
          break;
        }
        case 'wait':
          if (Date.now() >= deadline) {
            throw new ProblemException(
              409,
              'idempotency_in_progress',
              'A request with this Idempotency-Key is still in progress; retry later.',
              {},
              {
                'Retry-After': String(step.retryAfterSeconds),
              },
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const reread = await this.sessions.findById(twin.id);
      if (!reread) throw new Error(`session ${twin.id} vanished while being created`);
      current = reread;
    }
  }

  private markCreationFailed(row: PaymentSession, problem: ProblemException, error: FintectureError): Promise<ApplyResult> {
    this.logger.warn(`creating session ${row.id} (attempt ${row.createAttempt}) failed: ${error.kind}: ${error.message}`);
    return this.state.failCreation(row.id, {
      source: 'api',
      kind: 'creation_failed',
      reason: error.kind,
      failureCode: problem.code,
      failureStatus: problem.getStatus(),
      failureDetail: error.message,
      requestId: error.details.requestId ?? null,
      attempt: row.createAttempt,
      detail: {
        kind: error.kind,
        attempt: row.createAttempt,
        http_status: error.details.httpStatus ?? null,
        log_id: error.details.logId ?? null,
        errors: error.details.errors ?? [],
      },
    });
  }

  private firstCheckAt(session: PaymentSession): Date {
    const { backoffBaseSeconds } = this.config.get('reconciliation', { infer: true });
    return new Date(session.createdAt.getTime() + backoffBaseSeconds * 1000);
  }
}

/** 409 invalid_state with the session as it really is. */
function notCancelled(session: PaymentSession): ProblemException {
  return new ProblemException(
    409,
    'invalid_state',
    `The session is ${session.outcome} (${session.status ?? 'no status'}) at Fintecture; it was not cancelled.`,
    {
      session: presentSession(session),
    },
  );
}
