import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/configuration';
import { buildDataSourceOptions } from './data-source-options';
import { TransactionRunner } from './transaction-runner';

/** Global so that there is exactly one TransactionRunner (and so one SQLite write queue). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => buildDataSourceOptions(config.get('database', { infer: true })),
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
