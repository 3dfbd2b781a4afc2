/**
 * The one money parser and formatter. Amounts travel as decimal text ("42.50", or a JSON number's
 * literal such as 42.5) and are stored as integer minor units: never a float anywhere between the
 * caller and the database.
 *
 * Up to 12 integer digits keeps every amount exact as integer cents well below 2^53, and the
 * pattern forbids signs, exponents ("1e3"), leading zeros and more than two decimals, which
 * Fintecture may read differently or round.
 */
export const AMOUNT_PATTERN = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

/** Minor units of decimal text that must be an amount ("42.5" → 4250); throws RangeError otherwise. */
export function toMinorUnits(amount: string): number {
  const minor = parseAmount(amount);
  if (minor === null) throw new RangeError(`not an amount: ${amount}`);
  return minor;
}

/** Minor units of decimal text ("10.5" → 1050), or null when it is not an amount. */
export function parseAmount(text: string): number | null {
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/**
 * Reads an amount someone else wrote (Fintecture's answers, webhooks, a form): decimal text, possibly
 * padded with spaces, or a JSON number read through its shortest decimal text (12.3 → "12.3"), so a
 * number with more than two decimals is refused rather than rounded. Null when it is not an amount.
 */
export function tryMinorUnits(amount: unknown): number | null {
  const text = amountText(amount);
  return text === null ? null : parseAmount(text);
}

/** The decimal text of an amount given as a string or a finite JSON number; null for anything else. */
export function amountText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

/** 4250 → "42.50": always two decimals, a minus sign for negative amounts. */
export function fromMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
