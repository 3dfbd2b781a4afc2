import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationEndpoint } from './entities/notification-endpoint.entity';

/** The endpoint resource; `secret` only when it was just made (create, rotation). */
export function presentEndpoint(endpoint: NotificationEndpoint, options: { withSecret?: boolean; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const overlapping = endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > now;
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    ...(options.withSecret ? { secret: endpoint.secret } : {}),
    previous_secret_expires_at: overlapping ? endpoint.previousSecretExpiresAt!.toISOString() : null,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

export function presentAdminEndpoint(endpoint: NotificationEndpoint) {
  return { ...presentEndpoint(endpoint), merchant: endpoint.merchant, deleted_at: endpoint.deletedAt?.toISOString() ?? null };
}

export function presentDelivery(delivery: NotificationDelivery, eventType: string | null) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: eventType,
    endpoint_id: delivery.endpointId,
    status: delivery.status,
    attempts: delivery.attempts,
    last_http_status: delivery.lastHttpStatus,
    last_error: delivery.lastError,
    last_response_body: delivery.lastResponseBody,
    last_attempt_at: delivery.lastAttemptAt?.toISOString() ?? null,
    next_attempt_at: delivery.status === 'pending' ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
    delivered_at: delivery.deliveredAt?.toISOString() ?? null,
    created_at: delivery.createdAt.toISOString(),
  };
}

export function presentAdminDelivery(delivery: NotificationDelivery, eventType: string | null) {
  return { ...presentDelivery(delivery, eventType), merchant: delivery.merchant };
}
