import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/api-key.guard';
import { presentSession } from '../payments/payment-session.presenter';
import { PaymentSessionsService } from '../payments/payment-sessions.service';
import { ConsoleOverviewService } from './console-overview.service';

const ID_PARAM = { name: 'id', description: "The service's id (UUID) or Fintecture's 32-hex session_id." };

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
  overview(@Query('today_from') todayFrom?: string, @Query('week_from') weekFrom?: string) {
    return this.overviews.overview(todayFrom, weekFrom);
  }

  @Post('payment-sessions/:id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: "Ask Fintecture for a session's status now and apply it" })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ description: 'The session as it is now.' })
  async refresh(@Param('id') id: string) {
    const session = await this.sessions.findForCaller(id, null);
    return presentSession(await this.sessions.refresh(session));
  }

  @Post('payment-sessions/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an unpaid session at Fintecture' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ description: 'The cancelled session.' })
  @ApiConflictResponse({ description: 'The session is paid or otherwise final.' })
  async cancel(@Param('id') id: string) {
    const session = await this.sessions.findForCaller(id, null);
    return presentSession(await this.sessions.cancel(session));
  }
}
