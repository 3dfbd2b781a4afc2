import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FintectureCredentials } from '../fintecture/fintecture-credentials';
import { emulatorCredentialsFromEnv, EmulatorCredentialsModule } from './emulator-credentials';
import { EmulatorExceptionFilter } from './emulator-errors';
import { EmulatorOptions } from './emulator-options';
import { EmulatorModule } from './emulator.module';

type Env = Record<string, string | undefined>;

function intFromEnv(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: expected a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export interface StandaloneSettings {
  port: number;
  host: string;
  options: EmulatorOptions;
}

/** The same EMULATOR_* variables and defaults as the service's configuration. */
export function standaloneSettingsFromEnv(env: Env): StandaloneSettings {
  if (env.NODE_ENV?.trim() === 'production' || env.FINTECTURE_ENV?.trim() === 'production') {
    throw new Error('The Fintecture emulator never runs in production (NODE_ENV or FINTECTURE_ENV is production).');
  }
  const port = intFromEnv(env, 'EMULATOR_PORT', 3100, 0, 65535);
  const format = env.EMULATOR_WEBHOOK_FORMAT?.trim() || 'form';
  if (format !== 'form' && format !== 'json') throw new Error('EMULATOR_WEBHOOK_FORMAT: expected form or json');
  return {
    port,
    // Loopback unless told otherwise: the test controls need no protection there.
    host: env.EMULATOR_HOST?.trim() || '127.0.0.1',
    options: {
      publicBaseUrl: (env.EMULATOR_PUBLIC_URL?.trim() || `http://localhost:${port}/emulator`).replace(/\/+$/, ''),
      // The service's own receiver on its default port.
      webhookUrl: env.EMULATOR_WEBHOOK_URL?.trim() || 'http://127.0.0.1:3000/v1/webhooks/fintecture',
      webhookFormat: format,
      webhookMaxAttempts: intFromEnv(env, 'EMULATOR_WEBHOOK_ATTEMPTS', 10, 1, 50),
      webhookBaseDelayMs: intFromEnv(env, 'EMULATOR_WEBHOOK_BASE_DELAY_MS', 1000, 0, 3_600_000),
      tokenTtlSeconds: intFromEnv(env, 'EMULATOR_TOKEN_TTL_SECONDS', 3600, 1, 86_400),
      timeoutFaultMs: intFromEnv(env, 'EMULATOR_TIMEOUT_FAULT_MS', 30_000, 0, 600_000),
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
  const credentials = emulatorCredentialsFromEnv(env);

  @Module({ imports: [EmulatorCredentialsModule.with(credentials), EmulatorModule.forRoot(settings.options)] })
  class StandaloneEmulatorModule {}

  const app = await NestFactory.create<NestExpressApplication>(StandaloneEmulatorModule, {
    bodyParser: false,
    ...(logger === false ? { logger: false } : {}),
  });
  app.disable('x-powered-by');
  app.useGlobalFilters(new EmulatorExceptionFilter());
  serveAtRootToo(app.getHttpServer() as Server);
  app.enableShutdownHooks();
  await app.listen(settings.port, settings.host);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, credentials, settings, port };
}
