import { HttpModule } from '@nestjs/axios';
import { Global, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/configuration';
import { fintectureCredentials } from './emulator-credentials-store';
import { FINTECTURE_APP, FINTECTURE_CREDENTIALS, FintectureCredentials, publicIdentity } from './fintecture-credentials';
import { FintectureSigner } from './fintecture-signer';
import { FintectureWebhookVerifier } from './fintecture-webhook-verifier';
import { FintectureClient } from './fintecture.client';
import { FintectureTokenService } from './fintecture-token.service';

export function credentialsFromConfig(config: AppConfig['fintecture']): FintectureCredentials {
  if (config.appId && config.appSecret && config.privateKey) {
    return {
      appId: config.appId,
      appSecret: config.appSecret,
      privateKey: config.privateKey,
      publicKey: createPublicKey(config.privateKey),
      generated: false,
    };
  }
  if (config.env !== 'emulator') {
    // The configuration refuses this already; this guards against a wiring mistake.
    throw new Error('Fintecture credentials are required outside the emulator');
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  new Logger('Fintecture').warn('No Fintecture credentials configured: generated a throw-away app id, secret and key for the emulator');
  return { appId: randomUUID(), appSecret: randomUUID(), privateKey, publicKey, generated: true };
}

@Global()
@Module({
  imports: [HttpModule],
  providers: [
    {
      provide: FINTECTURE_CREDENTIALS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => fintectureCredentials(config.get('fintecture', { infer: true })),
    },
    { provide: FINTECTURE_APP, inject: [FINTECTURE_CREDENTIALS], useFactory: publicIdentity },
    FintectureSigner,
    FintectureWebhookVerifier,
    FintectureTokenService,
    FintectureClient,
  ],
  // The private key stays inside: only the signer and the verifier hold it.
  exports: [FINTECTURE_APP, FintectureSigner, FintectureWebhookVerifier, FintectureTokenService, FintectureClient],
})
export class FintectureModule {}
