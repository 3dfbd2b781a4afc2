import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type FintectureEnv = 'emulator' | 'sandbox' | 'production';

export interface ApiKey {
  /** Shown in logs and stored with idempotency keys; the secret itself never is. */
  label: string;
  secret: string;
}

export interface AppConfig {
  nodeEnv: string;
  production: boolean;
  port: number;
  database:
    | { type: 'sqlite'; path: string; logging: boolean; migrationsRun: boolean }
    | { type: 'postgres'; url: string; poolSize: number; logging: boolean; migrationsRun: boolean };
  fintecture: {
    env: FintectureEnv;
    apiUrl: string;
    appId?: string;
    appSecret?: string;
    privateKey?: KeyObject;
    timeoutMs: number;
  };
  auth: { merchantKeys: ApiKey[]; adminKeys: ApiKey[]; devKeys: boolean };
  http: { bodyLimit: string; trustProxy: boolean | number | string; corsOrigins: string[] };
  webhooks: { toleranceSeconds: number };
  reconciliation: {
    intervalSeconds: number;
    concurrency: number;
    batchSize: number;
    creatingTimeoutSeconds: number;
    backoffBaseSeconds: number;
    backoffMaxSeconds: number;
    maxChecks: number;
  };
  emulator: {
    port: number;
    publicUrl: string;
    webhookUrl: string;
    webhookFormat: 'form' | 'json';
    webhookMaxAttempts: number;
    webhookBaseDelayMs: number;
    tokenTtlSeconds: number;
    timeoutFaultMs: number;
  };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; pretty: boolean };
  rateLimit: { apiPerMinute: number; webhookPerMinute: number };
  shutdownTimeoutMs: number;
  /** Signs the admin list's pagination cursors; unset: a random secret per process (cursors then die with it). */
  cursorSecret?: string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

const FINTECTURE_HOSTS: Record<Exclude<FintectureEnv, 'emulator'>, string> = {
  sandbox: 'https://api-sandbox.fintecture.com',
  production: 'https://api.fintecture.com',
};

export const DEV_MERCHANT_KEY = 'dev-merchant-key';
export const DEV_ADMIN_KEY = 'dev-admin-key';

type Env = Record<string, string | undefined>;

/**
 * Reads and validates every variable at once, so that one start-up names every mistake
 * rather than the first. Pure: tests give it a plain object.
 */
export function loadConfiguration(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const port = read.int('PORT', 3000, 0, 65535);
  const appId = read.string('FINTECTURE_APP_ID');
  const requestedEnv = read.oneOf('FINTECTURE_ENV', ['emulator', 'sandbox', 'production'] as const);
  const fintectureEnv: FintectureEnv = requestedEnv ?? (appId ? 'sandbox' : 'emulator');
  const production = nodeEnv === 'production' || fintectureEnv === 'production';

  if (production && fintectureEnv === 'emulator') {
    problems.push('FINTECTURE_ENV: the emulator never runs in production (NODE_ENV=production); use sandbox or production');
  }

  const appSecret = read.string('FINTECTURE_APP_SECRET');
  const privateKey = readPrivateKey(env, problems);
  if (fintectureEnv !== 'emulator') {
    if (!appId) problems.push(`FINTECTURE_APP_ID: required when FINTECTURE_ENV=${fintectureEnv}`);
    if (!appSecret) problems.push(`FINTECTURE_APP_SECRET: required when FINTECTURE_ENV=${fintectureEnv}`);
    if (!privateKey && !problems.some((p) => p.startsWith('FINTECTURE_PRIVATE_KEY'))) {
      problems.push(`FINTECTURE_PRIVATE_KEY or FINTECTURE_PRIVATE_KEY_PATH: required when FINTECTURE_ENV=${fintectureEnv}`);
    }
  } else if ([appId, appSecret, privateKey].some(Boolean) && ![appId, appSecret, privateKey].every(Boolean)) {
    problems.push(
      'FINTECTURE_APP_ID, FINTECTURE_APP_SECRET, FINTECTURE_PRIVATE_KEY(_PATH): give all three or none (the emulator then generates its own)',
    );
  }

  const apiUrlOverride = read.url('FINTECTURE_API_URL');
  const apiUrl = stripTrailingSlash(
    apiUrlOverride ??
      (fintectureEnv === 'emulator' ? `http://127.0.0.1:${port}/emulator` : FINTECTURE_HOSTS[fintectureEnv]),
  );

  const merchantKeys = read.apiKeys('MERCHANT_API_KEYS', 'merchant');
  const adminKeys = read.apiKeys('ADMIN_API_KEYS', 'admin');
  let devKeys = false;
  if (!merchantKeys || !adminKeys) {
    if (production) {
      if (!merchantKeys) problems.push('MERCHANT_API_KEYS: required in production');
      if (!adminKeys) problems.push('ADMIN_API_KEYS: required in production');
    }
    devKeys = true;
  }
  const merchant = merchantKeys ?? [{ label: 'dev-merchant', secret: DEV_MERCHANT_KEY }];
  const admin = adminKeys ?? [{ label: 'dev-admin', secret: DEV_ADMIN_KEY }];
  for (const key of merchant) {
    if (admin.some((a) => a.secret === key.secret)) {
      problems.push('MERCHANT_API_KEYS, ADMIN_API_KEYS: a key may not be both a merchant and an admin key');
      break;
    }
  }

  const database = readDatabase(read, problems, production);

  const webhookFormat = read.oneOf('EMULATOR_WEBHOOK_FORMAT', ['form', 'json'] as const) ?? 'form';
  const corsOrigins = (read.string('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!isUrl(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an http(s) origin`);
  }

  const config: AppConfig = {
    nodeEnv,
    production,
    port,
    database,
    fintecture: {
      env: fintectureEnv,
      apiUrl,
      appId,
      appSecret,
      privateKey,
      timeoutMs: read.int('FINTECTURE_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    auth: { merchantKeys: merchant, adminKeys: admin, devKeys },
    http: {
      bodyLimit: read.size('HTTP_BODY_LIMIT', '100kb'),
      trustProxy: read.trustProxy('TRUST_PROXY'),
      corsOrigins,
    },
    webhooks: { toleranceSeconds: read.int('WEBHOOK_TOLERANCE_SECONDS', 900, 1, 86_400) },
    reconciliation: {
      intervalSeconds: read.int('RECONCILIATION_INTERVAL_SECONDS', 300, 0, 86_400),
      concurrency: read.int('RECONCILIATION_CONCURRENCY', 4, 1, 64),
      batchSize: read.int('RECONCILIATION_BATCH_SIZE', 500, 1, 10_000),
      creatingTimeoutSeconds: read.int('RECONCILIATION_CREATING_TIMEOUT_SECONDS', 900, 1, 86_400 * 7),
      backoffBaseSeconds: read.int('RECONCILIATION_BACKOFF_BASE_SECONDS', 60, 0, 86_400),
      backoffMaxSeconds: read.int('RECONCILIATION_BACKOFF_MAX_SECONDS', 21_600, 0, 86_400 * 30),
      maxChecks: read.int('RECONCILIATION_MAX_CHECKS', 50, 1, 100_000),
    },
    emulator: {
      port: read.int('EMULATOR_PORT', 3100, 0, 65535),
      publicUrl: stripTrailingSlash(read.url('EMULATOR_PUBLIC_URL') ?? `http://localhost:${port}/emulator`),
      webhookUrl: read.url('EMULATOR_WEBHOOK_URL') ?? `http://127.0.0.1:${port}/v1/webhooks/fintecture`,
      webhookFormat,
      webhookMaxAttempts: read.int('EMULATOR_WEBHOOK_ATTEMPTS', 10, 1, 50),
      webhookBaseDelayMs: read.int('EMULATOR_WEBHOOK_BASE_DELAY_MS', 1000, 0, 3_600_000),
      tokenTtlSeconds: read.int('EMULATOR_TOKEN_TTL_SECONDS', 3600, 1, 86_400),
      timeoutFaultMs: read.int('EMULATOR_TIMEOUT_FAULT_MS', 30_000, 0, 600_000),
    },
    log: {
      level: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) ?? 'info',
      pretty: read.bool('LOG_PRETTY', !production && nodeEnv !== 'test'),
    },
    rateLimit: {
      apiPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      webhookPerMinute: read.int('WEBHOOK_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
    },
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    cursorSecret: read.string('CURSOR_SECRET'),
  };
  if (config.cursorSecret !== undefined && config.cursorSecret.length < 32) {
    problems.push('CURSOR_SECRET: must be at least 32 characters when set');
  }
  if (problems.length) throw new ConfigurationError(problems);
  return config;
}

/**
 * Only the database variables: what the TypeORM CLI (ormconfig.ts, `npm run migration:run`) needs,
 * so that migrating a production database does not require the app's keys and credentials.
 */
export function loadDatabaseConfiguration(env: Env = process.env): AppConfig['database'] {
  const problems: string[] = [];
  const production = env.NODE_ENV?.trim() === 'production' || env.FINTECTURE_ENV?.trim() === 'production';
  const database = readDatabase(new EnvReader(env, problems), problems, production);
  if (problems.length) throw new ConfigurationError(problems);
  return database;
}

function readDatabase(read: EnvReader, problems: string[], production: boolean): AppConfig['database'] {
  const databaseUrl = read.string('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }
  const logging = read.bool('DATABASE_LOGGING', false);
  // Outside production the app migrates itself at start; production runs `npm run migration:run`.
  const migrationsRun = read.bool('DATABASE_MIGRATIONS_RUN', !production);
  return databaseUrl
    ? { type: 'postgres', url: databaseUrl, poolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200), logging, migrationsRun }
    : { type: 'sqlite', path: read.string('DATABASE_PATH') ?? 'data/payments.sqlite', logging, migrationsRun };
}

function readPrivateKey(env: Env, problems: string[]): KeyObject | undefined {
  const inline = env.FINTECTURE_PRIVATE_KEY?.trim();
  const path = env.FINTECTURE_PRIVATE_KEY_PATH?.trim();
  if (inline && path) {
    problems.push('FINTECTURE_PRIVATE_KEY, FINTECTURE_PRIVATE_KEY_PATH: set one, not both');
    return undefined;
  }
  const name = inline ? 'FINTECTURE_PRIVATE_KEY' : 'FINTECTURE_PRIVATE_KEY_PATH';
  let pem = inline?.replace(/\\n/g, '\n');
  if (path) {
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`FINTECTURE_PRIVATE_KEY_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }
  if (!pem) return undefined;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      problems.push(`${name}: an RSA key is required, got ${key.asymmetricKeyType}`);
      return undefined;
    }
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      problems.push(`${name}: the RSA key must be at least 2048 bits`);
      return undefined;
    }
    return key;
  } catch {
    problems.push(`${name}: does not parse as a PEM private key`);
    return undefined;
  }
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}: must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name}: must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}: must be one of ${allowed.join(', ')}, got "${raw}"`);
      return undefined;
    }
    return raw as T;
  }

  url(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!isUrl(raw)) {
      this.problems.push(`${name}: must be an http(s) URL, got "${raw}"`);
      return undefined;
    }
    return raw;
  }

  size(name: string, fallback: string): string {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+(b|kb|mb)$/i.test(raw)) {
      this.problems.push(`${name}: must be a size such as 100kb or 1mb, got "${raw}"`);
      return fallback;
    }
    return raw.toLowerCase();
  }

  trustProxy(name: string): boolean | number | string {
    const raw = this.string(name);
    if (raw === undefined || raw === 'false') return false;
    if (raw === 'true') return true;
    if (/^\d+$/.test(raw)) return Number(raw);
    if (/^[\w.:/,\s-]+$/.test(raw)) return raw;
    this.problems.push(`${name}: must be true, false, a hop count or a list of addresses, got "${raw}"`);
    return false;
  }

  /** Comma-separated `label:secret` entries, or bare secrets labelled by position. */
  apiKeys(name: string, kind: string): ApiKey[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const keys: ApiKey[] = [];
    raw.split(',').forEach((entry, index) => {
      const trimmed = entry.trim();
      if (!trimmed) return;
      const colon = trimmed.indexOf(':');
      const label = colon > 0 ? trimmed.slice(0, colon) : `${kind}-${index + 1}`;
      const secret = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
      if (secret.length < 16 || !/^[\x21-\x7e]+$/.test(secret)) {
        this.problems.push(`${name}: entry ${index + 1} must be at least 16 printable characters without spaces`);
        return;
      }
      if (!/^[\w.-]{1,64}$/.test(label)) {
        this.problems.push(`${name}: entry ${index + 1} has an invalid label (letters, digits, . _ - only)`);
        return;
      }
      keys.push({ label, secret });
    });
    if (!keys.length && !this.problems.some((p) => p.startsWith(name))) {
      this.problems.push(`${name}: no key given`);
    }
    return keys.length ? keys : undefined;
  }
}
