/**
 * Whether an error means the database could not be reached or could not serve the request now
 * (connection refused, cut, terminated by an administrator, not accepting connections, a file
 * locked or unreadable), as opposed to a bug or a refused statement. Such a request is answered
 * 503 with Retry-After: retrying later may work, and nothing about the request was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && unavailableCode(code, typeof message === 'string' ? message : '')) return true;
    if (typeof name === 'string' && NOT_CONNECTED_ERRORS.has(name)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // TypeORM wraps the driver's error (QueryFailedError.driverError); Node wraps with `cause`.
    const wrapped = current as { driverError?: unknown; cause?: unknown };
    current = wrapped.driverError ?? wrapped.cause;
  }
  return false;
}

// SQLSTATE classes and codes (PostgreSQL appendix A): connection exceptions, shutdown, cannot
// connect now, too many connections, no such database, a statement cancelled by its timeout.
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '53000', '3D000', '57014']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|PROTOCOL)(_|$)/;
const NOT_CONNECTED_ERRORS = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Cannot use a pool after calling end/i,
  /is not currently accepting connections/i,
  /The database connection is not open/i,
];

function unavailableCode(code: string, message: string): boolean {
  if (code.startsWith('08') && code.length === 5) return true;
  if (PG_UNAVAILABLE.has(code) || NETWORK_CODES.has(code) || SQLITE_UNAVAILABLE.test(code)) return true;
  // 55000 (object not in prerequisite state) is also a database that refuses connections.
  return code === '55000' && /accepting connections/i.test(message);
}
