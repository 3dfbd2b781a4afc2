import type { WebhookResult } from './events/webhook-received.event';

/** What a verified webhook is answered (always 200: a retry would change nothing). */
export interface WebhookAnswer {
  result: Exclude<WebhookResult, 'invalid'>;
  /** Why a verified notice changed nothing: terminal, regression, unchanged, unknown_status, not_confirmed… */
  reason?: string;
}

/** The outcome of applying a notice through a state path (a session's or a refund's). */
export type AppliedNotice = { result: 'applied' | 'duplicate' | 'not_found' } | { result: 'refused'; reason: string };

export function answerForApplied(applied: AppliedNotice): WebhookAnswer {
  switch (applied.result) {
    case 'applied':
      return { result: 'applied' };
    case 'duplicate':
      return { result: 'duplicate' };
    case 'not_found':
      return { result: 'unknown' };
    case 'refused':
      // A status the service does not model is recorded and ignored; anything else was refused by the rules.
      return applied.reason === 'unknown_status' ? { result: 'ignored', reason: applied.reason } : { result: 'refused', reason: applied.reason };
  }
}
