import { MAX_PAUSE_MS } from './pacing-policy';
import { ReconciliationPacer } from './reconciliation-pacer';

describe('ReconciliationPacer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function settledAfter(pacer: ReconciliationPacer, ms: number): Promise<boolean> {
    let settled = false;
    void pacer.wait().then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(ms);
    return settled;
  }

  it.each([
    ['no pause: at once', [], 0, true],
    ['waits out a pause', [500], 499, false],
    ['and is done after it', [500], 500, true],
    ['the longest of two pauses wins', [2000, 500], 1999, false],
    ['a pause is capped', [MAX_PAUSE_MS * 10], MAX_PAUSE_MS, true],
  ])('%s', async (_name, pauses, elapsed, settled) => {
    const pacer = new ReconciliationPacer();
    for (const ms of pauses) pacer.pause(ms);
    expect(await settledAfter(pacer, elapsed)).toBe(settled);
  });

  it('wakes the waiting workers when stopped, and does not make anyone wait afterwards', async () => {
    const pacer = new ReconciliationPacer();
    pacer.pause(10_000);
    let woken = false;
    void pacer.wait().then(() => (woken = true));
    await jest.advanceTimersByTimeAsync(10);
    expect(woken).toBe(false);
    pacer.stop();
    await jest.advanceTimersByTimeAsync(0);
    expect(woken).toBe(true);
    expect(pacer.stopping).toBe(true);
    pacer.pause(10_000);
    expect(await settledAfter(pacer, 0)).toBe(true);
  });
});
