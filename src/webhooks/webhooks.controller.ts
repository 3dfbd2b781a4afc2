import { Controller, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ApiPublic } from '../common/openapi/api-public.decorator';
import { ProblemException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { WebhookAnswerResponse } from './webhook-answer.response';
import { WebhooksService } from './webhooks.service';

/** Fintecture's webhook: no API key, its signature is the credential (contract §1, §6). */
@ApiTags('webhooks')
@ApiPublic()
@Controller('v1/webhooks')
export class WebhooksController {
  private readonly limitBytes: number;

  constructor(
    private readonly webhooks: WebhooksService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.limitBytes = sizeInBytes(config.get('http', { infer: true }).bodyLimit);
  }

  @Post('fintecture')
  @HttpCode(200)
  @ApiOperation({
    summary: "Fintecture's webhook",
    description:
      'No API key: the notice is authenticated by its HTTP signature, which only Fintecture can make. ' +
      'Form-encoded or JSON. Verified on the raw bytes (fintecture-api.md §6.3): Digest, keyId equal to the app id, the Signature ' +
      "decrypted with the app's private key (RSA-OAEP/SHA-1) and compared with the signing string rebuilt from the headers, and " +
      'a Date within WEBHOOK_TOLERANCE_SECONDS. Applied through the same state rules as reconciliation, deduplicated by X-Request-ID.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiHeader({
    name: 'Signature',
    required: true,
    description: 'keyId="<app id>",algorithm="rsa-sha256",headers="date digest x-request-id",signature="<base64>"',
  })
  @ApiHeader({ name: 'Digest', required: true, description: 'SHA-256=<base64 of the SHA-256 of the raw body>' })
  @ApiHeader({ name: 'Date', required: true, description: 'When Fintecture signed it; refused outside the freshness window.' })
  @ApiHeader({ name: 'X-Request-ID', required: true, description: 'The notice id; a notice seen before is answered "duplicate".' })
  @ApiOkResponse({ type: WebhookAnswerResponse, description: 'Verified, whatever was done with it: nothing for Fintecture to retry.' })
  @ApiProblemResponses(
    { status: 401, description: 'Digest, key id, signature or date did not verify; nothing changed.', codes: ['invalid_signature'] },
    413,
    { status: 429, description: 'Over the webhook rate limit of this source address; Fintecture retries.' },
    { status: 503, description: 'A transient fault on our side; Fintecture retries, and the retry is deduplicated.' },
  )
  async receive(@Req() req: RawBodyRequest<Request>) {
    const rawBody = await this.rawBodyOf(req);
    return this.webhooks.handle({ headers: req.headers, rawBody, contentType: req.headers['content-type'] });
  }

  /**
   * The JSON and form parsers keep the exact bytes (the app is created with rawBody: true);
   * any other content type is left unread by them, so it is read here, within the same limit.
   */
  private async rawBodyOf(req: RawBodyRequest<Request>): Promise<Buffer> {
    if (req.rawBody) return req.rawBody;
    if (req.readableEnded || !req.readable) return Buffer.alloc(0);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > this.limitBytes) throw new ProblemException(413, 'payload_too_large', 'The body is larger than this service accepts.');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
}

function sizeInBytes(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size);
  if (!match) return 100 * 1024;
  const unit = match[2].toLowerCase();
  return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}
