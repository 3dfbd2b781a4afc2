import { ApiProperty, ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';

function indicators(options: ApiPropertyOptions): ApiPropertyOptions {
  return {
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['up', 'down'] } },
      additionalProperties: true,
    },
    ...options,
  } as ApiPropertyOptions;
}

/** What terminus answers when every check passed; a failing check is answered as a 503 problem instead. */
@ApiSchema({ name: 'HealthCheck', description: "Terminus' health check result." })
export class HealthCheckResponse {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty(indicators({ example: { database: { status: 'up' } }, description: 'The checks that passed (none for live).' }))
  info: Record<string, { status: string }>;

  @ApiProperty(indicators({ example: {} }))
  error: Record<string, { status: string }>;

  @ApiProperty(indicators({ example: { database: { status: 'up' } } }))
  details: Record<string, { status: string }>;
}
