import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface WebhooksConfig {
  /** Accepted age of a webhook's Date header, either way. */
  toleranceSeconds: number;
}

export function readWebhooksConfig(read: EnvReader): WebhooksConfig {
  return { toleranceSeconds: read.int('WEBHOOK_TOLERANCE_SECONDS', 900, 1, 86_400) };
}

export const webhooksConfig = configNamespace('webhooks', readWebhooksConfig);
