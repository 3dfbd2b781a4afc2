import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { QueryFailedError, Repository } from 'typeorm';
import { UUID_PATTERN } from '../common/ids';
import { fromMinorUnits, toMinorUnits } from '../common/money';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { FintectureClient } from '../fintecture/fintecture.client';
import { FintectureError } from '../fintecture/fintecture.errors';
import { RefundAnswer } from '../fintecture/fintecture-refund';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { PaymentSessionsService } from '../payments/payment-sessions.service';
import { CreateRefundDto } from './dto/create-refund.dto';
import { Refund } from './entities/refund.entity';
import { newRefundRow } from './new-refund';
import { admitRefund, RefundAdmission } from './refund-balance';
import { answerNotice, callFailureNotice, lostCallNotice, refundCallLifetimeMs } from './refund-call-outcome';
import { RefundStateService, RefundTx } from './refund-state.service';

export interface CreateRefundInput {
  merchant: string;
  /** Ours or Fintecture's id of the session to refund. */
  sessionRef: string;
  body: CreateRefundDto;
  idempotencyKey: string | null;
}

export interface CreateRefundResult {
  refund: Refund;
  replayed: boolean;
}

type Started =
  | { kind: 'started'; refund: Refund; session: PaymentSession }
  | { kind: 'existing'; refund: Refund }
  | { kind: 'refused'; admission: Exclude<RefundAdmission, { ok: true }>; session: PaymentSession };

/**
 * The merchant's refunds (issue 14): admitted against the balance with the session row locked,
 * stored as requested before Fintecture hears of them, then one call, whose answer (or its
 * absence) goes through the refunds' one state path. An attempt that may have reached Fintecture
 * is never sent again: its webhook or reconciliation settles it.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger('Refunds');

  constructor(
    @InjectRepository(Refund) private readonly refunds: Repository<Refund>,
    private readonly sessions: PaymentSessionsService,
    private readonly state: RefundStateService,
    private readonly fintecture: FintectureClient,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async create(input: CreateRefundInput): Promise<CreateRefundResult> {
    const session = await this.sessions.findForCaller(input.sessionRef, input.merchant);
    const { amount, communication, reason } = input.body;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([session.id, amount ?? null, communication ?? null, reason ?? null]))
      .digest('hex');
    const started = await this.start(session, input, fingerprint);
    switch (started.kind) {
      case 'refused':
        throw refusal(started.admission, started.session);
      case 'existing':
        return this.replay(started.refund, fingerprint);
      case 'started':
        return { refund: await this.call(started.refund, started.session), replayed: false };
    }
  }

  /** The session's refunds, oldest first; the caller has already checked the session is theirs. */
  listForSession(session: PaymentSession): Promise<Refund[]> {
    return this.refunds.find({ where: { paymentSessionId: session.id }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async findForCaller(refundId: string, merchant: string): Promise<Refund> {
    const refund = UUID_PATTERN.test(refundId) ? await this.refunds.findOneBy({ id: refundId }) : null;
    // Another merchant's refund is answered exactly like one that does not exist.
    if (!refund || refund.merchant !== merchant) throw new ProblemException(404, 'not_found', `No refund ${refundId}.`);
    return refund;
  }

  /** Under the session's lock: the stored twin of an Idempotency-Key, a refusal, or a new requested refund. */
  private async start(session: PaymentSession, input: CreateRefundInput, fingerprint: string): Promise<Started> {
    const askedMinor = input.body.amount === undefined ? null : toMinorUnits(input.body.amount);
    try {
      const started = await this.state.withSession(session.id, async (tx): Promise<Started> => {
        if (input.idempotencyKey) {
          const twin = await tx.manager.getRepository(Refund).findOneBy({ merchant: input.merchant, idempotencyKey: input.idempotencyKey });
          if (twin) return { kind: 'existing', refund: twin };
        }
        const admission = await this.admit(tx, askedMinor);
        if (!admission.ok) return { kind: 'refused', admission, session: tx.session };
        const now = new Date();
        const refund = this.refunds.create(
          newRefundRow(
            tx.session,
            {
              merchant: input.merchant,
              origin: 'api',
              idempotencyKey: input.idempotencyKey,
              requestFingerprint: fingerprint,
              amountMinor: admission.amountMinor,
              status: 'requested',
              communication: input.body.communication ?? defaultCommunication(tx.session),
              reason: input.body.reason ?? null,
              callStartedAt: now,
            },
            now,
          ),
        );
        await this.state.insert(tx, refund, {
          source: 'api',
          kind: 'requested',
          amountMinor: refund.amountMinor,
          detail: { asked: input.body.amount ?? null, idempotency_key: input.idempotencyKey },
        });
        return { kind: 'started', refund, session: tx.session };
      });
      if (!started) throw new ProblemException(404, 'not_found', `No payment session ${input.sessionRef}.`);
      return started;
    } catch (error) {
      // Two requests with one key for two sessions lock two rows: the unique index decides.
      if (!input.idempotencyKey || !isIdempotencyViolation(error)) throw error;
      const twin = await this.refunds.findOneBy({ merchant: input.merchant, idempotencyKey: input.idempotencyKey });
      if (!twin) throw error;
      return { kind: 'existing', refund: twin };
    }
  }

  /** The balance read inside the transaction that holds the session: no in-memory arithmetic decides it. */
  private async admit(tx: RefundTx, askedMinor: number | null): Promise<RefundAdmission> {
    return admitRefund(tx.session, await this.state.totals(tx.manager, tx.session.id), askedMinor);
  }

  /** One call for the refund's current attempt; what Fintecture said, or that it said nothing, goes through the state path. */
  private async call(refund: Refund, session: PaymentSession): Promise<Refund> {
    const attempt = refund.callAttempt;
    let answer: RefundAnswer | null = null;
    let failure: unknown = null;
    try {
      answer = await this.fintecture.refund({
        sessionId: session.sessionId as string,
        amount: fromMinorUnits(refund.amountMinor),
        communication: refund.communication,
        state: refund.id,
      });
    } catch (error) {
      failure = error;
    }
    const notice = answer ? answerNotice(answer, attempt) : callFailureNotice(failure, attempt);
    if (!answer) {
      const kind = failure instanceof FintectureError ? failure.kind : 'internal';
      this.logger.warn(`refund ${refund.id}: the call failed (${kind}); the refund is ${notice.status}`);
      if (!(failure instanceof FintectureError)) this.logger.error({ err: failure }, 'unexpected error calling Fintecture for a refund');
    }
    const applied = await this.state.apply(refund.id, notice);
    if (applied.result === 'not_found') throw new Error(`refund ${refund.id} vanished while being made`);
    return applied.refund;
  }

  /**
   * A request under an Idempotency-Key already used: the stored refund, a wait for the call in
   * flight, or, when the earlier call was certainly never processed (Fintecture refused to serve
   * it: 429 or 401), a new attempt under the same key. A call that may have reached Fintecture is
   * never made again: once it has outlived any answer, it is unknown.
   */
  private async replay(twin: Refund, fingerprint: string): Promise<CreateRefundResult> {
    const { timeoutMs } = this.config.get('fintecture', { infer: true });
    const lifetimeMs = refundCallLifetimeMs(timeoutMs);
    const deadline = Date.now() + 2 * timeoutMs + 5000;
    let current = twin;
    for (;;) {
      if (current.requestFingerprint !== fingerprint) {
        throw new ProblemException(409, 'idempotency_conflict', 'This Idempotency-Key was used with a different request.');
      }
      if (current.status === 'aborted' && current.failureCode === 'not_sent') {
        const taken = await this.takeOver(current);
        if (taken) return { refund: await this.call(taken.refund, taken.session), replayed: false };
      } else if (current.status !== 'requested') {
        return { refund: current, replayed: true };
      } else {
        const startedAt = (current.callStartedAt ?? current.createdAt).getTime();
        if (Date.now() >= startedAt + lifetimeMs) {
          const lost = await this.state.apply(current.id, lostCallNotice('api', current.callAttempt));
          if (lost.result !== 'not_found') return { refund: lost.refund, replayed: true };
        } else if (Date.now() >= deadline) {
          const retryAfter = Math.min(60, Math.max(1, Math.ceil((startedAt + lifetimeMs - Date.now()) / 1000)));
          throw new ProblemException(
            409,
            'idempotency_in_progress',
            'A refund with this Idempotency-Key is still being made; retry later.',
            {},
            {
              'Retry-After': String(retryAfter),
            },
          );
        } else {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      const reread = await this.refunds.findOneBy({ id: twin.id });
      if (!reread) throw new Error(`refund ${twin.id} vanished`);
      current = reread;
    }
  }

  /** The next attempt of a refund whose call was never served, admitted again against today's balance. */
  private async takeOver(seen: Refund): Promise<{ refund: Refund; session: PaymentSession } | null> {
    const taken = await this.state.withSession(seen.paymentSessionId, async (tx) => {
      const refund = await this.state.find(tx, seen.id);
      if (!refund || refund.status !== 'aborted' || refund.failureCode !== 'not_sent' || refund.callAttempt !== seen.callAttempt) return null;
      const admission = await this.admit(tx, refund.amountMinor);
      if (!admission.ok) throw refusal(admission, tx.session);
      const retried = await this.state.retry(tx, refund);
      return { refund: retried, session: tx.session };
    });
    return taken ?? null;
  }
}

/** 409 with the balance: the caller learns what could still be refunded. */
function refusal(admission: Exclude<RefundAdmission, { ok: true }>, session: PaymentSession): ProblemException {
  if (admission.code === 'invalid_state') {
    return new ProblemException(409, 'invalid_state', `A session that is ${session.outcome} has received nothing to refund.`, {
      outcome: session.outcome,
    });
  }
  return new ProblemException(
    409,
    'refund_exceeds_balance',
    `At most ${fromMinorUnits(admission.balanceMinor)} ${session.currency} can still be refunded.`,
    {
      refundable_amount: fromMinorUnits(admission.balanceMinor),
    },
  );
}

/** What the payer reads on the refund: the order's own reference, marked as a refund. */
function defaultCommunication(session: PaymentSession): string | null {
  return session.communication ? `REFUND ${session.communication}`.slice(0, 140) : null;
}

function isIdempotencyViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return (
    (driverError?.code === '23505' && driverError.constraint === 'uq_refunds_idempotency') ||
    /UNIQUE constraint failed: refunds\.merchant, refunds\.idempotency_key/.test(error.message)
  );
}
