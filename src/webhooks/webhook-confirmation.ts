import { tryMinorUnits } from '../common/money';
import type { PaymentStatusReport } from '../fintecture/fintecture.types';
import { decideTransition, GOODS_RELEASING_OUTCOMES, Outcome, SessionSnapshot } from '../payments/payment-outcome';
import { receivedAfter } from '../payments/received-amount';

/** What a webhook claims about a session. */
export interface ClaimedFacts {
  status: string;
  transferState?: string | null;
  receivedAmountMinor?: number | null;
  lastTransactionAmountMinor?: number | null;
}

/** The outcome the rules would give the session after these facts, or null when they would refuse them. */
export function outcomeAfter(session: SessionSnapshot, facts: ClaimedFacts): Outcome | null {
  const received = receivedAfter(session.receivedAmountMinor, facts.receivedAmountMinor, facts.lastTransactionAmountMinor);
  const decision = decideTransition(session, { ...facts, receivedAmountMinor: received ?? facts.receivedAmountMinor });
  return decision.accept ? decision.outcome : null;
}

/**
 * Whether the claim would release the goods: move the session into paid, overpaid, covered or
 * partially_paid, or change the money received inside one of them. Anyone holding the app's
 * public key can make a webhook that verifies, so such a claim is first checked with Fintecture.
 */
export function needsConfirmation(session: SessionSnapshot, facts: ClaimedFacts): boolean {
  const next = outcomeAfter(session, facts);
  if (next === null || !GOODS_RELEASING_OUTCOMES.includes(next)) return false;
  if (next !== session.outcome) return true;
  const received = receivedAfter(session.receivedAmountMinor, facts.receivedAmountMinor, facts.lastTransactionAmountMinor);
  return received !== null && received !== session.receivedAmountMinor;
}

/**
 * The facts to apply: Fintecture's, from its own answer. The webhook's amounts are kept only
 * where Fintecture's answer confirms the status and says nothing about amounts (its GET is not
 * documented to carry received_amount): a lower amount can only make the outcome more cautious.
 */
export function confirmedFacts(claim: ClaimedFacts, report: PaymentStatusReport): ClaimedFacts {
  const sameStatus = report.status === claim.status;
  const reported = tryMinorUnits(report.receivedAmount);
  return {
    status: report.status,
    transferState: report.transferState,
    receivedAmountMinor: reported ?? (sameStatus ? (claim.receivedAmountMinor ?? null) : null),
    lastTransactionAmountMinor: sameStatus ? (claim.lastTransactionAmountMinor ?? null) : null,
  };
}
