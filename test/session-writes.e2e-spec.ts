import { PaymentSessionsRepository } from '../src/payments/persistence/payment-sessions.repository';
import { SessionStateService, StatusNotice } from '../src/payments/session-state.service';
import { TransactionRunner } from '../src/database/transaction-runner';
import { SessionEvent } from '../src/payments/entities/session-event.entity';
import { insertSession } from './support/session-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A change decided on the row as the caller read it (`seen`) is written only if the row is still
 * that row: on PostgreSQL one conditional statement, on SQLite the locked path. These tests make
 * the row move on between the read and the write, which is the race the condition is for.
 */
describe('state changes decided on a row read earlier', () => {
  let t: TestApp;
  let state: SessionStateService;
  let sessions: PaymentSessionsRepository;

  beforeAll(async () => {
    t = await startTestApp();
    state = t.app.get(SessionStateService);
    sessions = t.app.get(PaymentSessionsRepository);
  });
  afterAll(() => t.close());

  const paid = (requestId: string, dedupeKey: string | null = null): StatusNotice => ({
    source: 'webhook',
    kind: 'webhook',
    status: 'payment_created',
    receivedAmountMinor: 4250,
    requestId,
    dedupeKey,
  });
  const eventsOf = (id: string) =>
    t.app
      .get(TransactionRunner)
      .dataSource.getRepository(SessionEvent)
      .find({ where: { paymentSessionId: id }, order: { createdAt: 'ASC', id: 'ASC' } });

  it('applies a notice on an unchanged row, bumps its version, and writes one event', async () => {
    const inserted = await insertSession(t.app);
    const seen = (await sessions.findById(inserted.id))!;
    const result = await state.apply(seen.id, paid('req-1'), undefined, { seen });
    expect(result).toMatchObject({ result: 'applied', before: 'awaiting_payer', session: { outcome: 'paid', version: seen.version + 1 } });
    const stored = (await sessions.findById(seen.id))!;
    expect(stored).toMatchObject({ outcome: 'paid', status: 'payment_created', receivedAmountMinor: 4250, version: seen.version + 1 });
    expect(stored.paidAt).not.toBeNull();
    expect((await eventsOf(seen.id)).map((e) => [e.kind, e.outcomeBefore, e.outcomeAfter, e.accepted])).toEqual([
      ['webhook', 'awaiting_payer', 'paid', true],
    ]);
    expect(seen.outcome).toBe('awaiting_payer');
  });

  it('decides again on the locked row when another change got there first: the same facts are then refused, not written twice', async () => {
    const inserted = await insertSession(t.app);
    const stale = (await sessions.findById(inserted.id))!;
    await state.apply(stale.id, paid('req-first'));
    const result = await state.apply(stale.id, paid('req-second'), undefined, { seen: stale });
    expect(result).toMatchObject({ result: 'refused', reason: 'unchanged' });
    const events = await eventsOf(stale.id);
    expect(events.map((e) => [e.requestId, e.accepted, e.reason])).toEqual([
      ['req-first', true, null],
      ['req-second', false, 'unchanged'],
    ]);
    expect((await sessions.findById(stale.id))!.version).toBe(stale.version + 1);
  });

  it('never lowers a row that moved on meanwhile: a stale pending notice after the payment is a refused regression', async () => {
    const inserted = await insertSession(t.app);
    const stale = (await sessions.findById(inserted.id))!;
    await state.apply(stale.id, paid('req-paid'));
    const late: StatusNotice = { source: 'webhook', kind: 'webhook', status: 'payment_pending', requestId: 'req-late' };
    const result = await state.apply(stale.id, late, undefined, { seen: stale });
    expect(result.result).toBe('refused');
    expect((await sessions.findById(stale.id))!.outcome).toBe('paid');
  });

  it('answers a duplicate when the dedupe key was recorded after the row was read, and writes nothing', async () => {
    const inserted = await insertSession(t.app);
    const seen = (await sessions.findById(inserted.id))!;
    // Recorded without changing the row: the version alone would not show it.
    await state.note(seen.id, { source: 'webhook', kind: 'webhook', status: null, dedupeKey: 'same-notice' });
    const result = await state.apply(seen.id, paid('req-dup', 'same-notice'), undefined, { seen });
    expect(result.result).toBe('duplicate');
    expect((await sessions.findById(seen.id))!).toMatchObject({ outcome: 'awaiting_payer', version: seen.version });
    expect(await eventsOf(seen.id)).toHaveLength(1);
  });

  it('applies two notices racing on one row in some order, each decided on the row as it was then', async () => {
    const inserted = await insertSession(t.app);
    const seen = (await sessions.findById(inserted.id))!;
    const pending: StatusNotice = { source: 'webhook', kind: 'webhook', status: 'payment_pending', requestId: 'req-pending' };
    const results = await Promise.all([
      state.apply(seen.id, pending, undefined, { seen }),
      state.apply(seen.id, paid('req-paid'), undefined, { seen }),
    ]);
    const stored = (await sessions.findById(seen.id))!;
    expect(stored.outcome).toBe('paid');
    expect(results.filter((r) => r.result === 'applied').length).toBeGreaterThanOrEqual(1);
    const events = await eventsOf(seen.id);
    expect(events).toHaveLength(2);
    expect(stored.version).toBe(seen.version + events.filter((e) => e.accepted).length);
  });
});
