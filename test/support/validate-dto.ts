import 'reflect-metadata';
import { ClassConstructor, ClassTransformOptions, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { collectFieldProblems } from '../../src/common/validation';

/** What a DTO unit test asserts on: one entry per failing field, with every rule that failed on it. */
export interface FieldFailure {
  field: string;
  constraints: string[];
  messages: string[];
}

/**
 * Validates a plain value against a DTO with the global pipe's whitelist rules, and groups the
 * app's own error list (collectFieldProblems) by field, in the order the fields fail.
 */
export async function validateDto<T extends object>(
  dto: ClassConstructor<T>,
  plain: unknown,
  transform: ClassTransformOptions = {},
): Promise<FieldFailure[]> {
  const instance = plainToInstance(dto, plain, transform);
  const errors = await validate(instance as object, { whitelist: true, forbidNonWhitelisted: true });
  const byField = new Map<string, FieldFailure>();
  for (const problem of collectFieldProblems(errors)) {
    const entry = byField.get(problem.field) ?? { field: problem.field, constraints: [], messages: [] };
    entry.constraints.push(problem.constraint);
    entry.messages.push(problem.message);
    byField.set(problem.field, entry);
  }
  return [...byField.values()];
}
