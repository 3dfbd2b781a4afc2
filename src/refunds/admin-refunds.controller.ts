import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/api-key.guard';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { ProblemException } from '../common/problem';
import { AdminRefundsQueryDto, DEFAULT_REFUND_PAGE_SIZE } from './dto/admin-refunds-query.dto';
import { AdminRefundDetailDto, AdminRefundPageDto } from './dto/refund-resource.dto';
import { AdminRefundsReadModel, refundFiltersFromQuery } from './admin-refunds.read-model';
import { presentAdminRefund, presentRefundEvent } from './refund.presenter';

@ApiTags('admin')
@RequireRole('admin')
@Controller('v1/admin/refunds')
export class AdminRefundsController {
  constructor(private readonly refunds: AdminRefundsReadModel) {}

  @Get()
  @ApiOperation({
    summary: "List every merchant's refunds, newest first",
    description:
      "Filters combine with AND: `status` (comma list), `created_from` (inclusive), `created_to` (exclusive), `session` (ours or Fintecture's id). " +
      'Keyset pages: pass `next_cursor` back as `cursor` with the same filters; it is null on the last page.',
  })
  @ApiOkResponse({ type: AdminRefundPageDto })
  @ApiProblemResponses(
    { status: 400, description: 'A parameter or the cursor is invalid (naming it).', codes: ['validation_failed', 'invalid_cursor'] },
    503,
  )
  list(@Query() query: AdminRefundsQueryDto) {
    const limit = query.limit === undefined ? DEFAULT_REFUND_PAGE_SIZE : Number(query.limit);
    return this.refunds
      .list(refundFiltersFromQuery(query), limit, query.cursor)
      .then((page) => ({ data: page.refunds.map(presentAdminRefund), next_cursor: page.nextCursor }));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a refund with its events, oldest first' })
  @ApiParam({ name: 'id', description: 'The refund id (UUID).' })
  @ApiOkResponse({ type: AdminRefundDetailDto })
  @ApiProblemResponses({ status: 404, description: 'No such refund.' }, 503)
  async findOne(@Param('id') id: string) {
    const found = await this.refunds.findWithEvents(id);
    if (!found) throw new ProblemException(404, 'not_found', `No refund ${id}.`);
    return { ...presentAdminRefund(found.refund), events: found.events.map(presentRefundEvent) };
  }
}
