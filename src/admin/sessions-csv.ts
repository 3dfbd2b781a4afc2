/**
 * The CSV export's format: RFC 4180 (CRLF line ends, a header row, fields holding a comma,
 * a double quote, CR or LF are quoted and their quotes doubled), UTF-8 without BOM.
 *
 * Formula injection: spreadsheets run a cell that starts with = + - @ as a formula, and `state`
 * or `communication` are written by the merchant's customers. Some spreadsheets trim leading
 * whitespace (space, no-break space, tab, ideographic space…) before looking, and East Asian
 * locales read the full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) and the minus sign (−) as the
 * ASCII ones: a trigger behind any such whitespace counts too, and a cell that starts with a tab,
 * CR or LF is defused whatever follows. Such a cell is prefixed with a single quote ('), which
 * spreadsheets show as text; the exported value then differs from the stored one by that
 * leading quote. Amounts are never negative, so no number is altered.
 */
import { fromMinorUnits } from '../common/money';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { refundableMinor, refundTotalsOf } from '../refunds/refund-balance';

const NEEDS_QUOTES = /[",\r\n]/;
// \s covers the Unicode spaces (U+00A0, U+2000–U+200A, U+3000, U+FEFF…); U+200B is not in it.
const FORMULA_START = /^(?:[\t\r\n]|[\s\u200B]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212])/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const COLUMNS: ReadonlyArray<[string, (s: PaymentSession) => string | number | null]> = [
  ['id', (s) => s.id],
  ['session_id', (s) => s.sessionId],
  ['merchant', (s) => s.merchant],
  ['state', (s) => s.state],
  ['outcome', (s) => s.outcome],
  ['status', (s) => s.status],
  ['transfer_state', (s) => s.transferState],
  ['amount', (s) => fromMinorUnits(s.amountMinor)],
  ['currency', (s) => s.currency],
  ['received_amount', (s) => (s.receivedAmountMinor === null ? null : fromMinorUnits(s.receivedAmountMinor))],
  ['communication', (s) => s.communication],
  ['payment_methods', (s) => (s.paymentMethods ?? []).join(' ')],
  ['failure_code', (s) => s.failureCode],
  ['expires_at', (s) => s.expiresAt?.toISOString() ?? null],
  ['created_at', (s) => s.createdAt.toISOString()],
  ['updated_at', (s) => s.updatedAt.toISOString()],
  ['paid_at', (s) => s.paidAt?.toISOString() ?? null],
  ['refunded_amount', (s) => fromMinorUnits(s.refundedMinor ?? 0)],
  ['refunding_amount', (s) => fromMinorUnits(s.refundingMinor ?? 0)],
  ['refundable_amount', (s) => fromMinorUnits(refundableMinor(s, refundTotalsOf(s)))],
];

export const SESSION_CSV_HEADER = csvLine(COLUMNS.map(([name]) => name));

export function sessionCsvLine(session: PaymentSession): string {
  return csvLine(COLUMNS.map(([, read]) => read(session)));
}
