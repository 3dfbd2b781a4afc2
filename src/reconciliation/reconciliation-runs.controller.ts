import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { RequireRole } from '../common/api-key.guard';
import { UUID_PATTERN } from '../common/ids';
import { ProblemException, ValidationFailedException } from '../common/problem';
import { ListRunsQueryDto } from './list-runs-query.dto';
import { ReconciliationRun } from './reconciliation-run.entity';
import { presentRun } from './reconciliation-run.presenter';
import { ReconciliationService } from './reconciliation.service';
import { summaryOf } from './run-tally';

@ApiTags('admin')
@RequireRole('admin')
@Controller('v1/admin/reconciliation-runs')
export class ReconciliationRunsController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    @InjectRepository(ReconciliationRun) private readonly runs: Repository<ReconciliationRun>,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Run a reconciliation pass now',
    description:
      'Asks Fintecture about every open session that is due, applies what it learns and answers the run: sessions checked, changed, unchanged, in error, and the discrepancies found.',
  })
  @ApiCreatedResponse({ description: 'The finished run (its status says whether it was interrupted or failed).' })
  async run(@Res({ passthrough: true }) res: Response) {
    const summary = await this.reconciliation.runPass('api');
    res.location(`/v1/admin/reconciliation-runs/${summary.id}`);
    return presentRun(summary);
  }

  @Get()
  @ApiOperation({ summary: 'Past reconciliation runs, newest first', description: 'Counts only; a run by id lists its discrepancies.' })
  @ApiOkResponse({ description: '{ data: [runs], next_cursor }' })
  async list(@Query() query: ListRunsQueryDto) {
    const limit = query.limit ? Number(query.limit) : 50;
    const builder = this.runs.createQueryBuilder('r').orderBy('r.id', 'DESC').limit(limit + 1);
    if (query.cursor) builder.andWhere('r.id < :before', { before: decodeCursor(query.cursor) });
    if (query.trigger) builder.andWhere('r.trigger = :trigger', { trigger: query.trigger });
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    return {
      data: page.map((run) => presentRun(summaryOf(run), false)),
      next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1].id) : null,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reconciliation run, with its discrepancies' })
  @ApiParam({ name: 'id', description: 'The run id (UUID).' })
  @ApiOkResponse({ description: 'The run.' })
  @ApiNotFoundResponse({ description: 'No such run.' })
  async findOne(@Param('id') id: string) {
    const run = UUID_PATTERN.test(id) ? await this.runs.findOneBy({ id }) : null;
    if (!run) throw new ProblemException(404, 'not_found', `No reconciliation run ${id}.`);
    return presentRun(summaryOf(run));
  }
}

/** Ids are UUIDv7, so "older than the last one shown" is the whole keyset. */
function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID_PATTERN.test(id)) throw new ValidationFailedException([{ field: 'query.cursor', message: 'cursor is not a cursor this service gave' }]);
  return id;
}
