import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException, ValidationFailedException } from './problem';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * The JSON body as the caller wrote it: the bytes Express read (after any Content-Encoding),
 * decoded with the request's charset (UTF-8 unless said otherwise). Undefined when the app keeps no
 * raw body (created without `rawBody: true`). A charset this runtime cannot decode (the JSON parser
 * takes UTF-7, whose "+" starts an escape) is refused with 415, and a body that is not valid in its
 * charset with 400: the parser read it leniently, so what it parsed is not what the caller sent.
 */
export function rawJsonText(req: RawBodyRequest<Request>): string | undefined {
  if (!Buffer.isBuffer(req.rawBody)) return undefined;
  const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new ProblemException(415, 'unsupported_media_type', `The body charset ${charset.slice(0, 40)} is not supported; send UTF-8.`);
  }
  try {
    return decoder.decode(req.rawBody);
  } catch {
    throw new ValidationFailedException([{ field: 'body', message: `the body is not valid ${charset.slice(0, 40)}` }]);
  }
}
