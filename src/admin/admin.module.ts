import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/configuration';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { SessionEvent } from '../payments/entities/session-event.entity';
import { AdminSessionsController } from './admin-sessions.controller';
import { AdminSessionsService } from './admin-sessions.service';
import { CursorCodec } from './cursor-codec';

@Module({
  imports: [TypeOrmModule.forFeature([PaymentSession, SessionEvent])],
  controllers: [AdminSessionsController],
  providers: [
    {
      provide: CursorCodec,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => new CursorCodec(config.get('cursorSecret', { infer: true })),
    },
    {
      provide: AdminSessionsService,
      inject: [getDataSourceToken(), CursorCodec],
      useFactory: (dataSource: DataSource, cursors: CursorCodec) => new AdminSessionsService(dataSource, cursors),
    },
  ],
  exports: [AdminSessionsService],
})
export class AdminModule {}
