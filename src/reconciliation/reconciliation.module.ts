import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentsModule } from '../payments/payments.module';
import { ReconciliationRun } from './reconciliation-run.entity';
import { ReconciliationRunsController } from './reconciliation-runs.controller';
import { ReconciliationService } from './reconciliation.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Keeps the record matching what was paid: Fintecture's webhooks, and passes that ask it. */
@Module({
  imports: [ScheduleModule.forRoot(), PaymentsModule, TypeOrmModule.forFeature([ReconciliationRun])],
  controllers: [WebhooksController, ReconciliationRunsController],
  providers: [WebhooksService, ReconciliationService],
  exports: [WebhooksService, ReconciliationService],
})
export class ReconciliationModule {}
