import { ConfigContext } from './app.config';
import { configNamespace } from './config-namespace';
import { EnvReader, stripTrailingSlash } from './env-reader';

export const WEBHOOK_FORMATS = ['form', 'json'] as const;

export interface EmulatorConfig {
  /** EMULATOR_PORT: the standalone emulator's port. */
  port: number;
  /** Public address of the mounted emulator's routes (meta.url, the payer page). */
  publicUrl: string;
  /** Where webhooks go. */
  webhookUrl: string;
  webhookFormat: (typeof WEBHOOK_FORMATS)[number];
  webhookMaxAttempts: number;
  webhookBaseDelayMs: number;
  tokenTtlSeconds: number;
  timeoutFaultMs: number;
}

export function readEmulatorConfig(read: EnvReader, context: ConfigContext): EmulatorConfig {
  return {
    port: read.int('EMULATOR_PORT', 3100, 0, 65535),
    publicUrl: stripTrailingSlash(read.url('EMULATOR_PUBLIC_URL') ?? `http://localhost:${context.port}/emulator`),
    webhookUrl: read.url('EMULATOR_WEBHOOK_URL') ?? `http://127.0.0.1:${context.port}/v1/webhooks/fintecture`,
    webhookFormat: read.oneOf('EMULATOR_WEBHOOK_FORMAT', WEBHOOK_FORMATS) ?? 'form',
    webhookMaxAttempts: read.int('EMULATOR_WEBHOOK_ATTEMPTS', 10, 1, 50),
    webhookBaseDelayMs: read.int('EMULATOR_WEBHOOK_BASE_DELAY_MS', 1000, 0, 3_600_000),
    tokenTtlSeconds: read.int('EMULATOR_TOKEN_TTL_SECONDS', 3600, 1, 86_400),
    timeoutFaultMs: read.int('EMULATOR_TIMEOUT_FAULT_MS', 30_000, 0, 600_000),
  };
}

export const emulatorConfig = configNamespace('emulator', readEmulatorConfig);
