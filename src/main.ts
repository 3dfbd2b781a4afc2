import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp, listen } from './app.setup';
import { ConfigurationError, loadConfiguration } from './config/configuration';

async function bootstrap(): Promise<void> {
  let config;
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
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { rawBody: true });
  configureApp(app, config);
  app.enableShutdownHooks();
  await listen(app, config);
}

bootstrap().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
