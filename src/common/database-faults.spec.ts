import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-faults';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown]>([
    ['PostgreSQL terminated by an administrator (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL shutting down (57P03)', withCode('57P03', 'the database system is shutting down')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['a database that refuses connections (55000)', withCode('55000', 'database "shop" is not currently accepting connections')],
    ['no such database (3D000)', withCode('3D000')],
    ['a refused socket', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a cut connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['a locked SQLite file', withCode('SQLITE_BUSY', 'database is locked')],
    ['an unreadable SQLite file', withCode('SQLITE_CANTOPEN')],
    ['an SQLite I/O error', withCode('SQLITE_IOERR_SHORT_READ')],
    ['a read-only SQLite file', withCode('SQLITE_READONLY_DBMOVED')],
    ['a closed better-sqlite3 handle', new TypeError('The database connection is not open')],
    ['a driver error wrapped by TypeORM', wrapped(withCode('57P01'))],
    ['an error with a cause', new Error('query failed', { cause: withCode('ECONNRESET') })],
    ['TypeORM without a connection', Object.assign(new Error('no connection'), { name: 'CannotExecuteNotConnectedError' })],
  ])('%s: unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a unique violation (23505)', wrapped(withCode('23505', 'duplicate key value violates unique constraint'))],
    ['a NUL byte refused (22021)', wrapped(withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00'))],
    ['an SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['an object in another state (55000) that is not about connections', withCode('55000', 'cannot refresh materialized view')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s: not unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
