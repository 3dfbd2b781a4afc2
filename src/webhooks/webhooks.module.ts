import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { UnmatchedNotice } from './unmatched-notice.entity';
import { UnmatchedNoticesController } from './unmatched-notices.controller';
import { UnmatchedNoticesService } from './unmatched-notices.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Fintecture's webhooks: verified by the Fintecture module's verifier, applied through payments'
 * one state path; what no session takes is kept as an unmatched notice (exported for reconciliation).
 */
@Module({
  imports: [PaymentsModule, RefundsModule, TypeOrmModule.forFeature([UnmatchedNotice])],
  controllers: [WebhooksController, UnmatchedNoticesController],
  providers: [WebhooksService, UnmatchedNoticesService],
  exports: [WebhooksService, UnmatchedNoticesService],
})
export class WebhooksModule {}
