/**
 * What a notice means for the amount received so far (minor units). `received_amount` is
 * Fintecture's running total of a Smart Transfer; `last_transaction_amount` the transfer that
 * just arrived. A total is never lowered by an older notice arriving late; an increment without
 * a total is added to what is known (retries of one notice never reach here twice: the
 * X-Request-ID dedupes them).
 */
export function receivedAfter(known: number | null, noticeTotal: number | null | undefined, increment: number | null | undefined): number | null {
  if (noticeTotal !== null && noticeTotal !== undefined) return known !== null && known > noticeTotal ? known : noticeTotal;
  if (increment !== null && increment !== undefined && increment > 0) return (known ?? 0) + increment;
  return null;
}
