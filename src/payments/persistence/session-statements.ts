import { EntityManager, EntityMetadata } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { PaymentSession } from '../entities/payment-session.entity';
import { SessionEvent } from '../entities/session-event.entity';

/**
 * The create path's writes on PostgreSQL as single statements (a data-modifying CTE writes the
 * session and its event together), built from the entities' own metadata so that they cannot
 * drift from the columns TypeORM maps. TypeORM's builders cost more CPU than the database does
 * for these rows, and each statement is a round trip: the create path went from nine to five.
 */
class Parameters {
  readonly values: unknown[] = [];

  constructor(private readonly manager: EntityManager) {}

  /** A placeholder cast to the column's type: in `INSERT … SELECT` PostgreSQL cannot infer it. */
  bind(column: ColumnMetadata, value: unknown): string {
    const driver = this.manager.connection.driver;
    this.values.push(driver.preparePersistentValue(value, column));
    return `$${this.values.length}::${driver.normalizeType(column)}`;
  }
}

function metadataOf(manager: EntityManager, target: typeof PaymentSession | typeof SessionEvent): EntityMetadata {
  return manager.connection.getMetadata(target);
}

/** Columns that have a value on the entity: the others take the database's default, as TypeORM's insert leaves them. */
function present(metadata: EntityMetadata, entity: object): ColumnMetadata[] {
  return metadata.columns.filter((column) => (entity as Record<string, unknown>)[column.propertyName] !== undefined);
}

function valueOf(entity: object, column: ColumnMetadata): unknown {
  return (entity as Record<string, unknown>)[column.propertyName];
}

/** `INSERT INTO session_events … SELECT <values> FROM <source>`: the event is written only when its source row is. */
function eventInsert(manager: EntityManager, params: Parameters, event: SessionEvent, source: string): string {
  const metadata = metadataOf(manager, SessionEvent);
  const columns = present(metadata, event);
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const values = columns.map((c) => params.bind(c, valueOf(event, c))).join(', ');
  return `INSERT INTO "${metadata.tableName}" (${names}) SELECT ${values} FROM ${source} RETURNING "id"`;
}

/**
 * Fills what TypeORM's insert would have read back (version 1, the columns' defaults), so that
 * the row in memory is the row in the table.
 */
export function withInsertDefaults(manager: EntityManager, session: PaymentSession): PaymentSession {
  const record = session as unknown as Record<string, unknown>;
  for (const column of metadataOf(manager, PaymentSession).columns) {
    if (record[column.propertyName] !== undefined) continue;
    if (column.isVersion) record[column.propertyName] = 1;
    else if (column.default !== undefined && typeof column.default !== 'function') record[column.propertyName] = column.default;
  }
  return session;
}

/** The new session and its first event in one statement (autocommit: the two are written together or not at all). */
export async function insertSessionWithEvent(manager: EntityManager, session: PaymentSession, event: SessionEvent): Promise<void> {
  const metadata = metadataOf(manager, PaymentSession);
  const params = new Parameters(manager);
  const columns = present(metadata, withInsertDefaults(manager, session));
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const values = columns.map((c) => params.bind(c, valueOf(session, c))).join(', ');
  const sql = `WITH created AS (INSERT INTO "${metadata.tableName}" (${names}) VALUES (${values}) RETURNING "id") ${eventInsert(manager, params, event, 'created')}`;
  await manager.query(sql, params.values);
}

/**
 * Writes `properties` of the session and the event, only if the row still has the version the
 * change was decided on (and, for a notice with a dedupe key, that key is not recorded yet).
 * False when another change got there first: nothing was written, and the caller decides again
 * on the locked row. The UPDATE holds the row's lock until the transaction ends, as a locking
 * read would have.
 */
export async function updateIfUnchanged(
  manager: EntityManager,
  session: PaymentSession,
  properties: readonly (keyof PaymentSession)[],
  expectedVersion: number,
  event: SessionEvent,
): Promise<boolean> {
  const metadata = metadataOf(manager, PaymentSession);
  const params = new Parameters(manager);
  const column = (property: string): ColumnMetadata => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`payment_sessions has no column for ${property}`);
    return found;
  };
  const id = params.bind(column('id'), session.id);
  const version = params.bind(column('version'), expectedVersion);
  const sets = properties
    .filter((property) => property !== 'version' && property !== 'id')
    .map((property) => `"${column(property).databaseName}" = ${params.bind(column(property), session[property])}`);
  sets.push(`"version" = "version" + 1`);
  let where = `"id" = ${id} AND "version" = ${version}`;
  if (event.dedupeKey) {
    const events = metadataOf(manager, SessionEvent);
    const key = params.bind(events.findColumnWithPropertyName('dedupeKey')!, event.dedupeKey);
    where += ` AND NOT EXISTS (SELECT 1 FROM "${events.tableName}" WHERE "payment_session_id" = ${id} AND "dedupe_key" = ${key})`;
  }
  const update = `UPDATE "${metadata.tableName}" SET ${sets.join(', ')} WHERE ${where} RETURNING "id"`;
  const rows: unknown[] = await manager.query(`WITH changed AS (${update}) ${eventInsert(manager, params, event, 'changed')}`, params.values);
  return rows.length === 1;
}
