import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentSession } from './entities/payment-session.entity';
import { SessionEvent } from './entities/session-event.entity';
import { OpenSessionsMetric } from './open-sessions.metric';
import { PaymentSessionsController } from './payment-sessions.controller';
import { PaymentSessionsService } from './payment-sessions.service';
import { PaymentSessionsRepository } from './persistence/payment-sessions.repository';
import { SessionChecksRepository } from './persistence/session-checks.repository';
import { SessionRows } from './persistence/session-rows';
import { SessionStateService } from './session-state.service';

/**
 * Owns payment_sessions and session_events: other modules read and write them only through the
 * services exported here (SessionRows, the raw row steps, stays inside).
 */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentSession, SessionEvent])],
  controllers: [PaymentSessionsController],
  providers: [PaymentSessionsService, SessionStateService, PaymentSessionsRepository, SessionChecksRepository, SessionRows, OpenSessionsMetric],
  exports: [PaymentSessionsService, SessionStateService, PaymentSessionsRepository, SessionChecksRepository],
})
export class PaymentsModule {}
