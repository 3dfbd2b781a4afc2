import { configNamespace } from './config-namespace';
import { EnvReader, isHttpUrl } from './env-reader';

export interface HttpConfig {
  bodyLimit: string;
  trustProxy: boolean | number | string;
  corsOrigins: string[];
}

/** Express's `trust proxy`: true, false, a hop count, or a list of addresses and subnets. */
export function readTrustProxy(read: EnvReader, name: string): boolean | number | string {
  const raw = read.string(name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[\w.:/,\s-]+$/.test(raw)) return raw;
  read.problem(`${name}: must be true, false, a hop count or a list of addresses, got "${raw}"`);
  return false;
}

export function readHttpConfig(read: EnvReader): HttpConfig {
  const corsOrigins = read.list('CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (!isHttpUrl(origin)) read.problem(`CORS_ORIGINS: "${origin}" is not an http(s) origin`);
  }
  return { bodyLimit: read.size('HTTP_BODY_LIMIT', '100kb'), trustProxy: readTrustProxy(read, 'TRUST_PROXY'), corsOrigins };
}

export const httpConfig = configNamespace('http', readHttpConfig);
