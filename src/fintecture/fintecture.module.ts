import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/configuration';
import { fintectureCredentials } from './emulator-credentials-store';
import { FINTECTURE_APP, FINTECTURE_CREDENTIALS, publicIdentity } from './fintecture-credentials';
import { FintectureSigner } from './fintecture-signer';
import { FintectureWebhookVerifier } from './fintecture-webhook-verifier';
import { FintectureClient } from './fintecture.client';
import { FintectureTokenService } from './fintecture-token.service';

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
