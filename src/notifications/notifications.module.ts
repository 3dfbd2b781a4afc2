import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminNotificationsController } from './admin-notifications.controller';
import { DeliveryStore } from './delivery-store';
import { NotificationDelivery } from './entities/notification-delivery.entity';
import { NotificationEndpoint } from './entities/notification-endpoint.entity';
import { NotificationEvent } from './entities/notification-event.entity';
import { NotificationDeliveriesController } from './notification-deliveries.controller';
import { NotificationDeliveriesService } from './notification-deliveries.service';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationEndpointsController } from './notification-endpoints.controller';
import { NotificationEndpointsService } from './notification-endpoints.service';
import { NotificationMetrics } from './notification-metrics';
import { NotificationOutbox } from './notification-outbox';
import { NotificationsListener } from './notifications.listener';

/**
 * Outgoing notifications to the shop: endpoints, the transactional outbox fed by payments' and
 * refunds' in-transaction events, and the dispatcher that delivers it (Standard Webhooks signatures).
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEndpoint, NotificationEvent, NotificationDelivery])],
  controllers: [NotificationEndpointsController, NotificationDeliveriesController, AdminNotificationsController],
  providers: [
    NotificationEndpointsService,
    NotificationDeliveriesService,
    NotificationOutbox,
    NotificationsListener,
    NotificationDispatcher,
    DeliveryStore,
    NotificationMetrics,
  ],
  exports: [NotificationOutbox, NotificationDispatcher],
})
export class NotificationsModule {}
