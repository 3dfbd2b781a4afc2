import {
  ArgumentMetadata,
  createParamDecorator,
  ExecutionContext,
  HttpException,
  Injectable,
  PipeTransform,
  Type,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldError, ValidationFailedException } from './problem';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text';

/** One failing rule: the field's dotted path, the class-validator constraint name and its message. */
export interface FieldProblem extends FieldError {
  constraint: string;
}

/**
 * The one error flattener: nested class-validator errors → one entry per failing rule, parents
 * before children, `{ field: "data.attributes.amount", constraint, message }`.
 */
export function collectFieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, constraint, message: message.replace(/^property (\S+) should not exist$/, 'unknown field') });
    }
    if (error.children?.length) out.push(...collectFieldProblems(error.children, field));
  }
  return out;
}

/** The problem+json `errors` list: `{ field, message }` per problem. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return collectFieldProblems(errors, prefix).map(({ field, message }) => ({ field, message }));
}

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/**
 * The global pipe: unknown fields are refused (not silently dropped), nothing is converted
 * implicitly (a number where a string is expected is an error), and query parameters are
 * named `query.<name>` in the error list.
 */
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      ...VALIDATOR_OPTIONS,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))) {
      if (metadata.metatype && ![Object, String, Number, Boolean, Array].includes(metadata.metatype as never)) {
        throw new ValidationFailedException([{ field: 'body', message: 'a JSON object is required' }]);
      }
    }
    const prefix = metadata.type === 'query' ? 'query' : '';
    const forbidden = findForbiddenKey(value, prefix);
    if (forbidden) throw new ValidationFailedException([{ field: forbidden, message: 'this field name is not allowed' }]);
    // Every value that reaches SQL passes here: one refusal naming the field, never a 500 from the driver.
    const unstorable =
      metadata.type === 'custom' ? null : findUnstorableText(value, metadata.type === 'param' ? `param.${metadata.data ?? 'value'}` : prefix);
    if (unstorable) throw new ValidationFailedException([{ field: unstorable, message: UNSTORABLE_TEXT_MESSAGE }]);
    try {
      return await super.transform(value ?? (metadata.type === 'query' ? {} : value), metadata);
    } catch (error) {
      if (error instanceof ValidationFailedException && prefix) {
        const errors = (error.extensions.errors as FieldError[]).map((e) => ({ ...e, field: `${prefix}.${e.field}` }));
        throw new ValidationFailedException(errors);
      }
      if (error instanceof HttpException) throw error;
      // class-transformer can throw on hostile shapes; whatever it chokes on is a bad request, never a 500.
      throw new ValidationFailedException([{ field: prefix || 'body', message: 'the request could not be read' }]);
    }
  }
}

/**
 * `__proto__`, `constructor` and `prototype` are dropped silently by class-transformer (or make it
 * throw), so they would slip past forbidNonWhitelisted: refuse them by name, at any depth.
 */
function findForbiddenKey(value: unknown, path: string, depth = 0): string | null {
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return field;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], field, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Validates the named request headers against a DTO whose properties are lower-case header names. */
@Injectable()
class HeadersValidationPipe implements PipeTransform {
  constructor(private readonly dto: Type<object>) {}

  async transform(headers: Record<string, unknown>): Promise<object> {
    const unstorable = findUnstorableText(headers, 'header');
    if (unstorable) throw new ValidationFailedException([{ field: unstorable, message: UNSTORABLE_TEXT_MESSAGE }]);
    const instance = plainToInstance(this.dto, headers);
    const errors = await validate(instance, VALIDATOR_OPTIONS);
    if (errors.length) throw new ValidationFailedException(flattenValidationErrors(errors, 'header'));
    return instance;
  }
}

/**
 * Validates request headers against a DTO whose properties are lower-case header names.
 * `pick` chooses which headers to look at (the request carries many others that
 * forbidNonWhitelisted would refuse).
 */
export function ValidatedHeaders(
  dto: Type<object>,
  pick: (headers: Record<string, string | string[] | undefined>) => Record<string, unknown>,
): ParameterDecorator {
  const picked = createParamDecorator((_data: unknown, context: ExecutionContext) =>
    pick(context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers),
  );
  return picked(undefined, new HeadersValidationPipe(dto));
}
