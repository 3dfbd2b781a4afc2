import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { EmulatorTimers, MAX_TIMER_MS } from './emulator-timers.service';

describe('EmulatorTimers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs once after the delay; the same key replaces the first timer; cancelAll forgets them', () => {
    const timers = new EmulatorTimers();
    const runs: string[] = [];
    timers.set('a', 100, () => runs.push('a1'));
    timers.set('a', 200, () => runs.push('a2'));
    timers.set('b', 50, () => runs.push('b'));
    jest.advanceTimersByTime(150);
    expect(runs).toEqual(['b']);
    jest.advanceTimersByTime(100);
    expect(runs).toEqual(['b', 'a2']);
    expect(timers.pending()).toBe(0);
    timers.set('c', 10, () => runs.push('c'));
    timers.cancelAll();
    jest.advanceTimersByTime(100);
    expect(runs).toEqual(['b', 'a2']);
  });

  it('caps a long delay at what setTimeout can wait, and survives a throwing task', () => {
    const timers = new EmulatorTimers();
    (timers as unknown as { logger: { error: () => void } }).logger.error = () => undefined;
    const run = jest.fn(() => {
      throw new Error('boom');
    });
    timers.set('long', 10 * MAX_TIMER_MS, run);
    jest.advanceTimersByTime(MAX_TIMER_MS);
    expect(run).toHaveBeenCalledTimes(1);
    expect(timers.pending()).toBe(0);
  });

  it('sets nothing after shutdown, and releases held answers at once', async () => {
    const timers = new EmulatorTimers();
    const res = new EventEmitter() as unknown as Response;
    const held = timers.hold(60_000, res);
    timers.onModuleDestroy();
    await expect(held).resolves.toBe(true);
    const run = jest.fn();
    timers.set('late', 0, run);
    jest.advanceTimersByTime(10);
    expect(run).not.toHaveBeenCalled();
  });

  it('a hold ends false when the client hangs up first', async () => {
    const timers = new EmulatorTimers();
    const res = new EventEmitter() as unknown as Response;
    const held = timers.hold(60_000, res);
    (res as unknown as EventEmitter).emit('close');
    await expect(held).resolves.toBe(false);
  });
});
