import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentSession } from './entities/payment-session.entity';
import { SessionEvent } from './entities/session-event.entity';
import { OpenSessionsMetric } from './open-sessions.metric';
import { PaymentSessionsController } from './payment-sessions.controller';
import { PaymentSessionsService } from './payment-sessions.service';
import { SessionStateService } from './session-state.service';

@Module({
  imports: [TypeOrmModule.forFeature([PaymentSession, SessionEvent])],
  controllers: [PaymentSessionsController],
  providers: [PaymentSessionsService, SessionStateService, OpenSessionsMetric],
  exports: [PaymentSessionsService, SessionStateService, TypeOrmModule],
})
export class PaymentsModule {}
