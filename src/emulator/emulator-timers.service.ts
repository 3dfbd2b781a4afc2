import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';

// setTimeout cannot wait longer than this; a caller with a longer delay re-arms when it fires.
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Everything the emulator does later: expiries, refund completions, and answers held back by a
 * 'timeout' fault. One place to cancel them all on reset and on shutdown.
 */
@Injectable()
export class EmulatorTimers implements OnModuleDestroy {
  private readonly logger = new Logger('Emulator');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly holds = new Set<() => void>();
  private stopped = false;

  /** Runs `run` once after delayMs (capped at MAX_TIMER_MS); a timer set again under the same key replaces the first. */
  set(key: string, delayMs: number, run: () => void): void {
    if (this.stopped) return;
    this.cancel(key);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        try {
          run();
        } catch (error) {
          // A timer has no caller to tell; the emulator keeps serving.
          this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        }
      },
      Math.min(Math.max(0, delayMs), MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  pending(): number {
    return this.timers.size;
  }

  /**
   * Waits like a slow Fintecture would. Resolves true when it is time to answer, false when the
   * client hung up first (nothing left to answer).
   */
  hold(ms: number, res: Response): Promise<boolean> {
    if (this.stopped || ms <= 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const finish = (answer: boolean) => {
        clearTimeout(timer);
        res.off('close', onClose);
        this.holds.delete(release);
        resolve(answer);
      };
      const release = () => finish(true);
      const onClose = () => finish(false);
      const timer = setTimeout(release, ms);
      timer.unref();
      this.holds.add(release);
      res.once('close', onClose);
    });
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.cancelAll();
    // Held answers go out now, so that closing the server does not wait for them.
    for (const release of [...this.holds]) release();
  }
}
