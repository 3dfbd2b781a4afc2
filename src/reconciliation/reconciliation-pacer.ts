import { Injectable } from '@nestjs/common';
import { boundedPause } from './pacing-policy';

/**
 * Shared by every worker of every pass of this process: Fintecture asked us to slow down, so
 * they all wait; shutdown wakes them at once so that they can put their sessions down.
 */
@Injectable()
export class ReconciliationPacer {
  private pauseUntil = 0;
  private stopped = false;
  private readonly sleepers = new Set<() => void>();

  get stopping(): boolean {
    return this.stopped;
  }

  pause(ms: number): void {
    this.pauseUntil = Math.max(this.pauseUntil, Date.now() + boundedPause(ms));
  }

  async wait(): Promise<void> {
    const wait = this.pauseUntil - Date.now();
    if (wait <= 0 || this.stopped) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.sleepers.add(done);
    });
  }

  /** No wait from now on; the ones in progress end now. */
  stop(): void {
    this.stopped = true;
    for (const wake of this.sleepers) wake();
  }
}
