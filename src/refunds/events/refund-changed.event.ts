import type { Refund } from '../entities/refund.entity';
import type { RefundStatus } from '../refund-status';

/** A refund was created or changed status, after the change was committed. */
export class RefundChangedEvent {
  static readonly NAME = 'refund.changed';

  constructor(
    readonly refund: Refund,
    readonly before: RefundStatus | null,
  ) {}
}
