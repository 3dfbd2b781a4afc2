import { PaymentSession } from '../payments/entities/payment-session.entity';
import { SessionEvent } from '../payments/entities/session-event.entity';
import { NotificationDelivery } from '../notifications/entities/notification-delivery.entity';
import { NotificationEndpoint } from '../notifications/entities/notification-endpoint.entity';
import { NotificationEvent } from '../notifications/entities/notification-event.entity';
import { RefundEvent } from '../refunds/entities/refund-event.entity';
import { Refund } from '../refunds/entities/refund.entity';
import { ReconciliationRun } from '../reconciliation/reconciliation-run.entity';
import { UnmatchedNotice } from '../webhooks/unmatched-notice.entity';

/** Every entity, for the app and for the TypeORM CLI alike. */
export const ENTITIES = [
  PaymentSession,
  SessionEvent,
  NotificationEndpoint,
  NotificationEvent,
  NotificationDelivery,
  ReconciliationRun,
  UnmatchedNotice,
  Refund,
  RefundEvent,
];
