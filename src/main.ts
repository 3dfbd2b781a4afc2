import 'reflect-metadata';
import './config/load-env-file';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp, listen } from './app.setup';
import { AppConfig, ConfigurationError, loadConfiguration } from './config/configuration';
import { installGracefulShutdown } from './observability/graceful-shutdown';
import { runStartupCheck } from './observability/startup-check';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfiguration();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      // Before any logger exists: say plainly which variables are wrong, and stop.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Lines written while the modules start wait for the JSON logger instead of going out in Nest's format;
  // abortOnError: false lets a failing start reach the catch below (exit 1) instead of process.abort().
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    rawBody: true,
    bufferLogs: true,
    abortOnError: false,
  });
  configureApp(app, config);
  const emulated = config.fintecture.env === 'emulator';
  installGracefulShutdown(app, { timeoutMs: config.shutdownTimeoutMs, keepListening: emulated && !config.production });
  // Outside the emulator the credentials are proven before the port opens; the emulator only
  // answers once listening, and its address is only final then.
  if (!emulated) await runStartupCheck(app, config);
  await listen(app, config);
  if (emulated) await runStartupCheck(app, config);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').fatal(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
