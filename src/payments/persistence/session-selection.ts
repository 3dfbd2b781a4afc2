import { Brackets, SelectQueryBuilder } from 'typeorm';
import { SESSION_ID_PATTERN, UUID_PATTERN } from '../../common/ids';
import { PaymentSession } from '../entities/payment-session.entity';

/** A session a reconciliation pass has claimed for checking. */
export interface ClaimedSession {
  id: string;
  sessionId: string;
}

/** Which sessions a reconciliation pass looks at; the filters narrow either scope. */
export interface SessionSelection {
  /** due: next check at or before `dueBy`; open: every session that is not terminal, due or not. */
  scope: 'due' | 'open';
  dueBy: Date;
  /** created_at >= createdFrom. */
  createdFrom: Date | null;
  /** created_at < createdTo. */
  createdTo: Date | null;
  /** Our ids (UUID) or Fintecture's session ids; null: any. */
  ids: string[] | null;
}

/** Where a walk over claimable sessions resumes: after (next_check_at or created_at, id). */
export interface ClaimPosition {
  at: Date;
  id: string;
}

export interface Claim {
  sessions: ClaimedSession[];
  /** When the claim lapses unless renewed (epoch ms). */
  until: number;
  /** The position after the last session claimed; null when none was. */
  next: ClaimPosition | null;
}

export /** The selection's filters, on a query over payment_sessions aliased `s`. */
function narrow(query: SelectQueryBuilder<PaymentSession>, selection: Pick<SessionSelection, 'createdFrom' | 'createdTo' | 'ids'>): void {
  if (selection.createdFrom) query.andWhere('s.createdAt >= :createdFrom', { createdFrom: selection.createdFrom });
  if (selection.createdTo) query.andWhere('s.createdAt < :createdTo', { createdTo: selection.createdTo });
  if (selection.ids) {
    const pks = selection.ids.filter((id) => UUID_PATTERN.test(id));
    const sessionIds = selection.ids.filter((id) => SESSION_ID_PATTERN.test(id));
    query.andWhere(
      new Brackets((either) => {
        // An impossible condition keeps the query valid when neither list has an entry.
        either.where('1 = 0');
        if (pks.length) either.orWhere('s.id IN (:...pks)', { pks });
        if (sessionIds.length) either.orWhere('s.sessionId IN (:...sessionIds)', { sessionIds });
      }),
    );
  }
}
