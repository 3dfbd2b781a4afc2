import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readNamespace } from '../config/config-namespace';
import { readEmulatorConfig } from '../config/emulator.config';
import { Env } from '../config/env-reader';
import { FintectureConfig, readFintectureConfig } from '../config/fintecture.config';
import { fintectureCredentials } from '../fintecture/emulator-credentials-store';
import { FintectureCredentials } from '../fintecture/fintecture-credentials';
import { EmulatorCredentialsModule } from './emulator-credentials';
import { EmulatorExceptionFilter } from './emulator-errors';
import { EmulatorOptions } from './emulator-options';
import { EmulatorModule } from './emulator.module';

export interface StandaloneSettings {
  port: number;
  host: string;
  options: EmulatorOptions;
  /** The app identity it accepts: FINTECTURE_APP_ID/SECRET/PRIVATE_KEY(_PATH), or the emulator's own, kept in the data folder. */
  fintecture: FintectureConfig;
}

/**
 * The EMULATOR_* and FINTECTURE_* variables through the service's own readers (src/config): the
 * same defaults, except for what follows from running on EMULATOR_PORT, which that reader works out.
 */
export function standaloneSettingsFromEnv(env: Env): StandaloneSettings {
  const { emulator, fintecture } = readNamespace(env, (read, context) => {
    // The context already refuses the emulator in production when FINTECTURE_ENV leaves it the default.
    if (context.production && !read.hasProblemWith('FINTECTURE_ENV')) {
      read.problem('NODE_ENV, FINTECTURE_ENV: the Fintecture emulator never runs in production');
    }
    return {
      emulator: readEmulatorConfig(read, context),
      // Whatever FINTECTURE_ENV says for the service, this process is the emulator: the credentials follow its rules.
      fintecture: readFintectureConfig(read, { ...context, fintectureEnv: 'emulator' }),
    };
  });
  return {
    fintecture,
    port: emulator.port,
    host: emulator.standalone.host,
    options: {
      publicBaseUrl: emulator.standalone.publicUrl,
      webhookUrl: emulator.webhookUrl,
      webhookFormat: emulator.webhookFormat,
      webhookFields: emulator.webhookFields,
      webhookMaxAttempts: emulator.webhookMaxAttempts,
      webhookBaseDelayMs: emulator.webhookBaseDelayMs,
      tokenTtlSeconds: emulator.tokenTtlSeconds,
      timeoutFaultMs: emulator.timeoutFaultMs,
    },
  };
}

const MOUNTED = /^\/emulator(?:[/?]|$)/;

/**
 * Alone, the emulator also answers at the root (/pis/v2/connect as well as /emulator/pis/v2/connect),
 * as Fintecture's hosts do: the official JS SDK signs the path of its endpoint constants and
 * ignores any path in its base URL, so it can only talk to a root-mounted Fintecture. The path is
 * rewritten for routing only; originalUrl keeps the wire path, which is what the signature covers.
 */
function serveAtRootToo(server: Server): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith('/') && !MOUNTED.test(url)) {
      req.originalUrl = url;
      req.url = `/emulator${url}`;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}

export interface StandaloneEmulator {
  app: NestExpressApplication;
  credentials: FintectureCredentials;
  settings: StandaloneSettings;
  port: number;
}

/**
 * The emulator alone, for clients other than this service. Body parsing is left to the
 * emulator itself, so that every body, whatever its Content-Type, is hashed as received and a
 * malformed one is refused in Fintecture's shape.
 */
export async function startStandaloneEmulator(env: Env, logger: false | undefined = undefined): Promise<StandaloneEmulator> {
  const settings = standaloneSettingsFromEnv(env);
  const credentials = fintectureCredentials(settings.fintecture);

  @Module({ imports: [EmulatorCredentialsModule.with(credentials), EmulatorModule.forRoot(settings.options)] })
  class StandaloneEmulatorModule {}

  const app = await NestFactory.create<NestExpressApplication>(StandaloneEmulatorModule, {
    bodyParser: false,
    ...(logger === false ? { logger: false } : {}),
  });
  app.disable('x-powered-by');
  app.useGlobalFilters(new EmulatorExceptionFilter());
  serveAtRootToo(app.getHttpServer());
  app.enableShutdownHooks();
  await app.listen(settings.port, settings.host);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, credentials, settings, port };
}
