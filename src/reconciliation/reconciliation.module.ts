import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ReconciliationPacer } from './reconciliation-pacer';
import { ReconciliationPassService } from './reconciliation-pass.service';
import { ReconciliationRun } from './reconciliation-run.entity';
import { ReconciliationRunsController } from './reconciliation-runs.controller';
import { ReconciliationRunsStore } from './reconciliation-runs.store';
import { ReconciliationService } from './reconciliation.service';
import { SessionChecker } from './session-checker.service';

/** Passes that ask Fintecture about open sessions (and report unmatched money notices), their schedule, their runs and their command line. */
@Module({
  imports: [ScheduleModule.forRoot(), PaymentsModule, WebhooksModule, RefundsModule, TypeOrmModule.forFeature([ReconciliationRun])],
  controllers: [ReconciliationRunsController],
  providers: [ReconciliationService, ReconciliationPassService, ReconciliationRunsStore, SessionChecker, ReconciliationPacer],
  exports: [ReconciliationService],
})
export class ReconciliationModule {}
