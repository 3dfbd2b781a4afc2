/**
 * Amounts travel as decimal strings ("42.50") and are stored as integer minor units: never a
 * float anywhere between the caller and the database.
 */
const AMOUNT = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

export function toMinorUnits(amount: string): number {
  const match = AMOUNT.exec(amount);
  if (!match) throw new RangeError(`not an amount: ${amount}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function tryMinorUnits(amount: unknown): number | null {
  if (typeof amount === 'number' && Number.isFinite(amount)) amount = amount.toFixed(2);
  if (typeof amount !== 'string') return null;
  return AMOUNT.test(amount.trim()) ? toMinorUnits(amount.trim()) : null;
}

export function fromMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
