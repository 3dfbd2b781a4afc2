import { Injectable } from '@nestjs/common';
import { AdminSessionsReadModel } from '../admin/admin-sessions.read-model';
import { ValidationFailedException } from '../common/problem';
import { parseTimestamp } from '../common/dates';
import { AgeTally, OPEN_OUTCOMES, OutcomeTally } from './overview-tally';

/** A back office looks at a week; a month is the most one request may add up. */
const MAX_RANGE_MS = 31 * 86_400_000;
/** Beyond this many sessions the figures say they are partial rather than hold the request. */
export const MAX_SCANNED = 200_000;
const BATCH = 1000;

/**
 * The overview's figures, added up here from the admin listing's own batches (no SQL of its own):
 * the page would otherwise fetch a week of sessions page by page to count them.
 */
@Injectable()
export class ConsoleOverviewService {
  constructor(private readonly sessions: AdminSessionsReadModel) {}

  /**
   * `todayFrom` and `weekFrom` are the viewer's local midnights (today, and six days before): only
   * the browser knows its time zone.
   */
  async overview(todayFromText: string | undefined, weekFromText: string | undefined, now = new Date()) {
    const todayFrom = readBoundary('today_from', todayFromText);
    const weekFrom = readBoundary('week_from', weekFromText);
    if (weekFrom > todayFrom || now.getTime() - weekFrom.getTime() > MAX_RANGE_MS) {
      throw new ValidationFailedException([{ field: 'query.week_from', message: 'week_from must be before today_from and at most 31 days ago' }]);
    }
    const today = new OutcomeTally();
    const week = new OutcomeTally();
    let scanned = 0;
    let truncated = false;
    for await (const batch of this.sessions.batches({ outcomes: [], createdFrom: weekFrom }, BATCH)) {
      for (const session of batch) {
        week.add(session);
        if (session.createdAt >= todayFrom) today.add(session);
      }
      scanned += batch.length;
      if (scanned >= MAX_SCANNED) {
        truncated = true;
        break;
      }
    }
    const ages = new AgeTally(now);
    let open = 0;
    for await (const batch of this.sessions.batches({ outcomes: OPEN_OUTCOMES }, BATCH)) {
      for (const session of batch) ages.add(session);
      open += batch.length;
      if (open >= MAX_SCANNED) {
        truncated = true;
        break;
      }
    }
    return {
      generated_at: now.toISOString(),
      truncated,
      today: { from: todayFrom.toISOString(), outcomes: today.totals() },
      last_7_days: { from: weekFrom.toISOString(), outcomes: week.totals() },
      open: { outcomes: OPEN_OUTCOMES, total: open, by_age: ages.result() },
    };
  }
}

function readBoundary(name: string, text: string | undefined): Date {
  const date = text === undefined ? null : parseTimestamp(text);
  if (!date) throw new ValidationFailedException([{ field: `query.${name}`, message: `${name} must be an ISO 8601 date-time with offset` }]);
  return date;
}
