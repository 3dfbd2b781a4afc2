import { EnvReader } from './env-reader';

export type FintectureEnv = 'emulator' | 'sandbox' | 'production';

/**
 * Which world the process runs in. Several namespaces derive their defaults and rules from it,
 * so it is read first, once, and handed to each of them.
 */
export interface ConfigContext {
  nodeEnv: string;
  production: boolean;
  /** The service's HTTP port. */
  port: number;
  fintectureEnv: FintectureEnv;
}

/** The settings at the root of AppConfig (`config.get('port')`), not under a namespace. */
export interface AppSettings extends Omit<ConfigContext, 'fintectureEnv'> {
  shutdownTimeoutMs: number;
  /** Signs the admin list's pagination cursors; unset: a random secret per process (cursors then die with it). */
  cursorSecret?: string;
}

export function readConfigContext(read: EnvReader): ConfigContext {
  const nodeEnv = read.string('NODE_ENV') ?? 'development';
  const port = read.int('PORT', 3000, 0, 65535);
  const requested = read.oneOf('FINTECTURE_ENV', ['emulator', 'sandbox', 'production'] as const);
  // Credentials without an environment mean the sandbox: the emulator never needs them.
  const fintectureEnv: FintectureEnv = requested ?? (read.string('FINTECTURE_APP_ID') ? 'sandbox' : 'emulator');
  const production = nodeEnv === 'production' || fintectureEnv === 'production';
  if (production && fintectureEnv === 'emulator') {
    read.problem('FINTECTURE_ENV: the emulator never runs in production (NODE_ENV=production); use sandbox or production');
  }
  return { nodeEnv, production, port, fintectureEnv };
}

export function readAppSettings(read: EnvReader, context: ConfigContext): AppSettings {
  const cursorSecret = read.string('CURSOR_SECRET');
  if (cursorSecret !== undefined && cursorSecret.length < 32) read.problem('CURSOR_SECRET: must be at least 32 characters when set');
  return {
    nodeEnv: context.nodeEnv,
    production: context.production,
    port: context.port,
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    cursorSecret,
  };
}
