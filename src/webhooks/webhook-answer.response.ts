import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** What WebhooksService.handle answers a verified notice; every one of them is a 200, so Fintecture stops retrying. */
@ApiSchema({ name: 'WebhookAnswer', description: 'What the service did with a verified notice.' })
export class WebhookAnswerResponse {
  @ApiProperty({
    enum: ['applied', 'duplicate', 'refused', 'ignored', 'unknown'],
    example: 'applied',
    description:
      'applied: the session took it; duplicate: this X-Request-ID was seen before; refused: the state rules kept the session as it was; ' +
      'ignored: nothing to apply (unknown status, missing fields, a body that does not parse: recorded); unknown: no such session (kept as an unmatched notice).',
  })
  result: 'applied' | 'duplicate' | 'refused' | 'ignored' | 'unknown';

  @ApiPropertyOptional({
    example: 'terminal',
    description: 'Why it changed nothing: terminal, regression, unchanged, unknown_status, not_confirmed, missing_fields, malformed_body…',
  })
  reason?: string;
}
