import { DynamicModule, Global, Module } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FINTECTURE_APP, FintectureCredentials, publicIdentity } from '../fintecture/fintecture-credentials';

/**
 * The app identity for the standalone emulator: FINTECTURE_APP_ID, FINTECTURE_APP_SECRET and
 * FINTECTURE_PRIVATE_KEY (PEM, "\n" escapes allowed) or FINTECTURE_PRIVATE_KEY_PATH; all of
 * them or none, in which case a throw-away identity with a 2048-bit key is generated.
 */
export function emulatorCredentialsFromEnv(env: Record<string, string | undefined>): FintectureCredentials {
  const appId = env.FINTECTURE_APP_ID?.trim();
  const appSecret = env.FINTECTURE_APP_SECRET?.trim();
  const inline = env.FINTECTURE_PRIVATE_KEY?.trim();
  const path = env.FINTECTURE_PRIVATE_KEY_PATH?.trim();
  if (inline && path) throw new Error('FINTECTURE_PRIVATE_KEY, FINTECTURE_PRIVATE_KEY_PATH: set one, not both');
  const pem = inline ? inline.replace(/\\n/g, '\n') : path ? readFileSync(path, 'utf8') : undefined;
  const given = [appId, appSecret, pem].filter(Boolean).length;
  if (given === 0) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { appId: randomUUID(), appSecret: randomUUID(), privateKey, publicKey, generated: true };
  }
  if (given < 3) {
    throw new Error('FINTECTURE_APP_ID, FINTECTURE_APP_SECRET, FINTECTURE_PRIVATE_KEY(_PATH): give all three or none');
  }
  const privateKey = createPrivateKey(pem as string);
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('FINTECTURE_PRIVATE_KEY: an RSA key is required');
  return { appId: appId as string, appSecret: appSecret as string, privateKey, publicKey: createPublicKey(privateKey), generated: false };
}

/**
 * Provides the app's public identity to every module, as the service's FintectureModule does: a
 * stand-in for Fintecture knows the app id, its secret and its public key, never its private key.
 */
@Global()
@Module({})
export class EmulatorCredentialsModule {
  static with(credentials: FintectureCredentials): DynamicModule {
    return {
      module: EmulatorCredentialsModule,
      providers: [{ provide: FINTECTURE_APP, useValue: publicIdentity(credentials) }],
      exports: [FINTECTURE_APP],
    };
  }
}
