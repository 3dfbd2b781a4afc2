import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { EMULATOR_OPTIONS, EmulatorOptions, resolveListeningUrl } from './emulator-options';

/**
 * The emulator's public address and webhook target, read at the moment they are needed: the
 * options are built before the server listens, and with port 0 only the server knows its port.
 */
@Injectable()
export class EmulatorUrls {
  constructor(
    @Inject(EMULATOR_OPTIONS) private readonly options: EmulatorOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  publicBaseUrl(): string {
    return resolveListeningUrl(this.options.publicBaseUrl, this.listeningPort()).replace(/\/+$/, '');
  }

  webhookUrl(): string {
    return resolveListeningUrl(this.options.webhookUrl, this.listeningPort());
  }

  payerPageUrl(sessionId: string): string {
    return `${this.publicBaseUrl()}/connect/${sessionId}`;
  }

  private listeningPort(): number | undefined {
    try {
      // Typed `any` by Nest: the adapter's server is whatever the platform made.
      const server = this.adapterHost.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined;
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : undefined;
    } catch {
      return undefined;
    }
  }
}
