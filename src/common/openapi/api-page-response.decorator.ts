import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * A keyset page, `{ data: [items], next_cursor }`: `next_cursor` goes back as `cursor` for the
 * next page and is null on the last one.
 */
export function ApiPageResponse(item: Type<unknown>, description: string, example?: Record<string, unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'next_cursor'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          next_cursor: {
            type: 'string',
            nullable: true,
            description: 'Pass it back as `cursor` (with the same filters) for the next page; null on the last page.',
            example: 'eyJjIjoiMjAyNi0xMS0yNFQxMDowMDowMC4wMDBaIiwiaSI6IjAxOTM…',
          },
        },
      },
      ...(example ? { example } : {}),
    }),
  );
}
