import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DELIVERY_STATUSES, NOTIFICATION_EVENT_TYPES, type DeliveryStatus, type NotificationEventType } from '../notification-types';
import { ApiDateTime, ApiInteger, ApiNullableDateTime, ApiNullableText } from '../../common/openapi/api-response-property.decorator';

/** What presentEndpoint answers without the secret. */
@ApiSchema({ name: 'NotificationEndpoint', description: "One of the shop's endpoints for signed notifications (Standard Webhooks)." })
export class NotificationEndpointResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://shop.example.com/hooks/payments' })
  url: string;

  @ApiNullableText({ example: 'Order system, production' })
  description: string | null;

  @ApiProperty({ enum: NOTIFICATION_EVENT_TYPES, isArray: true, example: ['payment_session.updated'] })
  events: NotificationEventType[];

  @ApiNullableDateTime({
    example: null,
    description: 'While the previous secret still signs beside the new one (24 h after a rotation).',
  })
  previous_secret_expires_at: string | null;

  @ApiDateTime()
  created_at: string;

  @ApiDateTime()
  updated_at: string;
}

@ApiSchema({ name: 'NotificationEndpointWithSecret', description: 'An endpoint just created or rotated: the only answers that show its secret.' })
export class NotificationEndpointWithSecretResponse extends NotificationEndpointResponse {
  @ApiProperty({
    pattern: '^whsec_',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The key to verify webhook-signature; keep it secret.',
  })
  secret: string;
}

@ApiSchema({ name: 'AdminNotificationEndpoint', description: 'An endpoint, with its merchant; deleted ones included.' })
export class AdminNotificationEndpointResponse extends NotificationEndpointResponse {
  @ApiProperty({ example: 'shop' })
  merchant: string;

  @ApiNullableDateTime({ example: null })
  deleted_at: string | null;
}

/** What presentDelivery answers. */
@ApiSchema({ name: 'NotificationDelivery', description: 'One event on its way to one endpoint.' })
export class NotificationDeliveryResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The webhook-id header: the same on every attempt and redelivery, to deduplicate on.' })
  event_id: string;

  @ApiProperty({ type: 'string', enum: NOTIFICATION_EVENT_TYPES, nullable: true, example: 'payment_session.updated' })
  event_type: NotificationEventType | null;

  @ApiProperty({ format: 'uuid' })
  endpoint_id: string;

  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'delivered' })
  status: DeliveryStatus;

  @ApiInteger({ example: 1 })
  attempts: number;

  @ApiInteger({ nullable: true, example: 200 })
  last_http_status: number | null;

  @ApiNullableText({ example: null })
  last_error: string | null;

  @ApiNullableText({ example: 'ok', description: 'The first 2 KB of the last answer.' })
  last_response_body: string | null;

  @ApiNullableDateTime()
  last_attempt_at: string | null;

  @ApiNullableDateTime({ description: 'While pending.' })
  next_attempt_at: string | null;

  @ApiNullableDateTime()
  delivered_at: string | null;

  @ApiDateTime()
  created_at: string;
}

@ApiSchema({ name: 'AdminNotificationDelivery', description: 'A delivery, with its merchant.' })
export class AdminNotificationDeliveryResponse extends NotificationDeliveryResponse {
  @ApiProperty({ example: 'shop' })
  merchant: string;
}
