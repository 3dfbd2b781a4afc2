import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from './database-faults';
import { PROBLEM_CONTENT_TYPE, problemBody, ProblemBody, ProblemException } from './problem';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error leaves the service as application/problem+json, whoever raised it: our services,
 * Nest, the body parser (malformed JSON, too large), or a bug, which answers a bland 500 and is
 * logged in full.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const { body, headers } = this.toProblem(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(exception: unknown, request: Request & { id?: string }): { body: ProblemBody; headers: Record<string, string> } {
    const requestId = request.id;
    if (exception instanceof ProblemException) {
      return {
        body: problemBody(exception.getStatus(), exception.code, exception.message, requestId, exception.extensions),
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a bare BadRequestException before we see it.
      const malformed = status === 400 && Object.getPrototypeOf(exception) === BadRequestException.prototype && /JSON/.test(exception.message);
      const code = malformed ? 'malformed_body' : (CODES_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'));
      const headers: Record<string, string> = {};
      const retryAfter = (exception as { retryAfter?: unknown }).retryAfter;
      if (typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
      return { body: problemBody(status, code, detailOf(exception), requestId), headers };
    }
    const parserError = bodyParserProblem(exception);
    if (parserError) {
      const { status, code, detail } = parserError;
      return { body: problemBody(status, code, detail, requestId), headers: {} };
    }
    if (isDatabaseUnavailable(exception)) {
      // Not a bug, and nothing wrong with the request: the caller may retry it as it is.
      this.logger.error({ err: exception, request_id: requestId }, 'the database could not be reached');
      return {
        body: problemBody(503, 'service_unavailable', 'The database could not be reached; nothing was done. Retry later.', requestId),
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      };
    }
    this.logger.error({ err: exception, request_id: requestId }, 'unhandled error');
    return {
      body: problemBody(500, 'internal_error', 'An unexpected error occurred; it has been logged with this request id.', requestId),
      headers: {},
    };
  }
}

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** body-parser raises plain errors with a `type` and `status`; they never reach a controller. */
function bodyParserProblem(exception: unknown): { status: number; code: string; detail: string } | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const { type, status, expose } = exception as { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof status !== 'number') return null;
  // http-errors marks client errors as exposable; a body that fails to inflate arrives that way, without a type.
  if (typeof type !== 'string') {
    return expose === true && status >= 400 && status < 500
      ? { status, code: 'malformed_body', detail: 'The body could not be read (bad encoding or compression).' }
      : null;
  }
  switch (type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'malformed_body', detail: 'The body is not valid JSON (or not a valid form).' };
    case 'entity.too.large':
      return { status: 413, code: 'payload_too_large', detail: 'The body is larger than this service accepts.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_media_type', detail: 'The body encoding or charset is not supported.' };
    default:
      return status >= 400 && status < 500 ? { status, code: 'bad_request', detail: 'The body could not be read.' } : null;
  }
}
