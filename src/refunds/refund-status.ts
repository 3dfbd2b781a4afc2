/**
 * A refund's life (issue 14), read from Fintecture's words: the one place that decides what a
 * notice about a refund means and whether it may move the refund. Pure, so that every rule has a
 * table test.
 */
export const REFUND_STATUSES = ['requested', 'unknown', 'waiting', 'accepted', 'completed', 'aborted'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Stored before the call (requested) and after a call whose answer was lost (unknown): the service's own words. */
export const FINAL_REFUND_STATUSES: readonly RefundStatus[] = ['completed', 'aborted'];

/** Neither completed nor aborted: what reconciliation asks about and a lost answer may belong to. */
export const UNSETTLED_REFUND_STATUSES: RefundStatus[] = ['requested', 'unknown', 'waiting', 'accepted'];

export function isFinalRefund(status: RefundStatus): boolean {
  return FINAL_REFUND_STATUSES.includes(status);
}

/**
 * Forward order. waiting (to be done in the Fintecture Console) comes before accepted (initiated):
 * a Console user who initiates a waiting refund moves it on, never the other way round.
 */
const RANK: Record<RefundStatus, number> = { requested: 0, unknown: 1, waiting: 2, accepted: 3, completed: 4, aborted: 4 };

/**
 * What Fintecture's status of a refund (the call's answer, or the refund session's status in a
 * webhook or a GET) means. fintecture-api.md §4.4: refund_accepted / refund_waiting / refund_aborted
 * answer the call; the refund session then reports payment statuses, payment_created meaning done.
 * Null: a status that says nothing about the refund (recorded, ignored).
 */
export function refundStatusOf(fintectureStatus: string | null | undefined): RefundStatus | null {
  switch (fintectureStatus) {
    case 'refund_accepted':
    case 'payment_pending':
    case 'provider_required':
    case 'sca_required':
      return 'accepted';
    case 'refund_waiting':
    case 'session_initiated':
      return 'waiting';
    case 'payment_created':
      return 'completed';
    case 'refund_aborted':
    case 'payment_unsuccessful':
    case 'payment_cancelled':
    case 'payment_expired':
      return 'aborted';
    default:
      return null;
  }
}

export type RefundDecision = { accept: true } | { accept: false; reason: 'unchanged' | 'terminal' | 'regression' };

/**
 * Forward only: nothing leaves completed; nothing goes back (accepted never returns to waiting,
 * nothing returns to requested or unknown). One exception: an aborted refund whose money Fintecture
 * then reports as sent (payment_created) is completed, because the money moved and the record must
 * say so; the balance it frees while aborted is what reconciliation and the shop must see corrected.
 */
export function decideRefundTransition(current: RefundStatus, next: RefundStatus): RefundDecision {
  if (next === current) return { accept: false, reason: 'unchanged' };
  if (current === 'completed') return { accept: false, reason: 'terminal' };
  if (current === 'aborted') return next === 'completed' ? { accept: true } : { accept: false, reason: 'terminal' };
  if (RANK[next] < RANK[current]) return { accept: false, reason: 'regression' };
  return { accept: true };
}
