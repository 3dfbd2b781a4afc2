import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { PaymentSessionChangingEvent } from '../payments/events/payment-session-changing.event';
import { PaymentSessionTransitionEvent } from '../payments/events/payment-session-transition.event';
import { presentSession } from '../payments/payment-session.presenter';
import { RefundChangedEvent } from '../refunds/events/refund-changed.event';
import { RefundChangingEvent } from '../refunds/events/refund-changing.event';
import { presentRefund } from '../refunds/refund.presenter';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationOutbox } from './notification-outbox';
import { NotificationEventType } from './notification-types';

/**
 * Payments and refunds announce; notifications listens (neither imports notifications). Each change
 * is written to the outbox inside its own transaction, and the dispatcher is woken once it commits.
 */
@Injectable()
export class NotificationsListener {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  @OnEvent(PaymentSessionChangingEvent.NAME, { suppressErrors: false })
  async onSessionChanging({ manager, session, before }: PaymentSessionChangingEvent): Promise<void> {
    await this.announce(manager, 'payment_session.updated', session, { object: presentSession(session), previous_outcome: before });
  }

  @OnEvent(RefundChangingEvent.NAME, { suppressErrors: false })
  async onRefundChanging({ manager, refund, before }: RefundChangingEvent): Promise<void> {
    await this.announce(manager, 'refund.updated', refund, { object: presentRefund(refund), previous_status: before });
  }

  /** After the commit: the first attempt follows within moments instead of at the next poll. */
  @OnEvent(PaymentSessionTransitionEvent.NAME)
  @OnEvent(RefundChangedEvent.NAME)
  onChangeCommitted(): void {
    this.dispatcher.wake();
  }

  /** Inside the change's transaction: an error here rolls the change back, so no change goes unannounced. */
  private async announce(
    manager: EntityManager,
    type: NotificationEventType,
    subject: { id: string; merchant: string },
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.outbox.record(manager, { merchant: subject.merchant, type, subjectId: subject.id, data });
  }
}
