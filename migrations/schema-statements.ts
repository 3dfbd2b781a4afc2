import { QueryRunner } from 'typeorm';

/**
 * The CREATE statements the migrations send, written once. These migrations have run on deployed
 * databases, so the text is kept to the byte as it was first sent (the leading newline and the
 * indentation included): the TypeORM log and any statement capture read the same as before.
 */
export async function createTable(queryRunner: QueryRunner, table: string, definitions: readonly string[]): Promise<void> {
  await queryRunner.query(`\n      CREATE TABLE ${table} (\n${definitions.map((line) => `        ${line}`).join(',\n')}\n      )`);
}

/** [name, columns, options]: `where` makes a partial index. */
export type IndexSpec = readonly [name: string, columns: string, options?: { unique?: boolean; where?: string }];

export async function createIndexes(queryRunner: QueryRunner, table: string, indexes: readonly IndexSpec[]): Promise<void> {
  for (const [name, columns, { unique = false, where } = {}] of indexes) {
    await queryRunner.query(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${table} (${columns})${where === undefined ? '' : ` WHERE ${where}`}`);
  }
}
