import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problemType(code: string): string {
  return `urn:problem-type:payments:${code}`;
}

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** A problem body as the service writes it: the filter for every answer, the OpenAPI document for its examples. */
export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId: string | undefined,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  return { type: problemType(code), title: titleFor(status), status, detail, code, request_id: requestId, ...extensions };
}

/**
 * An error that already knows its RFC 9457 answer. Services throw these; the one exception
 * filter writes them.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail, status);
  }
}

export class ValidationFailedException extends ProblemException {
  constructor(errors: FieldError[]) {
    super(HttpStatus.BAD_REQUEST, 'validation_failed', 'The request is not valid; see errors.', { errors });
  }
}
