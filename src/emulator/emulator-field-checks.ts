import { tryMinorUnits } from '../common/money';
import { errorItem, FintectureErrorItem } from './emulator-errors';

/**
 * The building blocks of the emulator's request validation: every problem is collected and
 * reported at once, in Fintecture's error items: `mandatory_field_missing` for an absent field,
 * `invalid_field` for a wrong one.
 */

export type Json = Record<string, unknown>;

export const STATE_MAX_LENGTH = 512;
export const COMMUNICATION_MAX_LENGTH = 140;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Problems {
  readonly items: FintectureErrorItem[] = [];

  missing(field: string): void {
    this.items.push(errorItem('mandatory_field_missing', `${field} has not been defined`));
  }

  invalid(field: string, why: string): void {
    this.items.push(errorItem('invalid_field', `${field} ${why}`));
  }

  /** A non-empty string, or null when absent; records a problem when present but wrong. */
  optionalString(container: Json, key: string, field: string, maxLength = 1000): string | null {
    const value = container[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || value.length === 0) {
      this.invalid(field, 'must be a non-empty string');
      return null;
    }
    if (value.length > maxLength) {
      this.invalid(field, `must be at most ${maxLength} characters`);
      return null;
    }
    return value;
  }

  requiredString(container: Json, key: string, field: string, maxLength = 1000): string | null {
    if (container[key] === undefined || container[key] === null || container[key] === '') {
      this.missing(field);
      return null;
    }
    return this.optionalString(container, key, field, maxLength);
  }
}

/**
 * Amounts are decimal strings with up to 2 decimals; a JSON number is taken too (the JS SDK
 * sends one) when its decimal text has at most 2 decimals. The amount is kept as written.
 */
export function readAmount(value: unknown, problems: Problems, field: string): string | null {
  if (value === undefined || value === null || value === '') {
    problems.missing(field);
    return null;
  }
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') {
    problems.invalid(field, 'must be a decimal amount such as "42.50"');
    return null;
  }
  // common/money forgives surrounding spaces; an amount on the wire does not get to carry them.
  const cents = text.trim() === text ? tryMinorUnits(text) : null;
  if (cents === null) {
    problems.invalid(field, 'must be a decimal amount with at most 2 decimals, such as "42.50"');
    return null;
  }
  if (cents < 1) {
    problems.invalid(field, 'must be at least 0.01');
    return null;
  }
  return text;
}

/** The opaque `state` query parameter, echoed on the redirect and in webhooks. */
export function readState(query: URLSearchParams, problems: Problems): string | null {
  const state = query.get('state');
  if (state !== null && (state.length === 0 || state.length > STATE_MAX_LENGTH)) {
    problems.invalid('state', `must be 1 to ${STATE_MAX_LENGTH} characters`);
  }
  return state;
}

export function readUrl(query: URLSearchParams, name: string, problems: Problems): string | null {
  const value = query.get(name);
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  problems.invalid(name, 'must be an absolute http(s) URL');
  return null;
}

export function readFlag(query: URLSearchParams, name: string, problems: Problems): boolean {
  const value = query.get(name);
  if (value === null) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.invalid(name, 'must be true or false');
  return false;
}
