import type { RawBodyRequest } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { pathOf } from '../observability/http-route';

export const WEBHOOK_PATH = '/v1/webhooks/fintecture';

// What the JSON and form parsers raise for bytes they read but cannot turn into fields.
const UNREADABLE = new Set(['entity.parse.failed', 'parameters.too.many']);

/**
 * Express error middleware, registered right after the body parsers. Fintecture's webhook is read
 * by its controller from the raw bytes (kept by the parsers' verify hook before parsing): a signed
 * body they cannot read is still a notice, to be verified and recorded (200 ignored), not a 400
 * that Fintecture would retry until it gives up. Every other route keeps its 400.
 */
export function webhookBodyParseErrors(error: unknown, req: Request, _res: Response, next: NextFunction): void {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && UNREADABLE.has(type) && pathOf(req) === WEBHOOK_PATH && Buffer.isBuffer((req as RawBodyRequest<Request>).rawBody)) {
    req.body = undefined;
    next();
    return;
  }
  next(error);
}
