/** The event types an endpoint can subscribe to; refunds (issue 14) will announce refund.updated. */
export const NOTIFICATION_EVENT_TYPES = ['payment_session.updated', 'refund.updated'] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
