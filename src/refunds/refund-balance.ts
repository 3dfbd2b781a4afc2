import type { Outcome } from '../payments/payment-outcome';

/** Money arrived (or is guaranteed, BNPL covered): only then is there something to give back. */
export const REFUNDABLE_OUTCOMES: readonly Outcome[] = ['paid', 'overpaid', 'partially_paid', 'covered'];

export interface RefundableSession {
  outcome: Outcome;
  amountMinor: number;
  receivedAmountMinor: number | null;
}

/** What the refunds of a session hold: completed ones, and those neither completed nor aborted. */
export interface RefundTotals {
  refundedMinor: number;
  refundingMinor: number;
}

/** The totals a session row carries (src/payments' refunded_minor and refunding_minor columns, kept by the refunds' state path). */
export function refundTotalsOf(session: { refundedMinor?: number; refundingMinor?: number }): RefundTotals {
  return { refundedMinor: session.refundedMinor ?? 0, refundingMinor: session.refundingMinor ?? 0 };
}

/** What was received; the amount asked when Fintecture gave no received amount. */
export function refundBaseMinor(session: Pick<RefundableSession, 'amountMinor' | 'receivedAmountMinor'>): number {
  return session.receivedAmountMinor ?? session.amountMinor;
}

/** What a new refund may still take: nothing unless money arrived; never below zero (a Console refund may have taken more). */
export function refundableMinor(session: RefundableSession, totals: RefundTotals): number {
  if (!REFUNDABLE_OUTCOMES.includes(session.outcome)) return 0;
  return Math.max(0, refundBaseMinor(session) - totals.refundedMinor - totals.refundingMinor);
}

export type RefundAdmission =
  { ok: true; amountMinor: number } | { ok: false; code: 'invalid_state' | 'refund_exceeds_balance'; balanceMinor: number };

/**
 * Whether a refund of `askedMinor` (null: the whole balance) may be started now. Decided on totals
 * read with the session row locked, so that two refunds at once cannot both take the same balance.
 */
export function admitRefund(session: RefundableSession, totals: RefundTotals, askedMinor: number | null): RefundAdmission {
  if (!REFUNDABLE_OUTCOMES.includes(session.outcome)) return { ok: false, code: 'invalid_state', balanceMinor: 0 };
  const balanceMinor = refundableMinor(session, totals);
  const amountMinor = askedMinor ?? balanceMinor;
  if (amountMinor < 1 || amountMinor > balanceMinor) return { ok: false, code: 'refund_exceeds_balance', balanceMinor };
  return { ok: true, amountMinor };
}
