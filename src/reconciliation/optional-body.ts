import { ArgumentMetadata, createParamDecorator, ExecutionContext, PipeTransform } from '@nestjs/common';
import { ProblemValidationPipe } from '../common/validation';

const validation = new ProblemValidationPipe();

/** Validates what the decorator read as a body would be, with the one global pipe's rules and messages. */
class AsBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return validation.transform(value, { ...metadata, type: 'body' });
  }
}

const readBodyOrEmpty = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  // No body at all (no Content-Type, nothing sent) reads as {}: every field of the DTO is optional.
  const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
  return body === undefined ? {} : body;
});

/**
 * @Body() for a route whose body may be left out: `POST …` with nothing is `{}`; anything sent
 * is validated exactly as @Body() would be (a JSON object, the DTO's rules, 400 naming the field).
 */
export function OptionalBody(): ParameterDecorator {
  return readBodyOrEmpty(new AsBodyPipe());
}
