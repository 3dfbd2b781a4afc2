import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Text exposition format. Not authenticated, like the health probes: expose it on an internal network only.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The metrics of this instance (payment_sessions_open counts the whole database).' })
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.metrics.registry.metrics();
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
