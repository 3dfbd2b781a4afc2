import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';

export interface BenchCredentials {
  appId: string;
  appSecret: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The private key as PEM, for FINTECTURE_PRIVATE_KEY. */
  privateKeyPem: string;
}

/** A made-up Fintecture app for one run: the fake accepts anything, the service needs a real RSA key to sign. */
export function generateCredentials(): BenchCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    appId: `bench-${randomBytes(8).toString('hex')}`,
    appSecret: randomBytes(24).toString('hex'),
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
