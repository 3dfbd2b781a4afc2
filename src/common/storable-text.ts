// NUL cannot be stored in a PostgreSQL text column (the statement fails), and an unpaired UTF-16
// surrogate has no UTF-8 form (the drivers silently store U+FFFD instead): neither can be kept as sent.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_TEXT_MESSAGE = 'contains a character that cannot be stored (NUL or an unpaired surrogate)';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The dotted path of the first string (or object key) in `value` that the database could not
 * store as given, or null. `path` names `value` itself (`query`, `param.id`, or '' for a body).
 */
export function findUnstorableText(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path || 'body';
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return field;
    const found = findUnstorableText((value as Record<string, unknown>)[key], field, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Text as it can be stored: NUL and unpaired surrogates become U+FFFD (for notices that must be kept, not refused). */
export function storableText(text: string): string {
  return isStorableText(text) ? text : text.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
}
