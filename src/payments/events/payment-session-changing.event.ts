import type { EntityManager } from 'typeorm';
import type { PaymentSession } from '../entities/payment-session.entity';
import type { EventSource } from '../entities/session-event.entity';
import type { Outcome } from '../payment-outcome';

/**
 * A session's outcome is changing, inside the transaction that changes it and with its row
 * locked. Emitted with emitAsync and awaited: a listener writes with `manager`, and one that
 * throws (subscribed with suppressErrors: false) rolls the change back with it, so that what it
 * writes (the notifications outbox) exists exactly when the change does. PaymentSessionTransitionEvent
 * follows once committed.
 */
export class PaymentSessionChangingEvent {
  static readonly NAME = 'payment-session.changing';

  constructor(
    readonly manager: EntityManager,
    /** As it will be committed: outcome, version and paid_at already the new ones. */
    readonly session: PaymentSession,
    readonly before: Outcome,
    readonly source: EventSource,
  ) {}
}
