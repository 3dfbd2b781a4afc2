import type { EntityManager } from 'typeorm';
import type { PaymentSession } from './entities/payment-session.entity';
import type { EventSource, SessionEvent } from './entities/session-event.entity';
import type { Outcome } from './payment-outcome';

/** What SessionStateService takes and answers: the vocabulary of a state change. */
export interface StatusNotice {
  source: EventSource;
  /** What kind of notice: webhook, refresh, cancel, reconciliation, created… */
  kind: string;
  status: string;
  transferState?: string | null;
  receivedAmountMinor?: number | null;
  /** Smart Transfer: the transfer this notice reports (Fintecture's last_transaction_amount), beside the running total. */
  lastTransactionAmountMinor?: number | null;
  /** X-Request-ID of the webhook, or of our own call to Fintecture. */
  requestId?: string | null;
  /** A notice with a key already recorded for this session is a duplicate: not applied, not recorded again. */
  dedupeKey?: string | null;
  detail?: Record<string, unknown> | null;
  /** Record a notice that changes nothing (reconciliation polls say "unchanged" every pass and need not). */
  recordUnchanged?: boolean;
}

/** What an event records; a status is absent for events that are not Fintecture notices. */
export type EventInput = Omit<StatusNotice, 'status' | 'recordUnchanged'> & { status: string | null };

export type ApplyResult =
  | { result: 'applied'; session: PaymentSession; event: SessionEvent; before: Outcome }
  | { result: 'refused'; session: PaymentSession; event: SessionEvent | null; reason: string }
  | { result: 'duplicate'; session: PaymentSession }
  | { result: 'not_found' };

export interface ApplyOptions {
  /**
   * Runs in the same transaction, with the row still locked, whatever the decision was: callers
   * that keep their own bookkeeping on the session (reconciliation's next check) cannot then
   * interleave with another notice.
   */
  afterApply?: (manager: EntityManager, result: ApplyResult) => Promise<void>;
  /**
   * The row as the caller last read it. On PostgreSQL the change is then decided on it and
   * written by one statement conditional on its version; when the row has moved on, the notice
   * is decided again on the locked row, as without it.
   */
  seen?: PaymentSession;
}

/** A change of outcome the service decides itself, not a Fintecture status (a create call that never came back). */
export interface CreationFailure {
  source: EventSource;
  kind: string;
  reason: string;
  failureCode: string;
  failureStatus: number;
  failureDetail: string;
  requestId?: string | null;
  detail?: Record<string, unknown> | null;
  /** The create attempt that failed: refused when a retry has taken the row over meanwhile. */
  attempt?: number;
}

export type NoteResult =
  { result: 'recorded'; session: PaymentSession; event: SessionEvent } | { result: 'duplicate'; session: PaymentSession } | { result: 'not_found' };
