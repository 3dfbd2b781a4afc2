import { ConfigContext } from './app.config';
import { configNamespace } from './config-namespace';
import { EnvReader, stripTrailingSlash } from './env-reader';

export const WEBHOOK_FORMATS = ['form', 'json'] as const;
export const WEBHOOK_FIELDS = ['full', 'minimal'] as const;

/** The emulator's settings, for both ways it runs: mounted in the service at /emulator, and alone (`npm run emulator`). */
export interface EmulatorConfig {
  /** EMULATOR_PORT: the standalone emulator's port. */
  port: number;
  /** Public address of the mounted emulator's routes (meta.url, the payer page). */
  publicUrl: string;
  /** Where webhooks go: the service's receiver, in both ways. */
  webhookUrl: string;
  webhookFormat: (typeof WEBHOOK_FORMATS)[number];
  /** `full`: type, transfer_state, amount… as the service needs; `minimal`: only the fields of Fintecture's documented example. */
  webhookFields: (typeof WEBHOOK_FIELDS)[number];
  webhookMaxAttempts: number;
  webhookBaseDelayMs: number;
  tokenTtlSeconds: number;
  timeoutFaultMs: number;
  /** What differs when the emulator runs alone, on EMULATOR_PORT. */
  standalone: {
    /** Listening address; loopback unless told otherwise, since the test controls need no key there. */
    host: string;
    publicUrl: string;
  };
}

export function readEmulatorConfig(read: EnvReader, context: ConfigContext): EmulatorConfig {
  const port = read.int('EMULATOR_PORT', 3100, 0, 65535);
  const publicUrl = read.url('EMULATOR_PUBLIC_URL');
  // The one difference between the two ways of running: the port the emulator's pages are served on.
  const publicUrlOn = (emulatorPort: number) => stripTrailingSlash(publicUrl ?? `http://localhost:${emulatorPort}/emulator`);
  return {
    port,
    publicUrl: publicUrlOn(context.port),
    webhookUrl: read.url('EMULATOR_WEBHOOK_URL') ?? `http://127.0.0.1:${context.port}/v1/webhooks/fintecture`,
    webhookFormat: read.oneOf('EMULATOR_WEBHOOK_FORMAT', WEBHOOK_FORMATS) ?? 'form',
    webhookFields: read.oneOf('EMULATOR_WEBHOOK_FIELDS', WEBHOOK_FIELDS) ?? 'full',
    webhookMaxAttempts: read.int('EMULATOR_WEBHOOK_ATTEMPTS', 10, 1, 50),
    webhookBaseDelayMs: read.int('EMULATOR_WEBHOOK_BASE_DELAY_MS', 1000, 0, 3_600_000),
    tokenTtlSeconds: read.int('EMULATOR_TOKEN_TTL_SECONDS', 3600, 1, 86_400),
    timeoutFaultMs: read.int('EMULATOR_TIMEOUT_FAULT_MS', 30_000, 0, 600_000),
    standalone: { host: read.string('EMULATOR_HOST') ?? '127.0.0.1', publicUrl: publicUrlOn(port) },
  };
}

export const emulatorConfig = configNamespace('emulator', readEmulatorConfig);
