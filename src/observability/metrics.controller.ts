import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ApiPublic } from '../common/openapi/api-public.decorator';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@ApiPublic()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Text exposition format. Not authenticated, like the health probes: expose it on an internal network only.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics of this instance (payment_sessions_open counts the whole database).',
    schema: { type: 'string' },
    example:
      '# HELP payment_sessions_open Payment sessions whose outcome is not terminal, by outcome; counted in the database at scrape time (all instances).\n' +
      '# TYPE payment_sessions_open gauge\npayment_sessions_open{outcome="awaiting_payer"} 3\n',
  })
  @ApiProblemResponses(
    { status: 400, description: 'A malformed query string (broken percent-encoding).' },
    { status: 503, description: 'The service is shutting down.' },
  )
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.metrics.registry.metrics();
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
