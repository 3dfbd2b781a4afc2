import { Global, Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { BrowserSessionAuth } from '../common/api-key.guard';
import { PaymentsModule } from '../payments/payments.module';
import { ConsoleActionsController } from './console-actions.controller';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleOverviewService } from './console-overview.service';
import { ConsolePagesController } from './console-pages.controller';
import { ConsoleSessionsService } from './console-sessions.service';

/**
 * The admin console at /admin. Global only so that the ApiKeyGuard of every admin route, in
 * whichever module, finds the console's session cookie reader (BrowserSessionAuth).
 */
@Global()
@Module({
  imports: [AdminModule, PaymentsModule],
  controllers: [ConsoleAuthController, ConsoleActionsController, ConsolePagesController],
  providers: [ConsoleSessionsService, { provide: BrowserSessionAuth, useExisting: ConsoleSessionsService }, ConsoleOverviewService],
  exports: [BrowserSessionAuth],
})
export class ConsoleModule {}
