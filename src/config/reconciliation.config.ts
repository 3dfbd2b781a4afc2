import { configNamespace } from './config-namespace';
import { EnvReader } from './env-reader';

export interface ReconciliationConfig {
  /** Period of the scheduled passes; 0: no schedule. */
  intervalSeconds: number;
  concurrency: number;
  batchSize: number;
  creatingTimeoutSeconds: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  maxChecks: number;
  /** How often a running pass proves it is alive and renews its claims. */
  heartbeatSeconds: number;
  /** A claim on a session, and a run's life, outlast its last heartbeat by this (see pacing-policy claimLeaseMs). */
  leaseSeconds: number;
}

export function readReconciliationConfig(read: EnvReader): ReconciliationConfig {
  return {
    intervalSeconds: read.int('RECONCILIATION_INTERVAL_SECONDS', 300, 0, 86_400),
    concurrency: read.int('RECONCILIATION_CONCURRENCY', 4, 1, 64),
    batchSize: read.int('RECONCILIATION_BATCH_SIZE', 500, 1, 10_000),
    creatingTimeoutSeconds: read.int('RECONCILIATION_CREATING_TIMEOUT_SECONDS', 900, 1, 86_400 * 7),
    backoffBaseSeconds: read.int('RECONCILIATION_BACKOFF_BASE_SECONDS', 60, 0, 86_400),
    backoffMaxSeconds: read.int('RECONCILIATION_BACKOFF_MAX_SECONDS', 21_600, 0, 86_400 * 30),
    maxChecks: read.int('RECONCILIATION_MAX_CHECKS', 50, 1, 100_000),
    heartbeatSeconds: read.int('RECONCILIATION_HEARTBEAT_SECONDS', 15, 1, 300),
    leaseSeconds: read.int('RECONCILIATION_LEASE_SECONDS', 120, 2, 3600),
  };
}

export const reconciliationConfig = configNamespace('reconciliation', readReconciliationConfig);
