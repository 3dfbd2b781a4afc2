export type FintectureErrorKind = 'rejected' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'timeout' | 'invalid_response';

export interface FintectureErrorItem {
  code?: string;
  title?: string;
  message?: string;
  detail?: string;
  status?: string | number;
}

/** What went wrong talking to Fintecture, typed so that callers map it without reading HTTP. */
export class FintectureError extends Error {
  constructor(
    readonly kind: FintectureErrorKind,
    message: string,
    readonly details: {
      httpStatus?: number;
      code?: string;
      logId?: string;
      errors?: FintectureErrorItem[];
      retryAfterSeconds?: number;
      requestId?: string;
    } = {},
  ) {
    super(message);
    this.name = 'FintectureError';
  }

  /** Fintecture's 401 `invalid_token`: the one case worth a fresh token and a retry. */
  get invalidToken(): boolean {
    return this.kind === 'unauthorized' && (this.details.errors ?? []).some((e) => e.code === 'invalid_token');
  }
}

interface ErrorBody {
  status?: unknown;
  code?: unknown;
  log_id?: unknown;
  errors?: unknown;
}

/** Fintecture's error bodies are not uniform (RB #15/#20); read them defensively. */
export function fintectureErrorFromResponse(
  httpStatus: number,
  body: unknown,
  headers: Record<string, unknown>,
  requestId?: string,
): FintectureError {
  const parsed = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const errors: FintectureErrorItem[] = Array.isArray(parsed.errors)
    ? parsed.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .slice(0, 20)
        .map((e) => ({
          code: str(e.code),
          title: str(e.title),
          message: str(e.message),
          detail: str(e.detail),
          status: typeof e.status === 'number' ? e.status : str(e.status),
        }))
    : [];
  const details = { httpStatus, code: str(parsed.code), logId: str(parsed.log_id), errors, requestId };
  const summary = errors
    .map((e) => e.message ?? e.detail ?? e.title ?? e.code)
    .filter(Boolean)
    .join('; ');
  const message = `Fintecture answered ${httpStatus}${summary ? `: ${summary}` : ''}`;
  if (httpStatus === 401) return new FintectureError('unauthorized', message, details);
  if (httpStatus === 429) {
    const retryAfter = Number(headers['retry-after']);
    return new FintectureError('rate_limited', message, {
      ...details,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    });
  }
  if (httpStatus >= 500) return new FintectureError('unavailable', message, details);
  return new FintectureError('rejected', message, details);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, 1000);
  if (typeof value === 'number') return String(value);
  return undefined;
}
