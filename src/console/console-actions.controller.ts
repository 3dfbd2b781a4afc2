import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/api-key.guard';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { PaymentSessionResponse } from '../payments/dto/payment-session.response';
import { presentSession } from '../payments/payment-session.presenter';
import { PaymentSessionsService } from '../payments/payment-sessions.service';
import { ConsoleOverviewService } from './console-overview.service';
import { ConsoleOverviewResponse } from './dto/console.response';

const ID_PARAM = { name: 'id', description: "The service's id (UUID) or Fintecture's 32-hex session_id." };
const BAD_ID = { status: 400, description: 'The id holds text no database can store (NUL, an unpaired surrogate).' } as const;
const NOT_FOUND = { status: 404, description: 'No such session.' } as const;

/**
 * What the console needs beyond the admin API: the overview's figures, and refresh and cancel on
 * any merchant's session (the merchant routes only reach the caller's own). Admin key or console
 * session; state-changing calls from the console carry its CSRF token.
 */
@ApiTags('admin console')
@RequireRole('admin')
@Controller('admin/api')
export class ConsoleActionsController {
  constructor(
    private readonly overviews: ConsoleOverviewService,
    private readonly sessions: PaymentSessionsService,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary: "Counts and amounts per outcome since the viewer's midnight and over the last 7 days, open sessions by age",
    description: 'today_from and week_from: ISO 8601 date-times with offset (the local midnights of the viewer).',
  })
  @ApiOkResponse({ type: ConsoleOverviewResponse, description: 'The figures.' })
  @ApiProblemResponses(
    { status: 400, description: 'today_from or week_from is missing or not a date-time with offset, or the range is over 31 days.' },
    503,
  )
  overview(@Query('today_from') todayFrom?: string, @Query('week_from') weekFrom?: string) {
    return this.overviews.overview(todayFrom, weekFrom);
  }

  @Post('payment-sessions/:id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: "Ask Fintecture for a session's status now and apply it" })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PaymentSessionResponse, description: 'The session as it is now.' })
  @ApiProblemResponses(
    BAD_ID,
    NOT_FOUND,
    { status: 422, description: 'Fintecture refused the read.' },
    { status: 502, description: 'Fintecture failed.' },
    503,
    { status: 504, description: 'Fintecture did not answer in time.' },
  )
  async refresh(@Param('id') id: string) {
    const session = await this.sessions.findForCaller(id, null);
    return presentSession(await this.sessions.refresh(session));
  }

  @Post('payment-sessions/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an unpaid session at Fintecture' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PaymentSessionResponse, description: 'The cancelled session.' })
  @ApiProblemResponses(
    BAD_ID,
    NOT_FOUND,
    { status: 409, description: 'The session is paid or otherwise final.' },
    { status: 422, description: 'Fintecture refused the cancel.' },
    { status: 502, description: 'Fintecture failed.' },
    503,
    { status: 504, description: 'Fintecture did not answer in time.' },
  )
  async cancel(@Param('id') id: string) {
    const session = await this.sessions.findForCaller(id, null);
    return presentSession(await this.sessions.cancel(session));
  }
}
