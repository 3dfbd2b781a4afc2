import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/configuration';
import { MetricsService } from '../observability/metrics.service';
import { buildDataSourceOptions } from './data-source-options';
import { StatementCountingLogger } from './statement-counter';
import { TransactionRunner } from './transaction-runner';

/** Global so that there is exactly one TransactionRunner (and so one SQLite write queue). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService, MetricsService],
      useFactory: (config: ConfigService<AppConfig, true>, metrics: MetricsService) => {
        const database = config.get('database', { infer: true });
        const options = buildDataSourceOptions(database);
        if (!database.countStatements) return options;
        return { ...options, logger: new StatementCountingLogger(metrics.registry, database.logging) };
      },
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
