import { Inject, Injectable } from '@nestjs/common';
import { FINTECTURE_CREDENTIALS, FintectureCredentials } from './fintecture-credentials';
import { HeaderBag, VerificationResult, verifyWebhookSignature } from './http-signature';

/** Verifies Fintecture's webhooks: their signature is decrypted with the app's private key. */
@Injectable()
export class FintectureWebhookVerifier {
  constructor(@Inject(FINTECTURE_CREDENTIALS) private readonly credentials: FintectureCredentials) {}

  verify(headers: HeaderBag, rawBody: Buffer, toleranceSeconds?: number): VerificationResult<{ requestId: string; date: Date }> {
    return verifyWebhookSignature({
      headers,
      rawBody,
      appId: this.credentials.appId,
      privateKey: this.credentials.privateKey,
      toleranceSeconds,
    });
  }
}
