import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AdminModule } from './admin/admin.module';
import { ConsoleModule } from './console/console.module';
import { AppConfig, configLoaders } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { FintectureModule } from './fintecture/fintecture.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ObservabilityModule } from './observability/observability.module';
import { PaymentsModule } from './payments/payments.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { RefundsModule } from './refunds/refunds.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * Built from a validated configuration: the emulator is only imported in emulator mode, so a
 * production process never even loads its code.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const imports: NonNullable<ModuleMetadata['imports']> = [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configLoaders(config) }),
      EventEmitterModule.forRoot(),
      DatabaseModule,
      FintectureModule,
      HealthModule,
      ObservabilityModule,
      PaymentsModule,
      WebhooksModule,
      ReconciliationModule,
      AdminModule,
      NotificationsModule,
      ConsoleModule,
      RefundsModule,
    ];
    if (config.fintecture.env === 'emulator' && !config.production) {
      // Required here, not imported at the top: outside emulator mode its code is never even loaded.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EmulatorModule } = require('./emulator/emulator.module') as typeof import('./emulator/emulator.module');
      imports.push(
        EmulatorModule.forRoot({
          publicBaseUrl: config.emulator.publicUrl,
          webhookUrl: config.emulator.webhookUrl,
          webhookFormat: config.emulator.webhookFormat,
          webhookFields: config.emulator.webhookFields,
          webhookMaxAttempts: config.emulator.webhookMaxAttempts,
          webhookBaseDelayMs: config.emulator.webhookBaseDelayMs,
          tokenTtlSeconds: config.emulator.tokenTtlSeconds,
          timeoutFaultMs: config.emulator.timeoutFaultMs,
          // A refund's webhook comes a moment after the answer to its call, as from Fintecture, not in a race with it.
          refundCompletionMs: 300,
        }),
      );
    }
    return { module: AppModule, imports };
  }
}
