import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface RefundsConfig {
  /** A refund not completed or aborted this long after it was made is reported by reconciliation as refund_stuck. */
  stuckSeconds: number;
}

export function readRefundsConfig(read: EnvReader): RefundsConfig {
  return { stuckSeconds: read.int('REFUND_STUCK_SECONDS', 172_800, 1, 86_400 * 90) };
}

export const refundsConfig = configNamespace('refunds', readRefundsConfig);
