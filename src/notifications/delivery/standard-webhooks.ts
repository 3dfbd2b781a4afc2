import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing as the Standard Webhooks specification (standardwebhooks.com) says, so that a shop
 * verifies with the `standardwebhooks` package or any of its ports: an HMAC-SHA256 over
 * "<id>.<timestamp>.<body>" keyed with the secret's bytes, written `v1,<base64>`.
 */
export const SECRET_PREFIX = 'whsec_';

/** `whsec_` and the base64 of 32 random bytes. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The key bytes: the base64 text after `whsec_` (the prefix is optional, as the libraries accept). */
export function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0) throw new Error('a notification secret must hold at least one byte');
  return bytes;
}

export function signatureOf(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** One signature per live secret, space-separated: during a rotation the receiver may hold either. */
export function signedHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): SignedHeaders {
  if (!secrets.length) throw new Error('at least one secret is needed to sign');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => signatureOf(secret, id, timestampSeconds, body)).join(' '),
  };
}
