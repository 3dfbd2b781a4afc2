import type { PaymentSession } from '../entities/payment-session.entity';
import type { EventSource } from '../entities/session-event.entity';
import type { Outcome } from '../payment-outcome';

/** A session's outcome changed, after the change was committed. */
export class PaymentSessionTransitionEvent {
  static readonly NAME = 'payment-session.transition';

  constructor(
    readonly before: Outcome,
    readonly after: Outcome,
    readonly source: EventSource,
    readonly session: PaymentSession,
  ) {}
}
