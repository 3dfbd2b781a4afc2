import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ApiPublic } from '../common/openapi/api-public.decorator';
import { HealthCheckResponse } from './health-check.response';

// Documented here rather than by terminus: a failed check leaves through the error filter, as a problem.
const HEALTH_CHECK = { noCache: true, swaggerDocumentation: false };
const MALFORMED_QUERY = { status: 400, description: 'A malformed query string (broken percent-encoding).' } as const;

@ApiTags('operations')
@ApiPublic()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependency is checked).' })
  @ApiOkResponse({ type: HealthCheckResponse, description: 'Up.', example: { status: 'ok', info: {}, error: {}, details: {} } })
  @ApiProblemResponses(MALFORMED_QUERY, { status: 503, description: 'The service is shutting down.' })
  @HealthCheck(HEALTH_CHECK)
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'The service can take traffic: its database answers.' })
  @ApiOkResponse({ type: HealthCheckResponse, description: 'Ready: the database answered.' })
  @ApiProblemResponses(MALFORMED_QUERY, { status: 503, description: 'The database did not answer within 2 s, or the service is shutting down.' })
  @HealthCheck(HEALTH_CHECK)
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 })]);
  }
}
