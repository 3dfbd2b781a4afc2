import { createPrivateKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigContext, FintectureEnv } from './app.config';
import { configNamespace } from './config-namespace';
import { readSqlitePath } from './database.config';
import { EnvReader, stripTrailingSlash } from './env-reader';

export interface FintectureConfig {
  env: FintectureEnv;
  apiUrl: string;
  appId?: string;
  appSecret?: string;
  privateKey?: KeyObject;
  timeoutMs: number;
  /**
   * Emulator mode only: where the generated app id, secret and key are kept, so that restarts,
   * `npm run emulator` and `npm run reconcile` share one identity. Never set outside the emulator.
   */
  emulatorCredentialsPath?: string;
}

const FINTECTURE_HOSTS: Record<Exclude<FintectureEnv, 'emulator'>, string> = {
  sandbox: 'https://api-sandbox.fintecture.com',
  production: 'https://api.fintecture.com',
};

export const EMULATOR_CREDENTIALS_FILE = 'emulator-credentials.json';

export function readFintectureConfig(read: EnvReader, context: ConfigContext): FintectureConfig {
  const env = context.fintectureEnv;
  const appId = read.string('FINTECTURE_APP_ID');
  const appSecret = read.string('FINTECTURE_APP_SECRET');
  const privateKey = readPrivateKey(read);
  if (env !== 'emulator') {
    if (!appId) read.problem(`FINTECTURE_APP_ID: required when FINTECTURE_ENV=${env}`);
    if (!appSecret) read.problem(`FINTECTURE_APP_SECRET: required when FINTECTURE_ENV=${env}`);
    if (!privateKey && !read.hasProblemWith('FINTECTURE_PRIVATE_KEY')) {
      read.problem(`FINTECTURE_PRIVATE_KEY or FINTECTURE_PRIVATE_KEY_PATH: required when FINTECTURE_ENV=${env}`);
    }
  } else if ([appId, appSecret, privateKey].some(Boolean) && ![appId, appSecret, privateKey].every(Boolean)) {
    read.problem(
      'FINTECTURE_APP_ID, FINTECTURE_APP_SECRET, FINTECTURE_PRIVATE_KEY(_PATH): give all three or none (the emulator then generates its own)',
    );
  }
  const apiUrl = stripTrailingSlash(
    read.url('FINTECTURE_API_URL') ?? (env === 'emulator' ? `http://127.0.0.1:${context.port}/emulator` : FINTECTURE_HOSTS[env]),
  );
  const generatesItsOwn = env === 'emulator' && !appId && !appSecret && !privateKey;
  return {
    env,
    apiUrl,
    appId,
    appSecret,
    privateKey,
    timeoutMs: read.int('FINTECTURE_TIMEOUT_MS', 10_000, 100, 120_000),
    ...(generatesItsOwn ? { emulatorCredentialsPath: join(dirname(readSqlitePath(read)), EMULATOR_CREDENTIALS_FILE) } : {}),
  };
}

/** FINTECTURE_PRIVATE_KEY (PEM text, "\n" escapes allowed) or FINTECTURE_PRIVATE_KEY_PATH, parsed once. */
function readPrivateKey(read: EnvReader): KeyObject | undefined {
  const inline = read.string('FINTECTURE_PRIVATE_KEY');
  const path = read.string('FINTECTURE_PRIVATE_KEY_PATH');
  if (inline && path) {
    read.problem('FINTECTURE_PRIVATE_KEY, FINTECTURE_PRIVATE_KEY_PATH: set one, not both');
    return undefined;
  }
  const name = inline ? 'FINTECTURE_PRIVATE_KEY' : 'FINTECTURE_PRIVATE_KEY_PATH';
  let pem = inline?.replace(/\\n/g, '\n');
  if (path) {
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      read.problem(`FINTECTURE_PRIVATE_KEY_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  }
  if (!pem) return undefined;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      read.problem(`${name}: an RSA key is required, got ${key.asymmetricKeyType}`);
      return undefined;
    }
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      read.problem(`${name}: the RSA key must be at least 2048 bits`);
      return undefined;
    }
    return key;
  } catch {
    read.problem(`${name}: does not parse as a PEM private key`);
    return undefined;
  }
}

export const fintectureConfig = configNamespace('fintecture', readFintectureConfig);
