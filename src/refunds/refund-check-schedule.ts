/** When to ask Fintecture about a refund again: base × 2^checks, at most max (the sessions' back-off settings). */
export function nextRefundCheckAt(checkCount: number, now: Date, baseSeconds: number, maxSeconds: number): Date {
  const delaySeconds = Math.min(baseSeconds * 2 ** Math.min(checkCount, 40), maxSeconds);
  return new Date(now.getTime() + delaySeconds * 1000);
}
