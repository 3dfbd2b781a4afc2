import { CallHandler, ExecutionContext, Injectable, NestInterceptor, RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { isJsonNumberText, jsonValueText } from '../../common/json-text';
import { rawJsonText } from '../../common/raw-json-body';

/** The amounts of a create body that a client may send as JSON numbers (the JS SDK does). */
const AMOUNT_PATHS = [
  ['data', 'attributes', 'amount'],
  ['data', 'attributes', 'net_amount'],
] as const;

const forwardedTexts = new WeakMap<object, string>();

/**
 * Runs before validation on the create route. It keeps the body's text for forwarding, and puts
 * back the literal of each amount given as a JSON number (`42.5`, `125`) in place of the float
 * JSON.parse made of it, so that the amount rules judge, and the service stores, exactly what the
 * caller wrote: `42.505` is refused for its three decimals instead of being rounded. The body
 * Fintecture receives is the text itself, untouched.
 */
@Injectable()
export class AmountLiteralsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<RawBodyRequest<Request>>();
    // Only a JSON body is parsed on this route; a form's fields would be refused by validation anyway.
    const text = req.is('application/json') ? rawJsonText(req) : undefined;
    if (text !== undefined && isPlainObject(req.body)) {
      forwardedTexts.set(req, text);
      for (const path of AMOUNT_PATHS) replaceNumberWithLiteral(req.body, text, path);
    }
    return next.handle();
  }
}

/** The create body's text as the caller sent it, once AmountLiteralsInterceptor has run; undefined otherwise. */
export function forwardedBodyText(req: object): string | undefined {
  return forwardedTexts.get(req);
}

function replaceNumberWithLiteral(body: Record<string, unknown>, text: string, path: readonly string[]): void {
  let parent: unknown = body;
  for (const key of path.slice(0, -1)) {
    parent = isPlainObject(parent) && Object.hasOwn(parent, key) ? parent[key] : undefined;
  }
  const key = path[path.length - 1];
  if (!isPlainObject(parent) || typeof parent[key] !== 'number') return;
  const literal = jsonValueText(text, path);
  if (isJsonNumberText(literal)) parent[key] = literal;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
