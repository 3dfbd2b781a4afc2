import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EmulatorApiController } from './emulator-api.controller';
import { EmulatorControlController } from './emulator-control.controller';
import { EmulatorFaultService } from './emulator-faults';
import { EmulatorRawBodyMiddleware } from './emulator-http';
import { EMULATOR_OPTIONS, EmulatorOptions } from './emulator-options';
import { EmulatorPayerJourney } from './emulator-payer-journey.service';
import { EmulatorPayerController } from './emulator-payer.controller';
import { EmulatorRefunds } from './emulator-refunds.service';
import { EmulatorRequestAuth } from './emulator-request-auth.service';
import { EmulatorRequestLog } from './emulator-request-log.service';
import { EmulatorSessionStore } from './emulator-session-store.service';
import { EmulatorTimers } from './emulator-timers.service';
import { EmulatorTokenService } from './emulator-tokens';
import { EmulatorUrls } from './emulator-urls';
import { EmulatorWebhookService } from './emulator-webhooks';

/**
 * A Fintecture that runs in memory, under /emulator: the PIS API (strictly verified), the payer
 * page, signed webhooks, and test controls. Needs FINTECTURE_APP from a global module
 * (appId, appSecret, publicKey); needs no database. Load it only outside production.
 */
@Module({})
export class EmulatorModule implements NestModule {
  static forRoot(options: EmulatorOptions): DynamicModule {
    // The configuration already keeps it out of production; this holds even if a wiring mistake does not.
    if (process.env.NODE_ENV === 'production') {
      throw new Error('EmulatorModule: the Fintecture emulator never loads in production (NODE_ENV=production)');
    }
    return {
      module: EmulatorModule,
      controllers: [EmulatorApiController, EmulatorPayerController, EmulatorControlController],
      providers: [
        { provide: EMULATOR_OPTIONS, useValue: options },
        EmulatorUrls,
        EmulatorTokenService,
        EmulatorFaultService,
        EmulatorWebhookService,
        EmulatorTimers,
        EmulatorRequestLog,
        EmulatorSessionStore,
        EmulatorPayerJourney,
        EmulatorRefunds,
        EmulatorRequestAuth,
      ],
      // What a test may look into; the rest is the controllers' business.
      exports: [EMULATOR_OPTIONS, EmulatorSessionStore, EmulatorRequestLog, EmulatorWebhookService, EmulatorTokenService, EmulatorFaultService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(EmulatorRawBodyMiddleware).forRoutes(EmulatorApiController, EmulatorPayerController, EmulatorControlController);
  }
}
