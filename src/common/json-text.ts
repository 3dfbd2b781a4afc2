/**
 * Reads the source text of one value inside a JSON document, for what JSON.parse cannot give back:
 * the literal of a number (`42.50` and `42.5` parse to the same float; `0.1` is not exactly 0.1).
 * The text must already have parsed with JSON.parse; anything unexpected gives undefined.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * The source text of the value at `path` (object keys, outermost first), or undefined when there is
 * none. A repeated key resolves to its last occurrence, as JSON.parse does. Values that are not on
 * the path are skipped without recursion, so a deeply nested body costs no stack.
 */
export function jsonValueText(text: string, path: readonly string[]): string | undefined {
  let start = skipWhitespace(text, 0);
  let end = skipValue(text, start);
  if (end < 0) return undefined;
  for (const key of path) {
    const member = lastMember(text, start, key);
    if (!member) return undefined;
    [start, end] = member;
  }
  return text.slice(start, end);
}

/** Whether a value's source text is a JSON number. */
export function isJsonNumberText(text: string | undefined): text is string {
  return text !== undefined && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text);
}

/** [start, end) of the last member named `key` of the object starting at `start`. */
function lastMember(text: string, start: number, key: string): [number, number] | undefined {
  if (text[start] !== '{') return undefined;
  let found: [number, number] | undefined;
  let pos = skipWhitespace(text, start + 1);
  if (text[pos] === '}') return undefined;
  for (;;) {
    const keyEnd = skipString(text, pos);
    if (keyEnd < 0) return undefined;
    const name = JSON.parse(text.slice(pos, keyEnd)) as string;
    pos = skipWhitespace(text, keyEnd);
    if (text[pos] !== ':') return undefined;
    const valueStart = skipWhitespace(text, pos + 1);
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return undefined;
    if (name === key) found = [valueStart, valueEnd];
    pos = skipWhitespace(text, valueEnd);
    if (text[pos] === '}') return found;
    if (text[pos] !== ',') return undefined;
    pos = skipWhitespace(text, pos + 1);
  }
}

function skipWhitespace(text: string, pos: number): number {
  while (pos < text.length && WHITESPACE.has(text[pos])) pos++;
  return pos;
}

/** End of the string token starting at `pos` (just past its closing quote), or -1. */
function skipString(text: string, pos: number): number {
  if (text[pos] !== '"') return -1;
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/** End of the value starting at `pos`, or -1. Objects and arrays are skipped by counting brackets. */
function skipValue(text: string, pos: number): number {
  const first = text[pos];
  if (first === '"') return skipString(text, pos);
  if (first !== '{' && first !== '[') {
    let end = pos;
    while (end < text.length && !WHITESPACE.has(text[end]) && !',}]'.includes(text[end])) end++;
    return end > pos ? end : -1;
  }
  let depth = 0;
  for (let i = pos; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
