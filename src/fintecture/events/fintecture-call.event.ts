/** confirm_payment: the GET that checks a webhook before it may release the goods (counted apart from reconciliation's get_payment). */
export type FintectureOperation = 'connect' | 'get_payment' | 'confirm_payment' | 'cancel_payment' | 'refund';

/** One exchange with Fintecture's API, answered or not. */
export class FintectureCallEvent {
  static readonly NAME = 'fintecture.call';

  constructor(
    readonly operation: FintectureOperation,
    readonly method: string,
    readonly path: string,
    /** The HTTP status, or why there was none. */
    readonly status: number | 'timeout' | 'unavailable',
    readonly durationMs: number,
    readonly requestId: string,
    readonly logId?: string,
  ) {}
}
