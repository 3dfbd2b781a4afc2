import type { PaymentSession } from './entities/payment-session.entity';
import { decideTransition, isTerminal, Outcome } from './payment-outcome';
import { receivedAfter } from './received-amount';
import type { StatusNotice } from './session-state.service';

/** Outcomes that mean the money is there (or guaranteed): the first one reached sets paid_at. */
const PAID_OUTCOMES: readonly Outcome[] = ['paid', 'overpaid', 'covered'];

/** What the forward-only rules make of a notice for a row as it stands. */
export type ChangePlan =
  | { accept: false; reason: string; notice: StatusNotice }
  | {
      accept: true;
      /** The notice with its received amount resolved against what the row already knew. */
      notice: StatusNotice;
      outcome: Outcome;
    };

/** Decides, without touching the row, whether a notice changes it and to what. */
export function planChange(session: PaymentSession, given: StatusNotice): ChangePlan {
  const received = receivedAfter(session.receivedAmountMinor, given.receivedAmountMinor, given.lastTransactionAmountMinor);
  const notice: StatusNotice = received === null ? given : { ...given, receivedAmountMinor: received };
  const decision = decideTransition(
    {
      outcome: session.outcome,
      amountMinor: session.amountMinor,
      status: session.status,
      transferState: session.transferState,
      receivedAmountMinor: session.receivedAmountMinor,
    },
    notice,
  );
  return decision.accept ? { accept: true, notice, outcome: decision.outcome } : { accept: false, reason: decision.reason, notice };
}

/** Writes an accepted plan onto the row in memory: the facts the notice brings, the outcome, and what follows from it. */
export function applyChange(
  session: PaymentSession,
  plan: ChangePlan & { accept: true },
  now: Date,
  patch?: (session: PaymentSession) => void,
): void {
  const { notice } = plan;
  patch?.(session);
  session.status = notice.status;
  if (notice.transferState !== undefined && notice.transferState !== null) session.transferState = notice.transferState;
  if (notice.receivedAmountMinor !== undefined && notice.receivedAmountMinor !== null) session.receivedAmountMinor = notice.receivedAmountMinor;
  session.outcome = plan.outcome;
  session.updatedAt = now;
  if (isTerminal(session.outcome)) session.nextCheckAt = null;
  if (!session.paidAt && PAID_OUTCOMES.includes(session.outcome)) session.paidAt = now;
}

/** The properties whose values differ between two states of one row: what an UPDATE has to write. */
export function changedProperties<T extends object>(before: T, after: T): (keyof T)[] {
  return (Object.keys(after) as (keyof T)[]).filter((key) => !sameValue(before[key], after[key]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
