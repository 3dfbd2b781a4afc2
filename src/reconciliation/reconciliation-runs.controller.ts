import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { RequireRole } from '../common/api-key.guard';
import { CursorCodec, InvalidCursorException } from '../common/cursor-codec';
import { ApiPageResponse } from '../common/openapi/api-page-response.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { UUID_PATTERN } from '../common/ids';
import { ProblemException, ValidationFailedException } from '../common/problem';
import { AppConfig } from '../config/configuration';
import { ListRunsQueryDto } from './list-runs-query.dto';
import { OptionalBody } from './optional-body';
import { ReconciliationRun } from './reconciliation-run.entity';
import { presentRun } from './reconciliation-run.presenter';
import { ReconciliationRunResponse, ReconciliationRunSummaryResponse } from './reconciliation-run.response';
import { ReconciliationService } from './reconciliation.service';
import { runFilters } from './run-scope';
import { summaryOf } from './run-tally';
import { StartRunDto } from './start-run.dto';

const RUNS_CURSOR_SCOPE = 'reconciliation.runs';
const RUNS_FILTERS_DIGEST = 'any';

@ApiTags('admin')
@RequireRole('admin')
@Controller('v1/admin/reconciliation-runs')
export class ReconciliationRunsController {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly reconciliation: ReconciliationService,
    @InjectRepository(ReconciliationRun) private readonly runs: Repository<ReconciliationRun>,
    config: ConfigService<AppConfig, true>,
  ) {
    this.cursors = new CursorCodec(config.get('cursorSecret', { infer: true }), RUNS_CURSOR_SCOPE);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a reconciliation pass now',
    description:
      'Starts a pass in the background over what the body asks (default: every open session, due or not) and answers the run as recorded, ' +
      'status running, with its Location; GET that Location for its progress (counts as of its last heartbeat) and its result: sessions ' +
      'checked, changed, unchanged, in error, and the discrepancies found.',
  })
  @ApiBody({ type: StartRunDto, required: false })
  @ApiAcceptedResponse({
    type: ReconciliationRunResponse,
    description: 'The run, status running.',
    headers: { Location: { description: '/v1/admin/reconciliation-runs/{id}', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(
    { status: 400, description: 'An invalid scope, date or session id (naming it).', codes: ['validation_failed', 'malformed_body'] },
    413,
    { status: 503, description: 'The service is shutting down, or its database cannot be reached: no pass was started.' },
  )
  async run(@OptionalBody() body: StartRunDto, @Res({ passthrough: true }) res: Response) {
    const summary = await this.reconciliation.startPass('api', { scope: body.scope ?? 'open', filters: runFilters(body) });
    res.location(`/v1/admin/reconciliation-runs/${summary.id}`);
    return presentRun(summary);
  }

  @Get()
  @ApiOperation({ summary: 'Past reconciliation runs, newest first', description: 'Counts only; a run by id lists its discrepancies.' })
  @ApiPageResponse(ReconciliationRunSummaryResponse, 'A page of runs, newest first, without their discrepancies.')
  @ApiProblemResponses({ status: 400, description: 'A parameter or the cursor is invalid (naming it).' }, 503)
  async list(@Query() query: ListRunsQueryDto) {
    const limit = query.limit ? Number(query.limit) : 50;
    const builder = this.runs
      .createQueryBuilder('r')
      .orderBy('r.id', 'DESC')
      .limit(limit + 1);
    if (query.cursor) builder.andWhere('r.id < :before', { before: this.decodeCursor(query.cursor) });
    if (query.trigger) builder.andWhere('r.trigger = :trigger', { trigger: query.trigger });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    return {
      data: page.map((run) => presentRun(summaryOf(run), false)),
      next_cursor: rows.length > limit ? this.encodeCursor(page[page.length - 1]) : null,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reconciliation run, with its discrepancies; while it runs, its progress' })
  @ApiParam({ name: 'id', description: 'The run id (UUID).' })
  @ApiOkResponse({ type: ReconciliationRunResponse, description: 'The run.' })
  @ApiProblemResponses({ status: 404, description: 'No such run.' }, 503)
  async findOne(@Param('id') id: string) {
    const run = UUID_PATTERN.test(id) ? await this.runs.findOneBy({ id }) : null;
    if (!run) throw new ProblemException(404, 'not_found', `No reconciliation run ${id}.`);
    return presentRun(summaryOf(run));
  }

  /**
   * Run ids are UUIDv7, so "older than the last one shown" is the whole keyset; the start time
   * rides along only because the codec's positions have one. Not bound to the filters (it never
   * was), and refused as this listing always refused a cursor: a validation error on query.cursor.
   */
  private encodeCursor(run: ReconciliationRun): string {
    return this.cursors.encode({ createdAt: run.startedAt, id: run.id }, RUNS_FILTERS_DIGEST);
  }

  private decodeCursor(cursor: string): string {
    try {
      return this.cursors.decode(cursor, RUNS_FILTERS_DIGEST).id;
    } catch (error) {
      if (!(error instanceof InvalidCursorException)) throw error;
      throw new ValidationFailedException([{ field: 'query.cursor', message: 'cursor is not a cursor this service gave' }]);
    }
  }
}
