import { isTerminal, Outcome } from '../payments/payment-outcome';

export interface BackoffSettings {
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  maxChecks: number;
}

export interface NextCheck {
  /** Checks done, this one included. */
  checkCount: number;
  /** Null when the session is terminal or given up on: never polled again. */
  nextCheckAt: Date | null;
  gaveUp: boolean;
}

/** min(base × 2^checks, max) seconds; the exponent is capped so that a huge count cannot overflow to Infinity. */
export function backoffMs(checkCount: number, settings: Pick<BackoffSettings, 'backoffBaseSeconds' | 'backoffMaxSeconds'>): number {
  const seconds = Math.min(settings.backoffBaseSeconds * 2 ** Math.min(checkCount, 40), settings.backoffMaxSeconds);
  return seconds * 1000;
}

/**
 * After a check: asked again less and less often, and after maxChecks an open session is given up
 * on (reported once, never polled again).
 */
export function planNextCheck(checksBefore: number, outcome: Outcome, now: Date, settings: BackoffSettings): NextCheck {
  const checkCount = checksBefore + 1;
  const open = !isTerminal(outcome);
  const gaveUp = open && checkCount >= settings.maxChecks;
  const nextCheckAt = open && !gaveUp ? new Date(now.getTime() + backoffMs(checkCount, settings)) : null;
  return { checkCount, nextCheckAt, gaveUp };
}
