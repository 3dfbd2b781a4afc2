import { ConfigContext } from './app.config';
import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface ApiKey {
  /** Shown in logs and stored with idempotency keys; the secret itself never is. */
  label: string;
  secret: string;
}

export interface AuthConfig {
  merchantKeys: ApiKey[];
  adminKeys: ApiKey[];
  /** True when the development keys stand in for missing ones (never in production). */
  devKeys: boolean;
}

export const DEV_MERCHANT_KEY = 'dev-merchant-key';
export const DEV_ADMIN_KEY = 'dev-admin-key';

/** Comma-separated `label:secret` entries, or bare secrets labelled by position. */
export function readApiKeys(read: EnvReader, name: string, kind: string): ApiKey[] | undefined {
  const raw = read.string(name);
  if (raw === undefined) return undefined;
  const keys: ApiKey[] = [];
  raw.split(',').forEach((entry, index) => {
    const trimmed = entry.trim();
    if (!trimmed) return;
    const colon = trimmed.indexOf(':');
    const label = colon > 0 ? trimmed.slice(0, colon) : `${kind}-${index + 1}`;
    const secret = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
    if (secret.length < 16 || !/^[\x21-\x7e]+$/.test(secret)) {
      read.problem(`${name}: entry ${index + 1} must be at least 16 printable characters without spaces`);
      return;
    }
    if (!/^[\w.-]{1,64}$/.test(label)) {
      read.problem(`${name}: entry ${index + 1} has an invalid label (letters, digits, . _ - only)`);
      return;
    }
    keys.push({ label, secret });
  });
  if (!keys.length && !read.hasProblemWith(name)) read.problem(`${name}: no key given`);
  return keys.length ? keys : undefined;
}

export function readAuthConfig(read: EnvReader, context: ConfigContext): AuthConfig {
  const merchantKeys = readApiKeys(read, 'MERCHANT_API_KEYS', 'merchant');
  const adminKeys = readApiKeys(read, 'ADMIN_API_KEYS', 'admin');
  const devKeys = !merchantKeys || !adminKeys;
  if (devKeys && context.production) {
    if (!merchantKeys) read.problem('MERCHANT_API_KEYS: required in production');
    if (!adminKeys) read.problem('ADMIN_API_KEYS: required in production');
  }
  const merchant = merchantKeys ?? [{ label: 'dev-merchant', secret: DEV_MERCHANT_KEY }];
  const admin = adminKeys ?? [{ label: 'dev-admin', secret: DEV_ADMIN_KEY }];
  if (merchant.some((key) => admin.some((a) => a.secret === key.secret))) {
    read.problem('MERCHANT_API_KEYS, ADMIN_API_KEYS: a key may not be both a merchant and an admin key');
  }
  return { merchantKeys: merchant, adminKeys: admin, devKeys };
}

export const authConfig = configNamespace('auth', readAuthConfig);
