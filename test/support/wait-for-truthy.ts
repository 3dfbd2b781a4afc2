type Falsy = null | undefined | false;

/** What a test polls: a value once it is there, anything falsy until then. */
export type TruthyProbe<T> = () => Promise<T | Falsy> | T | Falsy;

/** Polls the probe every intervalMs until it answers something truthy, which it resolves to; fails after timeoutMs. */
export async function waitForTruthy<T>(probe: TruthyProbe<T>, timeoutMs: number, intervalMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
