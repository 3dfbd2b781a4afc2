import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errorItem, FintectureApiError } from './emulator-errors';

/** The Fintecture API calls the emulator serves, by the names a fault may target. */
export const API_OPERATIONS = ['token', 'connect', 'get_payment', 'list_payments', 'patch_payment', 'refund'] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];

/**
 * Refund behaviours, for route `refund` only (fintecture-api.md §4.4): refund_aborted is Fintecture's
 * 400 with errors[0].code; refund_aborted_status its 200 with meta.status "refund_aborted" (the
 * Magento shape); refund_waiting makes a refund to be completed in the Console (no automatic
 * completion); refund_held accepts it but leaves the outcome to `simulate`; refund_accepted_status
 * accepts it in the Magento shape (meta.status "refund_accepted").
 */
export const REFUND_BEHAVIOURS = ['refund_aborted', 'refund_aborted_status', 'refund_waiting', 'refund_held', 'refund_accepted_status'] as const;
export type RefundBehaviour = (typeof REFUND_BEHAVIOURS)[number];

export const FAULT_KINDS = ['500', '429', '400', 'invalid_token', 'timeout', ...REFUND_BEHAVIOURS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isRefundBehaviour(kind: FaultKind): kind is RefundBehaviour {
  return (REFUND_BEHAVIOURS as readonly string[]).includes(kind);
}

const OPERATION_ALIASES: Record<string, ApiOperation> = { cancel_payment: 'patch_payment', cancel: 'patch_payment' };

export interface Fault {
  id: string;
  /** As given: an operation name, "*", or "[METHOD ]/path" where * stands for any characters. */
  route: string;
  kind: FaultKind;
  remaining: number;
  createdAt: string;
}

interface Matcher {
  test(operation: ApiOperation, method: string, apiPath: string): boolean;
}

/** Null when the route names nothing the emulator serves. */
function matcherFor(route: string): Matcher | null {
  const trimmed = route.trim();
  if (trimmed === '*' || trimmed === 'any') return { test: () => true };
  const operation = OPERATION_ALIASES[trimmed] ?? ((API_OPERATIONS as readonly string[]).includes(trimmed) ? trimmed : null);
  if (operation) return { test: (op) => op === operation };
  const match = /^(?:([A-Za-z]+)\s+)?(\/\S*)$/.exec(trimmed);
  if (!match) return null;
  const method = match[1]?.toUpperCase();
  const pattern = new RegExp(
    '^' +
      match[2]
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return { test: (_op, reqMethod, apiPath) => (!method || method === reqMethod.toUpperCase()) && pattern.test(apiPath) };
}

/**
 * Failures on demand: each fault makes the next `count` matching calls fail its way, whatever
 * their credentials. Faults are consumed in the order they were added.
 */
@Injectable()
export class EmulatorFaultService {
  private readonly faults: Array<Fault & { matcher: Matcher }> = [];

  add(input: { route?: unknown; kind?: unknown; count?: unknown }): Fault {
    const items = [];
    const route = typeof input.route === 'string' ? input.route : '';
    const matcher = route ? matcherFor(route) : null;
    if (!matcher) {
      items.push(
        errorItem(
          'invalid_field',
          `route must be one of ${API_OPERATIONS.join(', ')}, "*", or a path such as "POST /pis/v2/connect" (with * as a wildcard)`,
        ),
      );
    }
    const kind = input.kind;
    if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      items.push(errorItem('invalid_field', `kind must be one of ${FAULT_KINDS.join(', ')}`));
    } else if (isRefundBehaviour(kind as FaultKind) && route.trim() !== 'refund') {
      items.push(errorItem('invalid_field', `kind ${kind} only applies to route refund`));
    }
    const count = input.count === undefined ? 1 : input.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10_000) {
      items.push(errorItem('invalid_field', 'count must be a whole number between 1 and 10000'));
    }
    if (items.length) throw FintectureApiError.badRequest(items);
    const fault = {
      id: randomUUID(),
      route,
      kind: kind as FaultKind,
      remaining: count as number,
      createdAt: new Date().toISOString(),
      matcher: matcher as Matcher,
    };
    this.faults.push(fault);
    return this.view(fault);
  }

  /** The fault this call must suffer, if any; it is used up by the call. */
  take(operation: ApiOperation, method: string, apiPath: string): Fault | null {
    const fault = this.faults.find((f) => f.remaining > 0 && f.matcher.test(operation, method, apiPath));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return this.view(fault);
  }

  list(): Fault[] {
    return this.faults.map((fault) => this.view(fault));
  }

  clear(): void {
    this.faults.length = 0;
  }

  private view(fault: Fault): Fault {
    return { id: fault.id, route: fault.route, kind: fault.kind, remaining: fault.remaining, createdAt: fault.createdAt };
  }
}

/** The answer a failing fault gives, as Fintecture would give it (timeouts and refund behaviours are the handler's). */
export function faultError(kind: Exclude<FaultKind, 'timeout' | RefundBehaviour>): FintectureApiError {
  switch (kind) {
    case '500':
      return FintectureApiError.internal('Injected fault: internal server error.');
    case '429':
      return FintectureApiError.tooManyRequests(1);
    case '400':
      return FintectureApiError.badRequest(errorItem('invalid_field', 'Injected fault: the request was refused.'));
    case 'invalid_token':
      return FintectureApiError.invalidToken('The access token is invalid or has expired.');
  }
}
