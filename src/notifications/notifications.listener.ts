import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { PaymentSessionChangingEvent } from '../payments/events/payment-session-changing.event';
import { PaymentSessionTransitionEvent } from '../payments/events/payment-session-transition.event';
import { presentSession } from '../payments/payment-session.presenter';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationOutbox } from './notification-outbox';

/** Payments announces; notifications listens (payments never imports notifications). */
@Injectable()
export class NotificationsListener {
  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  /** Inside the change's transaction: an error here rolls the change back, which is the point. */
  @OnEvent(PaymentSessionChangingEvent.NAME, { suppressErrors: false })
  async onSessionChanging({ manager, session, before }: PaymentSessionChangingEvent): Promise<void> {
    await this.outbox.record(manager, {
      merchant: session.merchant,
      type: 'payment_session.updated',
      subjectId: session.id,
      data: { object: presentSession(session), previous_outcome: before },
    });
  }

  /** After the commit: the first attempt follows within moments instead of at the next poll. */
  @OnEvent(PaymentSessionTransitionEvent.NAME)
  onSessionChanged(): void {
    this.dispatcher.wake();
  }
}
