import { RunHeartbeat } from './run-heartbeat';

describe('RunHeartbeat', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('beats every interval until stopped', async () => {
    let beats = 0;
    const heartbeat = new RunHeartbeat(
      () => Promise.resolve(void (beats += 1)),
      1000,
      () => undefined,
    );
    heartbeat.start();
    await jest.advanceTimersByTimeAsync(3500);
    expect(beats).toBe(3);
    await heartbeat.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(beats).toBe(3);
  });

  it('skips a tick while a slow beat is still running, and stop waits for it', async () => {
    let started = 0;
    let release!: () => void;
    const heartbeat = new RunHeartbeat(
      () => {
        started += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      1000,
      () => undefined,
    );
    heartbeat.start();
    await jest.advanceTimersByTimeAsync(4500);
    expect(started).toBe(1);
    let stopped = false;
    const stopping = heartbeat.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('reports a failing beat and beats again at the next tick', async () => {
    const failures: unknown[] = [];
    let calls = 0;
    const heartbeat = new RunHeartbeat(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('database unavailable')) : Promise.resolve();
      },
      1000,
      (error) => failures.push(error),
    );
    heartbeat.start();
    await jest.advanceTimersByTimeAsync(2500);
    expect(calls).toBe(2);
    expect(failures).toEqual([new Error('database unavailable')]);
    await heartbeat.stop();
  });
});
