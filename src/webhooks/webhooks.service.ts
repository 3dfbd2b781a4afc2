import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { QueryFailedError } from 'typeorm';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { FintectureWebhookVerifier } from '../fintecture/fintecture-webhook-verifier';
import { HeaderBag } from '../fintecture/http-signature';
import { WebhookReceivedEvent, WebhookResult } from './events/webhook-received.event';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { PaymentSessionsRepository } from '../payments/persistence/payment-sessions.repository';
import { SessionStateService } from '../payments/session-state.service';
import { MalformedWebhookBody, parseWebhookBody, WebhookPayload } from './webhook-payload';

export type { WebhookResult };

export interface WebhookInput {
  headers: HeaderBag;
  rawBody: Buffer;
  contentType?: string;
}

export interface WebhookAnswer {
  result: Exclude<WebhookResult, 'invalid'>;
  /** Why a verified notice changed nothing: terminal, regression, unchanged, unknown_status… */
  reason?: string;
}

/**
 * Fintecture's webhooks (contract §6): verified on the raw bytes by the one verifier, then
 * applied through the same state path as refresh, cancel and reconciliation. Every verified
 * notice is answered 200 whatever became of it, because a retry would change nothing; only a
 * fault on our side (the database) answers 5xx so that Fintecture tries again, which is safe
 * because the X-Request-ID dedupes the retry.
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
  ) {}

  async handle(input: WebhookInput): Promise<WebhookAnswer> {
    const verification = this.verifier.verify(input.headers, input.rawBody, this.config.get('webhooks', { infer: true }).toleranceSeconds);
    if (!verification.ok) {
      this.logger.warn({ webhook: { verified: false, reason: verification.reason } }, `webhook refused: ${verification.reason}`);
      this.tell('invalid');
      // The reason is logged, not answered: a caller probing the verifier learns nothing.
      throw new ProblemException(401, 'invalid_signature', 'The webhook signature, digest or date did not verify.');
    }
    const requestId = verification.requestId;

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
      if (error instanceof MalformedWebhookBody) return { result: 'ignored', reason: 'malformed_body' };
      throw error;
    }
    if (payload.type?.toLowerCase() === 'refund') return this.recordRefund(payload, requestId);
    if (!payload.sessionId || !payload.status) return { result: 'ignored', reason: 'missing_fields' };

    const session = await this.findSession(payload.sessionId);
    if (!session) return { result: 'unknown' };
    const dedupeKey = `webhook:${requestId}`;
    try {
      const applied = await this.state.apply(session.id, {
        source: 'webhook',
        kind: 'webhook',
        status: payload.status,
        transferState: payload.transferState,
        receivedAmountMinor: payload.receivedAmountMinor,
        requestId,
        dedupeKey,
        detail: webhookDetail(payload),
      });
      switch (applied.result) {
        case 'applied':
          return { result: 'applied' };
        case 'duplicate':
          return { result: 'duplicate' };
        case 'not_found':
          return { result: 'unknown' };
        case 'refused':
          // A status the service does not model is recorded and ignored; anything else was refused by the rules.
          return applied.reason === 'unknown_status' ? { result: 'ignored', reason: applied.reason } : { result: 'refused', reason: applied.reason };
      }
    } catch (error) {
      // The row lock makes this unreachable; the unique index is the last word if it is not.
      if (isDedupeViolation(error)) return { result: 'duplicate' };
      throw error;
    }
  }

  /** Refunds are facts about the original payment: recorded on it, its outcome untouched. */
  private async recordRefund(payload: WebhookPayload, requestId: string): Promise<WebhookAnswer> {
    if (!payload.refundedSessionId) return { result: 'ignored', reason: 'missing_fields' };
    const session = await this.findSession(payload.refundedSessionId);
    if (!session) return { result: 'unknown' };
    try {
      const noted = await this.state.note(session.id, {
        source: 'webhook',
        kind: 'refund',
        status: payload.status,
        transferState: payload.transferState,
        requestId,
        dedupeKey: `webhook:${requestId}`,
        detail: { ...webhookDetail(payload), refund_session_id: payload.sessionId, refunded_amount: payload.amount },
      });
      if (noted.result === 'not_found') return { result: 'unknown' };
      return noted.result === 'duplicate' ? { result: 'duplicate' } : { result: 'applied' };
    } catch (error) {
      if (isDedupeViolation(error)) return { result: 'duplicate' };
      throw error;
    }
  }

  private findSession(sessionId: string): Promise<PaymentSession | null> {
    return this.sessions.findBySessionId(sessionId);
  }

  private tell(result: WebhookResult): void {
    this.events.emit(WebhookReceivedEvent.NAME, new WebhookReceivedEvent(result));
  }
}

function webhookDetail(payload: WebhookPayload): Record<string, unknown> {
  const detail: Record<string, unknown> = {
    type: payload.type,
    event: payload.event,
    amount: payload.amount,
    received_amount: payload.receivedAmount,
    state: payload.state,
    provider: payload.provider,
  };
  for (const key of Object.keys(detail)) if (detail[key] === null) delete detail[key];
  return detail;
}

function isDedupeViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return (
    (driverError?.code === '23505' && driverError.constraint === 'uq_session_events_dedupe') ||
    /UNIQUE constraint failed: session_events\./.test(error.message)
  );
}
