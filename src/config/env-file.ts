import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Env } from './env-reader';

export const ENV_FILE = '.env';

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/s;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * The variables of an env file: `NAME=value` lines (an optional `export`), `#` comments, values
 * bare (a ` #` starts a comment), 'single-quoted' (literal) or "double-quoted" (\n, \t, \" and \\
 * escapes; may span lines, for a PEM key). A later line wins. A line that is none of these is an
 * error naming it: a half-read file would start the service on settings nobody chose.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const values: Record<string, string> = {};
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index].trim();
    if (!line || line.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) throw new Error(`line ${index + 1}: expected NAME=value`);
    const [, name, rest] = match;
    const quote = rest[0];
    if (quote !== '"' && quote !== "'") {
      values[name] = ` ${rest}`.replace(/\s+#.*$/, '').trim();
      continue;
    }
    // A quoted value ends at its closing quote, on this line or a later one.
    let source = rest.slice(1);
    let end = closingQuote(source, quote);
    while (end < 0 && index + 1 < lines.length) {
      index += 1;
      source += `\n${lines[index]}`;
      end = closingQuote(source, quote);
    }
    if (end < 0) throw new Error(`line ${index + 1}: ${name}: the ${quote} quote is never closed`);
    const after = source.slice(end + 1).trim();
    if (after && !after.startsWith('#')) throw new Error(`line ${index + 1}: ${name}: unexpected text after the closing quote`);
    const body = source.slice(0, end);
    values[name] = quote === "'" ? body : body.replace(/\\(.)/gs, (whole: string, c: string) => ESCAPES[c] ?? whole);
  }
  return values;
}

function closingQuote(source: string, quote: string): number {
  for (let i = 0; i < source.length; i += 1) {
    if (quote === '"' && source[i] === '\\') i += 1;
    else if (source[i] === quote) return i;
  }
  return -1;
}

/** The file's values for the variables the environment does not set: a variable set in the process always wins. */
export function missingFrom(env: Env, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !Object.prototype.hasOwnProperty.call(env, key)));
}

export interface EnvFileResult {
  /** The file read, or undefined when there was none (or none was to be read). */
  path?: string;
  /** The variables taken from it. */
  applied: string[];
}

/**
 * Reads `.env` from the working directory, when there is one, into `env` (the process
 * environment), without overriding what is set. Skipped when NODE_ENV=test: the test suites
 * give every process its environment explicitly, and a developer's `.env` must not change them.
 */
export function loadEnvFile(env: Env = process.env, cwd = process.cwd()): EnvFileResult {
  if (env.NODE_ENV?.trim() === 'test') return { applied: [] };
  const path = join(cwd, ENV_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { applied: [] };
    throw new Error(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let values: Record<string, string>;
  try {
    values = missingFrom(env, parseEnvFile(text));
  } catch (error) {
    throw new Error(`${path}, ${(error as Error).message}`);
  }
  Object.assign(env, values);
  return { path, applied: Object.keys(values) };
}
