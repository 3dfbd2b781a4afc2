import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.service';
import { NotificationOutbox } from '../notifications/notification-outbox';
import { RefundChangedEvent } from './events/refund-changed.event';
import { RefundChangingEvent } from './events/refund-changing.event';
import { presentRefund } from './refund.presenter';

/** refund.updated, written through the notifications outbox in the transaction of the change it announces. */
@Injectable()
export class RefundNotificationsListener {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  /** Inside the change's transaction: an error here rolls the change back, so no change goes unannounced. */
  @OnEvent(RefundChangingEvent.NAME, { suppressErrors: false })
  async onRefundChanging({ manager, refund, before }: RefundChangingEvent): Promise<void> {
    await this.outbox.record(manager, {
      merchant: refund.merchant,
      type: 'refund.updated',
      subjectId: refund.id,
      data: { object: presentRefund(refund), previous_status: before },
    });
  }

  /** After the commit: the first attempt follows within moments instead of at the next poll. */
  @OnEvent(RefundChangedEvent.NAME)
  onRefundChanged(): void {
    this.dispatcher.wake();
  }
}
