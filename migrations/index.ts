import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { AdminIndexes1764000000100 } from './1764000000100-admin-indexes';
import { ReconciliationRuns1764000000200 } from './1764000000200-reconciliation-runs';
import { Notifications1764000001300 } from './1764000001300-notifications';
import { NeverLoseAPayment1764000002000 } from './1764000002000-never-lose-a-payment';
import { ReconciliationHeartbeat1764000002900 } from './1764000002900-reconciliation-heartbeat';
import { Refunds1764000003414 } from './1764000003414-refunds';

/** In order; a new migration is added at the end of this list. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  AdminIndexes1764000000100,
  ReconciliationRuns1764000000200,
  Notifications1764000001300,
  NeverLoseAPayment1764000002000,
  ReconciliationHeartbeat1764000002900,
  Refunds1764000003414,
];
