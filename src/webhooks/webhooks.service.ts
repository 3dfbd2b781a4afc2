import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { SESSION_ID_PATTERN } from '../common/ids';
import { tryMinorUnits } from '../common/money';
import { ProblemException } from '../common/problem';
import { storableText } from '../common/storable-text';
import { AppConfig } from '../config/configuration';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { FintectureWebhookVerifier } from '../fintecture/fintecture-webhook-verifier';
import { PaymentStatusReport } from '../fintecture/fintecture.types';
import { HeaderBag } from '../fintecture/http-signature';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { RefundNoticesService } from '../refunds/refund-notices.service';
import { PaymentSessionsRepository } from '../payments/persistence/payment-sessions.repository';
import { ApplyResult, SessionStateService, StatusNotice } from '../payments/session-state.service';
import { WebhookReceivedEvent, WebhookResult } from './events/webhook-received.event';
import { answerForApplied, WebhookAnswer } from './webhook-answer';

export type { WebhookAnswer };
import { UnmatchedReason } from './unmatched-notice.entity';
import { UnmatchedNoticesService } from './unmatched-notices.service';
import { confirmedFacts, needsConfirmation, outcomeAfter } from './webhook-confirmation';
import { isRefundNotice, MalformedWebhookBody, parseWebhookBody, WebhookPayload } from './webhook-payload';

export type { WebhookResult };

export interface WebhookInput {
  headers: HeaderBag;
  rawBody: Buffer;
  contentType?: string;
}

/** Columns of session_events: longer statuses are nonsense the rules refuse anyway, but must still be storable. */
const STATUS_LENGTH = 64;
const REQUEST_ID_LENGTH = 128;

/**
 * Fintecture's webhooks (contract §6): verified on the raw bytes by the one verifier, then
 * applied through the same state path as refresh, cancel and reconciliation. Every verified
 * notice is recorded and answered 200 whatever became of it: on its session, or, when no session
 * takes it, as an unmatched notice. Only a fault on our side (the database, or Fintecture not
 * answering the confirmation) answers 5xx so that Fintecture tries again, which is safe because
 * the X-Request-ID dedupes the retry.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly sessions: PaymentSessionsRepository,
    private readonly state: SessionStateService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly verifier: FintectureWebhookVerifier,
    private readonly events: EventEmitter2,
    private readonly unmatched: UnmatchedNoticesService,
    private readonly fintecture: FintectureClient,
    private readonly refunds: RefundNoticesService,
  ) {}

  async handle(input: WebhookInput): Promise<WebhookAnswer> {
    const verification = this.verifier.verify(input.headers, input.rawBody, this.config.get('webhooks', { infer: true }).toleranceSeconds);
    if (!verification.ok) {
      this.logger.warn({ webhook: { verified: false, reason: verification.reason } }, `webhook refused: ${verification.reason}`);
      this.tell('invalid');
      // The reason is logged, not answered: a caller probing the verifier learns nothing.
      throw new ProblemException(401, 'invalid_signature', 'The webhook signature, digest or date did not verify.');
    }
    const requestId = requestKeyOf(verification.requestId);

    let answer: WebhookAnswer;
    try {
      answer = await this.process(input, requestId);
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      this.logger.error({ err: error, webhook: { request_id: requestId } }, 'webhook could not be processed; asking Fintecture to retry');
      throw new ProblemException(503, 'service_unavailable', 'The notice could not be recorded now; retry later.', {}, { 'Retry-After': '5' });
    }
    this.logger.log(
      { webhook: { verified: true, request_id: requestId, result: answer.result, reason: answer.reason } },
      `webhook ${requestId}: ${answer.result}${answer.reason ? ` (${answer.reason})` : ''}`,
    );
    this.tell(answer.result);
    return answer;
  }

  private async process(input: WebhookInput, requestId: string): Promise<WebhookAnswer> {
    let payload: WebhookPayload;
    try {
      payload = parseWebhookBody(input.rawBody, input.contentType);
    } catch (error) {
      if (!(error instanceof MalformedWebhookBody)) throw error;
      const rawBody = storableText(input.rawBody.toString('utf8'));
      return this.keep(input, requestId, 'malformed_body', null, { result: 'ignored', reason: 'malformed_body' }, rawBody);
    }
    if (isRefundNotice(payload)) return this.recordRefund(input, payload, requestId);
    if (!payload.sessionId || !payload.status)
      return this.keep(input, requestId, 'missing_fields', payload, { result: 'ignored', reason: 'missing_fields' });

    const session = await this.sessions.findBySessionId(payload.sessionId);
    if (session) return this.applyTo(session, payload, requestId);
    return (await this.adopt(payload, requestId)) ?? this.keep(input, requestId, 'unknown_session', payload, { result: 'unknown' });
  }

  /** Applies the notice; one that would release the goods is first confirmed with Fintecture, whose word is applied. */
  private async applyTo(session: PaymentSession, payload: WebhookPayload, requestId: string): Promise<WebhookAnswer> {
    const claim = noticeOf(payload, requestId);
    if (!this.config.get('webhooks', { infer: true }).confirm || !needsConfirmation(session, claim))
      return this.applied(this.state.apply(session.id, claim, undefined, { seen: session }));

    const report = await this.confirm(session.sessionId as string);
    if (!report) {
      const noted = await this.state.note(
        session.id,
        { ...claim, detail: { ...claim.detail, confirmed: false } },
        { accepted: false, reason: 'not_confirmed' },
      );
      return noted.result === 'duplicate' ? { result: 'duplicate' } : { result: 'refused', reason: 'not_confirmed' };
    }
    const confirmed = confirmedNotice(claim, report);
    const answer = await this.applied(this.state.apply(session.id, confirmed, undefined, { seen: session }));
    const contradicted = outcomeAfter(session, claim) !== outcomeAfter(session, confirmed);
    return answer.result === 'refused' && contradicted ? { result: 'refused', reason: 'not_confirmed' } : answer;
  }

  /**
   * A notice for a Fintecture session we do not know may belong to a create whose answer was lost:
   * the one attempt without a session id that has the notice's state and amount takes it (after
   * Fintecture confirms the session exists with that amount), then the notice is applied to it.
   */
  private async adopt(payload: WebhookPayload, requestId: string): Promise<WebhookAnswer | null> {
    const sessionId = payload.sessionId as string;
    if (!payload.state || !SESSION_ID_PATTERN.test(sessionId)) return null;
    const confirm = this.config.get('webhooks', { infer: true }).confirm;
    let report: PaymentStatusReport | null = null;
    // Fintecture's documented webhook carries no amount: its own answer then gives it.
    if (payload.amountMinor === null && confirm) report = await this.confirm(sessionId);
    const amountMinor = payload.amountMinor ?? tryMinorUnits(report?.amount ?? null);
    if (amountMinor === null) return null;
    const candidates = await this.sessions.findAdoptable(payload.state, amountMinor);
    if (candidates.length !== 1) return null;
    if (confirm && !report) report = await this.confirm(sessionId);
    if (confirm && (!report || !sameSession(report, candidates[0]))) return null;

    const claim = noticeOf(payload, requestId);
    const notice = report ? confirmedNotice(claim, report) : claim;
    let result: ApplyResult | null;
    try {
      result = await this.state.adoptSessionId(candidates[0].id, sessionId, notice, { request_id: requestId, confirmed: report !== null });
    } catch (error) {
      if (isDedupeViolation(error)) return { result: 'duplicate' };
      // Another row holds this session id after all (uq_payment_sessions_session_id): not ours to adopt.
      if (error instanceof QueryFailedError) return null;
      throw error;
    }
    if (!result) return null;
    this.logger.warn(`session ${candidates[0].id} adopted Fintecture session ${sessionId} from notice ${requestId}`);
    await this.unmatched.markMatched(requestId, candidates[0].id);
    return answerForApplied(result);
  }

  /**
   * Refunds are the refunds module's: matched to the refund they belong to, applied by its rules and
   * recorded on the original session too; a notice that names no payment of ours is kept unmatched.
   */
  private async recordRefund(input: WebhookInput, payload: WebhookPayload, requestId: string): Promise<WebhookAnswer> {
    try {
      const answer = await this.refunds.handle({
        requestId,
        refundSessionId: payload.sessionId,
        refundedSessionId: payload.refundedSessionId,
        state: payload.state,
        status: payload.status,
        transferState: payload.transferState,
        amount: payload.amount,
        sessionDetail: webhookDetail(payload),
      });
      if (answer.result !== 'unknown') return answer;
      if (!payload.refundedSessionId) return this.keep(input, requestId, 'missing_fields', payload, { result: 'ignored', reason: 'missing_fields' });
      return this.keep(input, requestId, 'unknown_session', payload, { result: 'unknown' });
    } catch (error) {
      if (isDedupeViolation(error)) return { result: 'duplicate' };
      throw error;
    }
  }

  /** Nothing verified is dropped: what no session takes is kept, once per X-Request-ID. */
  private async keep(
    input: WebhookInput,
    requestId: string,
    reason: UnmatchedReason,
    payload: WebhookPayload | null,
    answer: WebhookAnswer,
    rawBody?: string,
  ): Promise<WebhookAnswer> {
    const recorded = await this.unmatched.record({ requestKey: requestId, reason, payload, contentType: input.contentType, rawBody });
    return recorded === 'duplicate' ? { result: 'duplicate' } : answer;
  }

  /** Fintecture's own view of the session; null when it refuses to give one (no such session); 503 when it cannot be asked now. */
  private async confirm(sessionId: string): Promise<PaymentStatusReport | null> {
    try {
      return await this.fintecture.confirmPayment(sessionId);
    } catch (error) {
      if (!(error instanceof FintectureError)) throw error;
      if (error.kind === 'rejected') return null;
      this.logger.warn({ err: error }, `could not confirm a notice for ${sessionId} with Fintecture (${error.kind}); asking Fintecture to retry`);
      throw new ProblemException(
        503,
        'service_unavailable',
        'Fintecture could not confirm this notice now; nothing was applied. Retry later.',
        {},
        {
          'Retry-After': '30',
        },
      );
    }
  }

  private async applied(applying: Promise<ApplyResult>): Promise<WebhookAnswer> {
    try {
      return answerForApplied(await applying);
    } catch (error) {
      // The row lock makes this unreachable; the unique index is the last word if it is not.
      if (isDedupeViolation(error)) return { result: 'duplicate' };
      throw error;
    }
  }

  private tell(result: WebhookResult): void {
    this.events.emit(WebhookReceivedEvent.NAME, new WebhookReceivedEvent(result));
  }
}

function noticeOf(payload: WebhookPayload, requestId: string): StatusNotice {
  return {
    source: 'webhook',
    kind: 'webhook',
    status: clip(payload.status, STATUS_LENGTH) as string,
    transferState: clip(payload.transferState, STATUS_LENGTH),
    receivedAmountMinor: payload.receivedAmountMinor,
    lastTransactionAmountMinor: payload.lastTransactionAmountMinor,
    requestId,
    dedupeKey: `webhook:${requestId}`,
    detail: webhookDetail(payload),
  };
}

/** Fintecture's facts in place of the webhook's; what the webhook claimed stays in the event's detail. */
function confirmedNotice(claim: StatusNotice, report: PaymentStatusReport): StatusNotice {
  const claimed = { status: claim.status, transfer_state: claim.transferState ?? null, received_amount_minor: claim.receivedAmountMinor ?? null };
  return {
    ...claim,
    ...confirmedFacts(claim, report),
    detail: { ...claim.detail, claimed, confirmed: true, confirmed_by: report.requestId },
  };
}

/** Fintecture's answer describes the attempt: its amount and (when echoed) its state are the attempt's. */
function sameSession(report: PaymentStatusReport, session: PaymentSession): boolean {
  const amount = tryMinorUnits(report.amount);
  return (amount === null || amount === session.amountMinor) && (!report.state || report.state === session.state);
}

function webhookDetail(payload: WebhookPayload): Record<string, unknown> {
  const detail: Record<string, unknown> = {
    type: payload.type,
    event: payload.event,
    amount: payload.amount,
    received_amount: payload.receivedAmount,
    last_transaction_amount: payload.lastTransactionAmount,
    refunded_session_id: payload.refundedSessionId,
    state: payload.state,
    provider: payload.provider,
  };
  for (const key of Object.keys(detail)) if (detail[key] === null) delete detail[key];
  return detail;
}

function clip(text: string | null, length: number): string | null {
  return text === null ? null : text.slice(0, length);
}

/** The X-Request-ID as stored: itself, or its digest when longer than the column (a 4096-bit key signs long ones). */
function requestKeyOf(requestId: string): string {
  return requestId.length <= REQUEST_ID_LENGTH ? requestId : `sha256:${createHash('sha256').update(requestId).digest('hex')}`;
}

function isDedupeViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return (
    (driverError?.code === '23505' && driverError.constraint === 'uq_session_events_dedupe') ||
    /UNIQUE constraint failed: session_events\./.test(error.message)
  );
}
