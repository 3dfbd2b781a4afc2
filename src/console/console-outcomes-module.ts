import { Outcome, OUTCOMES, TERMINAL_OUTCOMES } from '../payments/payment-outcome';

/** The console's words for each outcome: keyed by Outcome, so a new outcome does not compile without its label. */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  creating: 'Creating',
  creation_failed: 'Creation failed',
  awaiting_payer: 'Awaiting payer',
  pending: 'Pending',
  covered: 'Covered',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  overpaid: 'Overpaid',
  failed: 'Failed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** The name the browser imports it by, among the hand-written files of public/admin/assets. */
export const OUTCOMES_MODULE_NAME = 'outcomes.js';

/**
 * The outcome list of payment-outcome.ts written out as an ES module for the console, so that the
 * browser never carries a copy of its own that could fall behind the server's. Plain strings only:
 * JSON is valid JavaScript for them.
 */
export function outcomesModuleSource(): string {
  return [
    '// Written by the server from src/payments/payment-outcome.ts (src/console/console-outcomes-module.ts).',
    `export const OUTCOMES = ${JSON.stringify(OUTCOMES)};`,
    `export const TERMINAL_OUTCOMES = ${JSON.stringify(TERMINAL_OUTCOMES)};`,
    `export const OUTCOME_LABELS = ${JSON.stringify(OUTCOME_LABELS)};`,
    '',
  ].join('\n');
}
