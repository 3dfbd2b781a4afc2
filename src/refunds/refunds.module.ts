import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CursorCodec } from '../common/cursor-codec';
import { AppConfig } from '../config/configuration';
import { PaymentsModule } from '../payments/payments.module';
import { AdminRefundsController } from './admin-refunds.controller';
import { AdminRefundsReadModel } from './admin-refunds.read-model';
import { RefundEvent } from './entities/refund-event.entity';
import { Refund } from './entities/refund.entity';
import { RefundNoticesService } from './refund-notices.service';
import { RefundReconciler } from './refund-reconciler.service';
import { RefundStateService } from './refund-state.service';
import { RefundsController } from './refunds.controller';
import { RefundsService } from './refunds.service';

/** Cursors of the admin refunds listing; the scope keeps them from being accepted by any other listing. */
export const ADMIN_REFUNDS_CURSOR_SCOPE = 'admin.refunds';

/**
 * Owns refunds and refund_events (issue 14): the merchant's refund routes, the one state path for
 * refunds, the matching of refund webhooks (for the webhooks module), the refunds' part of a
 * reconciliation pass (for the reconciliation module), and the admin's listing. Changes are
 * announced as events (RefundChangingEvent inside their transaction, RefundChangedEvent after it),
 * which the notifications module turns into refund.updated for the shop.
 */
@Module({
  imports: [PaymentsModule, TypeOrmModule.forFeature([Refund, RefundEvent])],
  controllers: [RefundsController, AdminRefundsController],
  providers: [
    RefundStateService,
    RefundsService,
    RefundNoticesService,
    RefundReconciler,
    {
      provide: AdminRefundsReadModel,
      inject: [getDataSourceToken(), ConfigService],
      useFactory: (dataSource: DataSource, config: ConfigService<AppConfig, true>) =>
        new AdminRefundsReadModel(dataSource, new CursorCodec(config.get('cursorSecret', { infer: true }), ADMIN_REFUNDS_CURSOR_SCOPE)),
    },
  ],
  exports: [RefundNoticesService, RefundReconciler, AdminRefundsReadModel],
})
export class RefundsModule {}
