import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../common/api-key.guard';
import { ApiPageResponse } from '../common/openapi/api-page-response.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { PaymentSession } from '../payments/entities/payment-session.entity';
import { presentEvent, presentSession } from '../payments/payment-session.presenter';
import { AdminRefundsReadModel } from '../refunds/admin-refunds.read-model';
import { presentAdminRefund } from '../refunds/refund.presenter';
import { AdminSessionsReadModel } from './admin-sessions.read-model';
import { AdminSessionFiltersDto, DEFAULT_PAGE_SIZE, ListAdminSessionsQueryDto } from './dto/admin-session-query.dto';
import { AdminPaymentSessionResponse, AdminPaymentSessionWithEventsResponse, SESSIONS_CSV_EXAMPLE } from './dto/admin-session.response';
import { filtersFromQuery } from './session-filters';
import { SESSION_CSV_HEADER, sessionCsvLine } from './sessions-csv';

const EXPORT_BATCH = 1000;

/** The session resource of contract §5, plus the merchant: admins see every merchant's sessions. */
export function presentAdminSession(session: PaymentSession) {
  return { ...presentSession(session), merchant: session.merchant };
}

@ApiTags('admin')
@RequireRole('admin')
@Controller('v1/admin/payment-sessions')
export class AdminSessionsController {
  private readonly logger = new Logger(AdminSessionsController.name);

  constructor(
    private readonly sessions: AdminSessionsReadModel,
    private readonly refunds: AdminRefundsReadModel,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List stored payment sessions, newest first',
    description:
      'Every filter is optional and they combine with AND. Keyset pagination: pass `next_cursor` back as `cursor` with the same filters; ' +
      'it is null on the last page. A cursor used with other filters, altered, or from before a restart (without CURSOR_SECRET) is a 400 invalid_cursor.',
  })
  @ApiPageResponse(AdminPaymentSessionResponse, 'A page of sessions, newest first.')
  @ApiProblemResponses(
    { status: 400, description: 'A parameter or the cursor is invalid (naming it).', codes: ['validation_failed', 'invalid_cursor'] },
    503,
  )
  async list(@Query() query: ListAdminSessionsQueryDto) {
    const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
    const page = await this.sessions.list(filtersFromQuery(query), limit, query.cursor);
    return { data: page.sessions.map(presentAdminSession), next_cursor: page.nextCursor };
  }

  // Declared before ':id', which would otherwise take "export" for an id.
  @Get('export')
  @ApiOperation({
    summary: 'Export the filtered sessions as CSV',
    description:
      'The same filters as the list, every matching session (no paging), newest first, streamed in batches. RFC 4180; ' +
      "cells starting with = + - @ are prefixed with ' so that spreadsheets do not run them. Rows are read batch by batch, " +
      'not from one snapshot: a session changing during the export shows its state when its batch was read.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'text/csv; charset=utf-8, as an attachment (Content-Disposition), a header line then one line per session.',
    schema: { type: 'string' },
    example: SESSIONS_CSV_EXAMPLE,
    headers: { 'Content-Disposition': { description: 'attachment; filename="payment-sessions-YYYY-MM-DD.csv"', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(
    { status: 400, description: 'A filter is invalid (naming it); nothing is streamed.' },
    { status: 503, description: 'The first batch could not be read; nothing is streamed.' },
  )
  async export(@Query() query: AdminSessionFiltersDto, @Res() res: Response): Promise<void> {
    const batches = this.sessions.batches(filtersFromQuery(query), EXPORT_BATCH);
    // The first batch is read before anything is sent, so a failure there still answers problem+json.
    let next = await batches.next();
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="payment-sessions-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      let open = res.write(SESSION_CSV_HEADER) || (await drained(res));
      while (open && !next.done) {
        open = res.write(next.value.map(sessionCsvLine).join('')) || (await drained(res));
        if (open) next = await batches.next();
      }
      if (open) res.end();
      else await batches.return(undefined);
    } catch (error) {
      // Headers are gone: the only honest signal left is to break the connection, so that a
      // truncated file can never be taken for a complete one.
      this.logger.error({ err: error }, 'CSV export failed after it started');
      await batches.return(undefined).catch(() => undefined);
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a stored session with its events and its refunds, oldest first' })
  @ApiParam({ name: 'id', description: "The service's id (UUID) or Fintecture's 32-hex session_id." })
  @ApiOkResponse({ type: AdminPaymentSessionWithEventsResponse, description: 'The session, its `events` and its `refunds`.' })
  @ApiProblemResponses(
    { status: 400, description: 'The id holds text no database can store (NUL, an unpaired surrogate).' },
    { status: 404, description: 'No such session.' },
    503,
  )
  async findOne(@Param('id') id: string) {
    const { session, events } = await this.sessions.findWithEvents(id);
    const refunds = await this.refunds.forSession(session.id);
    return { ...presentAdminSession(session), events: events.map(presentEvent), refunds: refunds.map(presentAdminRefund) };
  }
}

/** Resolves true when the response can take more, false when the client went away. */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (open: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(open);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
