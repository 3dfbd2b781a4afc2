import request from 'supertest';
import { IMMEDIATE_TRANSFER_EXAMPLE } from '../src/payments/dto/payment-session.examples';
import { parsePrometheus, sampleValue } from './support/prometheus';
import { merchantAuth, startTestApp, TestApp } from './support/test-app';

async function statements(t: TestApp): Promise<number | null> {
  const samples = parsePrometheus((await request(t.url).get('/metrics').expect(200)).text);
  return samples.some((s) => s.name === 'database_statements_total') ? sampleValue(samples, 'database_statements_total') : null;
}

function create(t: TestApp, state: string) {
  return request(t.url)
    .post('/v1/payment-sessions')
    .query({ ...IMMEDIATE_TRANSFER_EXAMPLE.query, state })
    .set({ ...IMMEDIATE_TRANSFER_EXAMPLE.headers, 'idempotency-key': state, ...merchantAuth })
    .send(IMMEDIATE_TRANSFER_EXAMPLE.body)
    .expect(201);
}

describe('DATABASE_COUNT_STATEMENTS', () => {
  it('counts the statements a create sends, by kind, on /metrics', async () => {
    const t = await startTestApp({ DATABASE_COUNT_STATEMENTS: 'true' });
    try {
      await create(t, 'count-warm');
      const before = await statements(t);
      await create(t, 'count-1');
      const after = await statements(t);
      expect(before).not.toBeNull();
      // A create writes at least its row and an event, in transactions: never nothing, never a flood.
      expect(after! - before!).toBeGreaterThanOrEqual(3);
      expect(after! - before!).toBeLessThan(50);
      const kinds = parsePrometheus((await request(t.url).get('/metrics')).text)
        .filter((s) => s.name === 'database_statements_total')
        .map((s) => s.labels.kind);
      expect(kinds).toEqual(expect.arrayContaining(['insert', 'commit']));
    } finally {
      await t.close();
    }
  });

  it('is off by default: no counter, and TypeORM keeps its own logger', async () => {
    const t = await startTestApp();
    try {
      await create(t, 'count-off');
      expect(await statements(t)).toBeNull();
    } finally {
      await t.close();
    }
  });
});
