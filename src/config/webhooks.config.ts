import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface WebhooksConfig {
  /** Accepted age of a webhook's Date header, either way. */
  toleranceSeconds: number;
  /**
   * Confirm with a signed GET /pis/v2/payments/{id} any notice that would release the goods
   * before applying it: the webhook "signature" only proves the sender holds the app's public key.
   */
  confirm: boolean;
}

/**
 * 72 h by default: Fintecture retries a failed delivery up to 10 times with back-off and does not
 * say whether a retry keeps its first Date; a retry refused as stale is a lost notice, while a
 * replay is harmless (the signed X-Request-ID is deduplicated forever).
 */
export function readWebhooksConfig(read: EnvReader): WebhooksConfig {
  return {
    toleranceSeconds: read.int('WEBHOOK_TOLERANCE_SECONDS', 259_200, 1, 604_800),
    confirm: read.bool('WEBHOOK_CONFIRM', true),
  };
}

export const webhooksConfig = configNamespace('webhooks', readWebhooksConfig);
