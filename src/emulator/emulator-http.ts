import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { errorItem, FintectureApiError, sendFintectureError } from './emulator-errors';

export type EmulatorRequest = Request & { rawBody?: Buffer; _body?: boolean };

const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Makes sure every emulator route has the raw bytes of its body. Nest's rawBody option only
 * covers the JSON and form parsers; a body sent with any other Content-Type (or none) would
 * otherwise reach the verifier as "no body" and skip the Digest check.
 */
@Injectable()
export class EmulatorRawBodyMiddleware implements NestMiddleware {
  use(req: EmulatorRequest, res: Response, next: NextFunction): void {
    const announced = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (req.rawBody !== undefined || req._body || req.readableEnded || !announced) {
      next();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        failed = true;
        sendFintectureError(res, new FintectureApiError(413, errorItem('payload_too_large', 'The body is larger than 1 MiB.')));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      req.rawBody = Buffer.concat(chunks);
      next();
    });
    req.on('error', (error) => {
      if (!failed) next(error);
      failed = true;
    });
  }
}

/**
 * The raw body exactly as received. Throws when a body parser consumed it without keeping it:
 * the emulator cannot check a Digest it cannot recompute.
 */
export function rawBodyOf(req: EmulatorRequest): Buffer {
  if (req.rawBody !== undefined) return req.rawBody;
  if (req._body) {
    throw FintectureApiError.internal('The emulator needs the raw body: create the Nest app with { rawBody: true }.');
  }
  return Buffer.alloc(0);
}

/** Path and query as on the wire; the query is read from there too, whatever Express's query parser does. */
export function wireQuery(req: Request): URLSearchParams {
  const index = req.originalUrl.indexOf('?');
  return new URLSearchParams(index < 0 ? '' : req.originalUrl.slice(index + 1));
}

/** Where the service mounts the emulator; alone, it answers there and at the root. */
export const EMULATOR_MOUNT_POINT = '/emulator';

/**
 * A path (query included) as a host at the mount point's address would see it: /emulator/pis/v2/connect?x
 * is /pis/v2/connect?x there. A path outside the mount point is returned as it is.
 */
export function pathRelativeToMount(pathWithQuery: string): string {
  if (!pathWithQuery.startsWith(EMULATOR_MOUNT_POINT)) return pathWithQuery;
  const rest = pathWithQuery.slice(EMULATOR_MOUNT_POINT.length);
  if (rest !== '' && !rest.startsWith('/') && !rest.startsWith('?')) return pathWithQuery;
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** The path Fintecture would see: without the /emulator mount point, without the query. */
export function apiPathOf(req: Request): string {
  return pathRelativeToMount(req.originalUrl.split('?')[0]);
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw FintectureApiError.badRequest(errorItem('invalid_body', 'The body is not valid JSON.'));
  }
}

/** A control route's body: JSON, or a form (the payer page's buttons post forms). */
export function parseLooseBody(req: EmulatorRequest): Record<string, unknown> {
  const raw = rawBodyOf(req);
  if (raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  const parsed = parseJsonBody(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw FintectureApiError.badRequest(errorItem('invalid_body', 'The body must be a JSON object.'));
  }
  return parsed as Record<string, unknown>;
}

/** Single-valued, lower-case header names, as the validators want them. */
export function flatHeaders(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
