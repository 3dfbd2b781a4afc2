/**
 * The one place that reads Fintecture's status and transfer state into the service's outcome,
 * and decides which changes a session may go through. Pure: no I/O, no clock.
 */

export const OUTCOMES = [
  'creating',
  'creation_failed',
  'awaiting_payer',
  'pending',
  'covered',
  'partially_paid',
  'paid',
  'overpaid',
  'failed',
  'expired',
  'cancelled',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Outcomes nothing may leave (but paid → overpaid). failed and expired stay open: late funds may
 * come; so does covered (BNPL: the insurer guarantees the order, the funds follow).
 */
export const TERMINAL_OUTCOMES: readonly Outcome[] = ['creation_failed', 'paid', 'overpaid', 'cancelled'];

export function isTerminal(outcome: Outcome): boolean {
  return TERMINAL_OUTCOMES.includes(outcome);
}

const AWAITING_PAYER_STATUSES = ['provider_required', 'sca_required', 'payment_waiting', 'session_initiated'];
const PENDING_STATUSES = ['payment_pending', 'payment_unknown', 'payment_error'];

/** Outcomes that release the goods: a webhook claiming one is confirmed with Fintecture first. */
export const GOODS_RELEASING_OUTCOMES: readonly Outcome[] = ['paid', 'overpaid', 'covered', 'partially_paid'];

/** Statuses that report money received or guaranteed. */
export const MONEY_STATUSES: readonly string[] = ['payment_created', 'payment_partial', 'order_created'];

/** Transfer states that mean money is on its way even though the session status has not moved. */
const MOVING_TRANSFER_STATES = [
  'processing',
  'pending',
  'authorized',
  'accepted',
  'sent',
  'completed',
  'received',
  'initiated',
  'blocked',
  'multi-signature',
];

/**
 * Fintecture (status, transfer_state) → outcome; null for statuses that say nothing about the
 * payment itself (refund_*, iban_*, anything new), which the caller records and ignores.
 * With the amounts known, "paid" means the money arrived: a payment_created that received less
 * than was asked is partially_paid, more is overpaid, whatever its transfer state says.
 */
export function outcomeOf(status: string, transferState?: string | null, amounts?: { asked: number; received: number | null }): Outcome | null {
  switch (status) {
    case 'payment_created':
      if (amounts && amounts.received !== null && amounts.received < amounts.asked) return 'partially_paid';
      if (amounts && amounts.received !== null && amounts.received > amounts.asked) return 'overpaid';
      if (transferState === 'overpaid') return 'overpaid';
      if (transferState === 'insufficient') return 'partially_paid';
      return 'paid';
    case 'order_created':
      // Fintecture's Console: "the payment is covered and merchandise can be sent".
      return 'covered';
    case 'payment_partial':
      return 'partially_paid';
    case 'payment_unsuccessful':
      return 'failed';
    case 'payment_expired':
      return 'expired';
    case 'payment_cancelled':
      return 'cancelled';
  }
  if (transferState === 'insufficient') return 'partially_paid';
  if (PENDING_STATUSES.includes(status)) return 'pending';
  if (AWAITING_PAYER_STATUSES.includes(status)) {
    return transferState && MOVING_TRANSFER_STATES.includes(transferState) ? 'pending' : 'awaiting_payer';
  }
  return null;
}

/**
 * Where each outcome may go. Same-outcome moves (a new status or transfer state inside it) are
 * handled separately. Nothing returns to awaiting_payer once the payer acted; a failed or expired
 * session only moves on when money arrives or the merchant cancels, so a late, older
 * payment_pending cannot reopen it.
 */
const ALLOWED: Record<Outcome, readonly Outcome[]> = {
  creating: ['creation_failed', 'awaiting_payer', 'pending', 'covered', 'partially_paid', 'paid', 'overpaid', 'failed', 'expired', 'cancelled'],
  awaiting_payer: ['pending', 'covered', 'partially_paid', 'paid', 'overpaid', 'failed', 'expired', 'cancelled'],
  pending: ['covered', 'partially_paid', 'paid', 'overpaid', 'failed', 'expired', 'cancelled'],
  covered: ['partially_paid', 'paid', 'overpaid', 'cancelled'],
  partially_paid: ['paid', 'overpaid', 'cancelled'],
  failed: ['partially_paid', 'paid', 'overpaid', 'cancelled'],
  expired: ['partially_paid', 'paid', 'overpaid', 'cancelled'],
  paid: ['overpaid'],
  overpaid: [],
  cancelled: [],
  creation_failed: [],
};

/** Inside awaiting_payer the payer only moves forward through the journey. */
const AWAITING_RANK: Record<string, number> = {
  provider_required: 0,
  payment_waiting: 1,
  sca_required: 1,
  session_initiated: 2,
};

export interface SessionSnapshot {
  outcome: Outcome;
  /** What was asked, in minor units; absent where the rules are read without it. */
  amountMinor?: number;
  status: string | null;
  transferState: string | null;
  receivedAmountMinor: number | null;
}

export interface Notice {
  status: string;
  transferState?: string | null;
  receivedAmountMinor?: number | null;
}

export type RefusalReason = 'unknown_status' | 'unchanged' | 'terminal' | 'regression';

export type Decision = { accept: true; outcome: Outcome } | { accept: false; outcome: Outcome; reason: RefusalReason };

export function decideTransition(current: SessionSnapshot, notice: Notice): Decision {
  const received = notice.receivedAmountMinor ?? null;
  const amounts = current.amountMinor !== undefined ? { asked: current.amountMinor, received: received ?? current.receivedAmountMinor } : undefined;
  const next = outcomeOf(notice.status, notice.transferState, amounts);
  if (next === null) return { accept: false, outcome: current.outcome, reason: 'unknown_status' };

  const transferState = notice.transferState ?? null;
  const sameFacts =
    notice.status === current.status &&
    (transferState === null || transferState === current.transferState) &&
    (received === null || received === current.receivedAmountMinor);
  if (sameFacts) return { accept: false, outcome: current.outcome, reason: 'unchanged' };

  if (next === current.outcome) {
    if (isTerminal(current.outcome) && notice.status !== current.status) {
      return { accept: false, outcome: current.outcome, reason: 'terminal' };
    }
    if (next === 'awaiting_payer' && (AWAITING_RANK[notice.status] ?? 0) < (AWAITING_RANK[current.status ?? ''] ?? 0)) {
      return { accept: false, outcome: current.outcome, reason: 'regression' };
    }
    // More detail about the same outcome: a new transfer state, more money received.
    return { accept: true, outcome: next };
  }
  if (ALLOWED[current.outcome].includes(next)) return { accept: true, outcome: next };
  return { accept: false, outcome: current.outcome, reason: isTerminal(current.outcome) ? 'terminal' : 'regression' };
}
