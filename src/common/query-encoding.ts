import type { IncomingMessage, ServerResponse } from 'node:http';
import { ValidationFailedException } from './problem';

/**
 * The query parser decodes a broken percent-encoding leniently (`%E0%A4` becomes U+FFFD), so a
 * `state` could be stored and forwarded as something the caller never sent. Refuse it instead.
 */
export function rejectMalformedQuery(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  const url = req.url ?? '';
  const at = url.indexOf('?');
  if (at >= 0) {
    for (const part of url.slice(at + 1).split('&')) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        const name = part.split('=')[0];
        let field = name;
        try {
          field = decodeURIComponent(name);
        } catch {
          // the name itself is broken; show it as received
        }
        next(new ValidationFailedException([{ field: `query.${field}`, message: 'malformed percent-encoding' }]));
        return;
      }
    }
  }
  next();
}
