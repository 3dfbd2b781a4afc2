import { applyDecorators } from '@nestjs/common';
import { Column, ColumnOptions, JoinColumn, ManyToOne, ObjectType, PrimaryColumn } from 'typeorm';
import { bigintToNumber, TIMESTAMP_TYPE } from './column-types';

/**
 * The column shapes the entities repeat, each with the type the migrations wrote for it. `name`
 * is given only where the column's name is not the property's (snake_case against camelCase);
 * an omitted name must stay absent, not undefined, so that the metadata is what @Column had.
 */
type Extra = Pick<ColumnOptions, 'name' | 'nullable' | 'default'>;

function withName(name: string | undefined, options: ColumnOptions): ColumnOptions {
  return name === undefined ? options : { name, ...options };
}

/** Every table's key: a UUID (v4 or v7) as text. */
export const IdColumn = (): PropertyDecorator => PrimaryColumn({ type: 'varchar', length: 36 });

/** A reference to another row's id, always set. */
export const RefIdColumn = (name: string): PropertyDecorator => Column({ name, type: 'varchar', length: 36 });

export const VarcharColumn = (length: number, extra: Extra = {}): PropertyDecorator => Column({ ...extra, type: 'varchar', length });

export const NullableVarcharColumn = (length: number, name?: string): PropertyDecorator =>
  Column(withName(name, { type: 'varchar', length, nullable: true }));

export const NullableTextColumn = (name?: string): PropertyDecorator => Column(withName(name, { type: 'text', nullable: true }));

/** Stored as JSON text, read back as the object. */
export const NullableJsonColumn = (name?: string): PropertyDecorator => Column(withName(name, { type: 'simple-json', nullable: true }));

export const NullableIntegerColumn = (name: string): PropertyDecorator => Column({ name, type: 'integer', nullable: true });

/** A counter that starts at `start`. */
export const CountColumn = (start: number, name?: string): PropertyDecorator => Column(withName(name, { type: 'integer', default: start }));

export const TimestampColumn = (name: string): PropertyDecorator => Column({ name, type: TIMESTAMP_TYPE });

export const NullableTimestampColumn = (name: string): PropertyDecorator => Column({ name, type: TIMESTAMP_TYPE, nullable: true });

export const CreatedAtColumn = (): PropertyDecorator => TimestampColumn('created_at');

export const UpdatedAtColumn = (): PropertyDecorator => TimestampColumn('updated_at');

/** An amount in minor units (cents): bigint in the database, a number in the code. */
export const MinorUnitsColumn = (name: string, extra: Omit<Extra, 'name'> = {}): PropertyDecorator =>
  Column({ name, type: 'bigint', ...extra, transformer: bigintToNumber });

/**
 * The row this one belongs to, deleted with it; the key column is declared beside it (RefIdColumn)
 * and the constraint keeps the name the migration gave it.
 */
export const CascadingParent = <T>(parent: () => ObjectType<T>, column: string, constraintName: string): PropertyDecorator =>
  applyDecorators(ManyToOne(parent, { onDelete: 'CASCADE' }), JoinColumn({ name: column, foreignKeyConstraintName: constraintName }));
