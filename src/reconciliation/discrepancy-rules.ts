import { fromMinorUnits } from '../common/money';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { Outcome } from '../payments/payment-outcome';
import type { ApplyResult } from '../payments/session-state.service';
import type { UnmatchedNotice } from '../webhooks/unmatched-notice.entity';
import { Discrepancy, DiscrepancyKind } from './reconciliation-run.entity';

/** A fact worth a person's attention, recorded once on the session under its dedupe key. */
export interface Finding {
  kind: DiscrepancyKind;
  dedupeKey: string;
  message: string;
  detail: Record<string, unknown>;
}

type SessionFacts = Pick<PaymentSession, 'amountMinor' | 'receivedAmountMinor' | 'currency' | 'outcome' | 'status' | 'expiresAt'>;

export function discrepancy(
  kind: DiscrepancyKind,
  session: PaymentSession,
  before: Outcome | null,
  message: string,
  detail: Record<string, unknown> = {},
  at: Date = new Date(),
): Discrepancy {
  for (const key of Object.keys(detail)) if (detail[key] === undefined) delete detail[key];
  return {
    kind,
    payment_session_id: session.id,
    session_id: session.sessionId,
    state: session.state,
    outcome_before: before,
    outcome_after: session.outcome,
    status: session.status,
    transfer_state: session.transferState,
    message,
    detail,
    at: at.toISOString(),
  };
}

/**
 * What Fintecture's answer to a check says beyond the status itself: an accepted change no
 * webhook had announced, or a refused one while the session did not move during the call (so
 * Fintecture disagrees with us; a stale answer is not a discrepancy).
 */
export function answerDiscrepancy(
  applied: Exclude<ApplyResult, { result: 'not_found' }>,
  report: { status: string; transferState: string | null },
  askedAt: Date,
  previous: { status: string | null; transferState: string | null } | null,
): Discrepancy | null {
  const session = applied.session;
  if (applied.result === 'applied') {
    return discrepancy('unannounced_change', session, applied.before, `Fintecture says ${report.status}; no webhook had said so.`, {
      previous_status: previous?.status ?? null,
      previous_transfer_state: previous?.transferState ?? null,
    });
  }
  if (applied.result === 'refused' && applied.reason !== 'unchanged' && session.updatedAt.getTime() < askedAt.getTime()) {
    return discrepancy(
      'status_conflict',
      session,
      session.outcome,
      `Fintecture says ${report.status}; the session stays ${session.outcome} (${applied.reason}).`,
      {
        reported_status: report.status,
        reported_transfer_state: report.transferState,
        reason: applied.reason,
      },
    );
  }
  return null;
}

/** Facts about the session as it now stands: a received amount other than the one asked, a payer page open past its expiry. */
export function sessionFindings(session: SessionFacts, now: Date): Finding[] {
  const found: Finding[] = [];
  const received = session.receivedAmountMinor;
  if (received !== null && received !== session.amountMinor) {
    found.push({
      kind: 'amount_mismatch',
      dedupeKey: `reconciliation:amount_mismatch:${received}`,
      message: `Received ${fromMinorUnits(received)} ${session.currency} for ${fromMinorUnits(session.amountMinor)} asked.`,
      detail: { amount: fromMinorUnits(session.amountMinor), received_amount: fromMinorUnits(received) },
    });
  }
  if (session.outcome === 'awaiting_payer' && session.expiresAt && session.expiresAt.getTime() < now.getTime()) {
    found.push({
      kind: 'open_past_expiry',
      dedupeKey: 'reconciliation:open_past_expiry',
      message: `Still ${session.status} at Fintecture after its expiry.`,
      detail: { expires_at: session.expiresAt.toISOString() },
    });
  }
  return found;
}

/** Recorded once per run: Fintecture refused to say anything about the session. */
export function rejectedCheckFinding(runId: string, message: string, details: { httpStatus?: number; code?: string; logId?: string }): Finding {
  return {
    kind: 'check_rejected',
    dedupeKey: `reconciliation:check_rejected:${runId}`,
    message: `Fintecture refused the status request: ${message}`,
    detail: { http_status: details.httpStatus ?? null, code: details.code ?? null, log_id: details.logId ?? null },
  };
}

/** Recorded once per session: reconciliation stops asking about it. */
export function gaveUpFinding(session: Pick<PaymentSession, 'outcome' | 'checkCount'>): Finding {
  return {
    kind: 'gave_up',
    dedupeKey: 'reconciliation:gave_up',
    message: `Still ${session.outcome} after ${session.checkCount} checks; reconciliation no longer asks Fintecture about it.`,
    detail: { check_count: session.checkCount },
  };
}

type NoticeFacts = Pick<
  UnmatchedNotice,
  'id' | 'requestId' | 'reason' | 'sessionId' | 'status' | 'transferState' | 'state' | 'amount' | 'receivedAmount' | 'receivedAt'
>;

/**
 * A verified notice that reports money (payment_created, payment_partial, order_created) for a
 * session none of ours took: money may have moved for an order we cannot see. Reported by every
 * pass until it is matched or resolved by hand; it has no payment session of ours.
 */
export function unmatchedPaymentDiscrepancy(notice: NoticeFacts, at: Date = new Date()): Discrepancy {
  const amount = notice.receivedAmount ?? notice.amount;
  return {
    kind: 'unmatched_payment',
    payment_session_id: null,
    session_id: notice.sessionId,
    state: notice.state ?? '',
    outcome_before: null,
    outcome_after: null,
    status: notice.status,
    transfer_state: notice.transferState,
    message: `Fintecture reported ${notice.status}${amount ? ` (${amount})` : ''} for a session no payment session of ours took; unresolved.`,
    detail: {
      notice_id: notice.id,
      request_id: notice.requestId,
      reason: notice.reason,
      amount: notice.amount,
      received_amount: notice.receivedAmount,
      received_at: notice.receivedAt.toISOString(),
    },
    at: at.toISOString(),
  };
}
