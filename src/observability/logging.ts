import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';
import type { Caller } from '../common/api-key.guard';
import { assignRequestId } from '../common/request-id';
import { AppConfig } from '../config/configuration';
import { PSU_FIELDS } from '../fintecture/fintecture-psu-fields';
import { isOperationsPath, pathOf, routeOf } from './http-route';

export const REDACTED = '[Redacted]';

/**
 * Keys whose values are credentials wherever they sit: the API keys and bearer tokens
 * (Authorization), Fintecture's request signatures, the app secret, the private key, tokens.
 * Both spellings because HTTP clients keep header case (axios: `Authorization`) while Node lowers it.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'signature',
  'Signature',
  'access_token',
  'app_secret',
  'appSecret',
  'private_key',
  'privateKey',
];

/** Credentials that only ever arrive as request headers; an exact path is enough and costs nothing. */
const SECRET_HEADER_PATHS = ['req.headers.cookie', 'req.headers["proxy-authorization"]', 'req.headers["x-api-key"]', 'res.headers'];

/**
 * The payer's personal data (fintecture-api.md §2.3). pino's redaction takes paths, not key
 * patterns, so every psu_* field the API knows is listed; the DTO spec keeps this list honest.
 */
export const PSU_KEYS: string[] = [...PSU_FIELDS];

/**
 * How deep a key is looked for: enough for `{ body: { meta: { psu_name } } }` and for an axios
 * error's `err.config.headers.Authorization`. Each level of wildcard costs about a microsecond a
 * line, so this is a measured compromise, not "everywhere".
 */
const SECRET_DEPTH = 4;
const PSU_DEPTH = 4;

function pathsFor(keys: string[], depth: number): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    // Keys with a dash need pino's bracket form: `*.*["set-cookie"]`.
    const plain = /^[A-Za-z_$][\w$]*$/.test(key);
    for (let level = 0; level < depth; level++) {
      const wildcards = Array<string>(level).fill('*').join('.');
      if (plain) paths.push(wildcards ? `${wildcards}.${key}` : key);
      else paths.push(`${wildcards}["${key}"]`);
    }
  }
  return paths;
}

/**
 * Secrets are always hidden; the payer's data only above debug, because at debug an engineer
 * chasing one payer's problem needs to see what was sent.
 */
export function redactionPaths(level: AppConfig['log']['level']): string[] {
  const paths = [...SECRET_HEADER_PATHS, ...pathsFor(SECRET_KEYS, SECRET_DEPTH)];
  if (level !== 'debug' && level !== 'trace') paths.push(...pathsFor(PSU_KEYS, PSU_DEPTH));
  return paths;
}

type LoggedRequest = IncomingMessage & { caller?: Caller; id?: string };

/**
 * pino-http calls customProps when the request starts and again when it ends. Only the second
 * call knows the route and the caller, and answering twice would write the keys twice, so the
 * first call answers nothing.
 */
const started = new WeakSet<IncomingMessage>();

function finishedRequestProps(req: LoggedRequest): Record<string, string> {
  if (!started.has(req)) {
    started.add(req);
    return {};
  }
  const props: Record<string, string> = { route: routeOf(req) };
  if (req.caller) {
    props.caller = req.caller.label;
    props.caller_role = req.caller.role;
  }
  return props;
}

function levelFor(req: IncomingMessage, res: ServerResponse, error?: Error) {
  if (error || res.statusCode >= 500) return 'error' as const;
  if (res.statusCode === 429) return 'warn' as const;
  // Probes and scrapes every few seconds would bury the requests that matter.
  if (isOperationsPath(pathOf(req))) return 'debug' as const;
  return 'info' as const;
}

export function buildHttpLoggerOptions(log: AppConfig['log']): Options {
  return {
    level: log.level,
    // Which instance wrote the line matters as soon as there are two.
    base: { service: 'fintecture-payments', pid: process.pid, hostname: hostname() },
    timestamp: stdTimeFunctions.isoTime,
    // Labels rather than numbers: log pipelines and people read "warn", not 40.
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactionPaths(log.level), censor: REDACTED },
    transport: log.pretty
      ? {
          target: 'pino-pretty',
          // The message already says method, path, status and duration; the full request stays in JSON mode.
          options: {
            colorize: true,
            translateTime: 'SYS:HH:MM:ss.l',
            ignore: 'pid,hostname,service,req,res,context',
            messageFormat: '{if context}[{context}] {end}{msg}',
          },
        }
      : undefined,
    genReqId: (req, res) => assignRequestId(req, res),
    // Lines written inside a request carry its id only; the full request is written once, at the end.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
    customProps: (req) => finishedRequestProps(req as LoggedRequest),
    customLogLevel: levelFor,
    customSuccessMessage: (req, res, durationMs) => `${req.method} ${pathOf(req)} → ${res.statusCode} in ${durationMs} ms`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} → ${res.statusCode} failed`,
    // For a 5xx without an exception pino-http invents an Error whose stack is its own
    // internals; the real cause, if any, is logged by the exception filter with the same request_id.
    customErrorObject: (_req, res, error, value: Record<string, unknown>) =>
      error.message === `failed with status code ${res.statusCode}` ? { ...value, err: undefined } : value,
    serializers: {
      // Response headers say nothing a status does not, and may carry cookies one day.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
