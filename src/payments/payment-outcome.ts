/**
 * The one place that reads Fintecture's status and transfer state into the service's outcome,
 * and decides which changes a session may go through. Pure: no I/O, no clock.
 */

export const OUTCOMES = [
  'creating',
  'creation_failed',
  'awaiting_payer',
  'pending',
  'partially_paid',
  'paid',
  'overpaid',
  'failed',
  'expired',
  'cancelled',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes nothing may leave (but paid → overpaid). failed and expired stay open: late funds may come. */
export const TERMINAL_OUTCOMES: readonly Outcome[] = ['creation_failed', 'paid', 'overpaid', 'cancelled'];

export function isTerminal(outcome: Outcome): boolean {
  return TERMINAL_OUTCOMES.includes(outcome);
}

const AWAITING_PAYER_STATUSES = ['provider_required', 'sca_required', 'payment_waiting', 'session_initiated'];
const PENDING_STATUSES = ['payment_pending', 'order_created', 'payment_unknown', 'payment_error'];

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

export const KNOWN_STATUSES = [
  ...AWAITING_PAYER_STATUSES,
  ...PENDING_STATUSES,
  'payment_partial',
  'payment_created',
  'payment_unsuccessful',
  'payment_expired',
  'payment_cancelled',
];

/**
 * Fintecture (status, transfer_state) → outcome; null for statuses that say nothing about the
 * payment itself (refund_*, iban_*, anything new), which the caller records and ignores.
 */
export function outcomeOf(status: string, transferState?: string | null): Outcome | null {
  switch (status) {
    case 'payment_created':
      if (transferState === 'overpaid') return 'overpaid';
      if (transferState === 'insufficient') return 'partially_paid';
      return 'paid';
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
  creating: ['creation_failed', 'awaiting_payer', 'pending', 'partially_paid', 'paid', 'overpaid', 'failed', 'expired', 'cancelled'],
  awaiting_payer: ['pending', 'partially_paid', 'paid', 'overpaid', 'failed', 'expired', 'cancelled'],
  pending: ['partially_paid', 'paid', 'overpaid', 'failed', 'expired', 'cancelled'],
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

export type Decision =
  | { accept: true; outcome: Outcome }
  | { accept: false; outcome: Outcome; reason: RefusalReason };

export function decideTransition(current: SessionSnapshot, notice: Notice): Decision {
  const next = outcomeOf(notice.status, notice.transferState);
  if (next === null) return { accept: false, outcome: current.outcome, reason: 'unknown_status' };

  const transferState = notice.transferState ?? null;
  const received = notice.receivedAmountMinor ?? null;
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
