import { fromMinorUnits } from '../common/money';
import { isTerminal, Outcome, OUTCOMES } from '../payments/payment-outcome';

/** The fields of a session the overview counts. */
export interface TalliedSession {
  outcome: Outcome;
  currency: string;
  amountMinor: number;
  createdAt: Date;
}

export interface OutcomeTotals {
  outcome: Outcome;
  count: number;
  /** One entry per currency, by currency code: amounts in different currencies are never added up. */
  amounts: Array<{ currency: string; amount: string }>;
}

/**
 * Sessions someone is still waiting on. `failed` and `expired` are not terminal (late money may
 * still arrive) but nobody is waiting on them, so they would only bury the open ones.
 */
export const OPEN_OUTCOMES: Outcome[] = OUTCOMES.filter((o) => !isTerminal(o) && o !== 'failed' && o !== 'expired').sort();

/** Counts and amounts per outcome, in the order outcomes are listed in payment-outcome.ts. */
export class OutcomeTally {
  private readonly byOutcome = new Map<Outcome, { count: number; minor: Map<string, number> }>();

  add(session: TalliedSession): void {
    let entry = this.byOutcome.get(session.outcome);
    if (!entry) this.byOutcome.set(session.outcome, (entry = { count: 0, minor: new Map() }));
    entry.count += 1;
    entry.minor.set(session.currency, (entry.minor.get(session.currency) ?? 0) + session.amountMinor);
  }

  totals(): OutcomeTotals[] {
    return OUTCOMES.filter((o) => this.byOutcome.has(o)).map((outcome) => {
      const { count, minor } = this.byOutcome.get(outcome)!;
      const amounts = [...minor.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, sum]) => ({ currency, amount: fromMinorUnits(sum) }));
      return { outcome, count, amounts };
    });
  }
}

export const AGE_BUCKETS = [
  { key: 'under_1h', label: 'under 1 hour', maxMs: 3_600_000 },
  { key: '1h_to_24h', label: '1 to 24 hours', maxMs: 86_400_000 },
  { key: '1d_to_7d', label: '1 to 7 days', maxMs: 7 * 86_400_000 },
  { key: 'over_7d', label: 'over 7 days', maxMs: Infinity },
] as const;

export interface AgeBucket {
  key: (typeof AGE_BUCKETS)[number]['key'];
  label: string;
  /** Created at or after: the bucket as a created_from/created_to range the sessions list can show. */
  created_from: string | null;
  /** Created before. */
  created_to: string | null;
  count: number;
  by_outcome: Partial<Record<Outcome, number>>;
}

/** Open sessions by how long they have been open, as of `now`. A session exactly 1 h old is in "1 to 24 hours". */
export class AgeTally {
  private readonly buckets: AgeBucket[];

  constructor(private readonly now: Date) {
    let previousMax = 0;
    this.buckets = AGE_BUCKETS.map(({ key, label, maxMs }) => {
      const bucket: AgeBucket = {
        key,
        label,
        created_from: Number.isFinite(maxMs) ? new Date(now.getTime() - maxMs + 1).toISOString() : null,
        created_to: previousMax === 0 ? null : new Date(now.getTime() - previousMax + 1).toISOString(),
        count: 0,
        by_outcome: {},
      };
      previousMax = maxMs;
      return bucket;
    });
  }

  add(session: TalliedSession): void {
    const age = this.now.getTime() - session.createdAt.getTime();
    const index = AGE_BUCKETS.findIndex((b) => age < b.maxMs);
    const bucket = this.buckets[index];
    bucket.count += 1;
    bucket.by_outcome[session.outcome] = (bucket.by_outcome[session.outcome] ?? 0) + 1;
  }

  result(): AgeBucket[] {
    return this.buckets.map((b) => ({ ...b, by_outcome: { ...b.by_outcome } }));
  }
}
