/**
 * Calls `beat` every `intervalMs` while a pass works, one beat at a time: a beat still running
 * (a slow database) makes the next tick skip rather than pile up. A failing beat is reported and
 * the next one tries again; stop() waits for the beat in flight, so that the end of the run is
 * never overwritten by a late heartbeat.
 */
export class RunHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly beat: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // The pass keeps the process alive, not its heartbeat.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private tick(): void {
    if (this.inFlight) return;
    this.inFlight = this.beat()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.inFlight = null;
      });
  }
}
