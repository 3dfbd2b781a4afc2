import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CursorCodec } from '../common/cursor-codec';
import { AppConfig } from '../config/configuration';
import { RefundsModule } from '../refunds/refunds.module';
import { AdminSessionsController } from './admin-sessions.controller';
import { AdminSessionsReadModel } from './admin-sessions.read-model';

/** Cursors of the sessions listing; the scope keeps them from being accepted by any other listing. */
export const ADMIN_SESSIONS_CURSOR_SCOPE = 'admin.sessions';

/** The admin's view of sessions: reads only, through the DataSource (no entity registered here; payments owns them). */
@Module({
  // Refunds owns its tables; the session detail shows them through its read model.
  imports: [RefundsModule],
  controllers: [AdminSessionsController],
  providers: [
    {
      provide: CursorCodec,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new CursorCodec(config.get('cursorSecret', { infer: true }), ADMIN_SESSIONS_CURSOR_SCOPE),
    },
    {
      provide: AdminSessionsReadModel,
      inject: [getDataSourceToken(), CursorCodec],
      useFactory: (dataSource: DataSource, cursors: CursorCodec) => new AdminSessionsReadModel(dataSource, cursors),
    },
  ],
  exports: [AdminSessionsReadModel],
})
export class AdminModule {}
