import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EmulatorSession } from './emulator-model';
import { abandonTarget, PayerAction, PayerChoice, payerDecision, redirectTarget } from './emulator-session-rules';
import { EmulatorSessionStore } from './emulator-session-store.service';

/**
 * The payer's side of Connect: a button on the payer page becomes a change of the session, a
 * webhook, and the address the payer is sent to next.
 */
@Injectable()
export class EmulatorPayerJourney {
  constructor(private readonly sessions: EmulatorSessionStore) {}

  /**
   * Abandon changes nothing and sends no webhook: leaving Fintecture's page does not end a
   * session at Fintecture, the payer may come back, and if nobody does the session's expiry
   * (when one was given) ends it as payment_expired.
   */
  act(id: string, action: PayerAction, choice: PayerChoice): { session: EmulatorSession; redirectTo: string | null } {
    const session = this.sessions.require(id);
    if (action === 'abandon') return { session, redirectTo: abandonTarget(session) };
    const { change, type, provider } = payerDecision(session, action, choice);
    session.type = type;
    session.provider = provider;
    session.customerId ??= randomBytes(16).toString('hex');
    this.sessions.applyChange(session, change, 'payer', true);
    return { session, redirectTo: redirectTarget(session) };
  }
}
