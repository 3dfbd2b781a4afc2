import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface PaymentsConfig {
  /**
   * A create still `creating` this long after the longest its Fintecture calls can take is dead
   * (its process is gone): a retry under the same Idempotency-Key may then make a new attempt.
   */
  createTakeoverMarginSeconds: number;
}

export function readPaymentsConfig(read: EnvReader): PaymentsConfig {
  return { createTakeoverMarginSeconds: read.int('CREATE_TAKEOVER_MARGIN_SECONDS', 30, 0, 3600) };
}

export const paymentsConfig = configNamespace('payments', readPaymentsConfig);
