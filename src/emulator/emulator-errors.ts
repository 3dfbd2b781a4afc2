import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';

/** One item of Fintecture's `errors` array (fintecture-api.md §7). */
export interface FintectureErrorItem {
  code: string;
  title: string;
  message: string;
}

export interface FintectureErrorBody {
  status: string;
  code: string;
  log_id: string;
  errors: FintectureErrorItem[];
}

const TOP_LEVEL_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
  500: 'internal_server_error',
  503: 'service_unavailable',
};

/** A status Fintecture has no word for takes its catch-all: a server fault or a bad request. */
function topLevelCode(status: number): string {
  return TOP_LEVEL_CODES[status] ?? (status >= 500 ? 'internal_server_error' : 'bad_request');
}

/** "mandatory_field_missing" → "Mandatory Field Missing", the way Fintecture titles its items. */
export function titleOf(code: string): string {
  return code
    .split('_')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

export function errorItem(code: string, message: string): FintectureErrorItem {
  return { code, title: titleOf(code), message };
}

/**
 * A refusal in Fintecture's own shape. Thrown anywhere in the emulator and turned into the
 * answer by the controllers (or by EmulatorExceptionFilter when it escapes them).
 */
export class FintectureApiError extends Error {
  readonly items: FintectureErrorItem[];

  constructor(
    readonly httpStatus: number,
    items: FintectureErrorItem | FintectureErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    const list = Array.isArray(items) ? items : [items];
    super(list.map((item) => item.message).join('; ') || `HTTP ${httpStatus}`);
    this.items = list;
    this.name = 'FintectureApiError';
  }

  body(): FintectureErrorBody {
    return {
      status: String(this.httpStatus),
      code: topLevelCode(this.httpStatus),
      log_id: randomUUID(),
      errors: this.items,
    };
  }

  static badRequest(items: FintectureErrorItem | FintectureErrorItem[]): FintectureApiError {
    return new FintectureApiError(400, items);
  }

  static invalidToken(message: string): FintectureApiError {
    return new FintectureApiError(401, errorItem('invalid_token', message), { 'WWW-Authenticate': 'Bearer' });
  }

  static invalidSignature(message: string): FintectureApiError {
    return new FintectureApiError(401, errorItem('invalid_signature', message));
  }

  static notFound(message: string): FintectureApiError {
    return new FintectureApiError(404, errorItem('not_found', message));
  }

  static tooManyRequests(retryAfterSeconds: number): FintectureApiError {
    return new FintectureApiError(429, errorItem('too_many_requests', 'Too many requests; retry later.'), {
      'Retry-After': String(retryAfterSeconds),
    });
  }

  static internal(message = 'An internal error occurred.'): FintectureApiError {
    return new FintectureApiError(500, errorItem('internal_server_error', message));
  }
}

/** Anything thrown while answering, as Fintecture would have answered it. */
export function toFintectureError(error: unknown): FintectureApiError {
  if (error instanceof FintectureApiError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return new FintectureApiError(status, errorItem(topLevelCode(status), error.message));
  }
  // body-parser errors carry their HTTP status; they are the caller's fault (malformed body, too large).
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 413 ? 'payload_too_large' : 'invalid_body';
    return new FintectureApiError(status, errorItem(code, (error as Error).message ?? 'Invalid body'));
  }
  return FintectureApiError.internal();
}

export function sendFintectureError(res: Response, error: FintectureApiError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.httpStatus).type('application/json').send(JSON.stringify(error.body()));
}

/**
 * Keeps the service's own error format (problem+json) away from the emulator's routes: a client
 * of the emulator must see what Fintecture would send. The controllers answer their errors
 * themselves; this catches what escapes them, and in the standalone runner also the body parser's.
 */
@Catch()
export class EmulatorExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Emulator');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const error = toFintectureError(exception);
    if (error.httpStatus >= 500 && !(exception instanceof FintectureApiError)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    sendFintectureError(res, error);
  }
}
