import type { EntityManager } from 'typeorm';
import type { EventSource } from '../../payments/entities/session-event.entity';
import type { PaymentSession } from '../../payments/entities/payment-session.entity';
import type { Refund } from '../entities/refund.entity';
import type { RefundStatus } from '../refund-status';

/**
 * A refund is being created or is changing status, inside the transaction that does it, with its
 * session's row locked. Emitted with emitAsync and awaited, as PaymentSessionChangingEvent is: a
 * listener writes with `manager` (the notifications outbox), and one that throws rolls the change
 * back, so that the announcement exists exactly when the change does. RefundChangedEvent follows
 * once committed.
 */
export class RefundChangingEvent {
  static readonly NAME = 'refund.changing';

  constructor(
    readonly manager: EntityManager,
    /** As it will be committed. */
    readonly refund: Refund,
    readonly session: PaymentSession,
    /** Null for a refund that did not exist before. */
    readonly before: RefundStatus | null,
    readonly source: EventSource,
  ) {}
}
