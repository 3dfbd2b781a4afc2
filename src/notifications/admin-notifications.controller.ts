import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/api-key.guard';
import { ApiPageResponse } from '../common/openapi/api-page-response.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { AdminListDeliveriesQueryDto, AdminListEndpointsQueryDto, pageSize } from './dto/notification-list-query.dto';
import { AdminNotificationDeliveryResponse, AdminNotificationEndpointResponse } from './dto/notification.response';

const BAD_PAGE = { status: 400, description: 'A parameter or the cursor is invalid (naming it).' } as const;
import { presentAdminDelivery, presentAdminEndpoint } from './notification.presenter';
import { NotificationDeliveriesService } from './notification-deliveries.service';
import { NotificationEndpointsService } from './notification-endpoints.service';

/** Every merchant's endpoints (deleted ones included, never a secret) and deliveries. */
@ApiTags('admin')
@RequireRole('admin')
@Controller('v1/admin')
export class AdminNotificationsController {
  constructor(
    private readonly endpoints: NotificationEndpointsService,
    private readonly deliveries: NotificationDeliveriesService,
  ) {}

  @Get('notification-endpoints')
  @ApiOperation({ summary: "Every merchant's notification endpoints, newest first (secrets are never shown)" })
  @ApiPageResponse(AdminNotificationEndpointResponse, 'A page of endpoints, with merchant and deleted_at, newest first.')
  @ApiProblemResponses(BAD_PAGE, 503)
  async listEndpoints(@Query() query: AdminListEndpointsQueryDto) {
    const page = await this.endpoints.list(null, pageSize(query), query.cursor, query.merchant);
    return { data: page.endpoints.map(presentAdminEndpoint), next_cursor: page.nextCursor };
  }

  @Get('notification-deliveries')
  @ApiOperation({ summary: "Every merchant's notification deliveries, newest first; ?status=failed for those that gave up" })
  @ApiPageResponse(AdminNotificationDeliveryResponse, 'A page of deliveries, with merchant, newest first.')
  @ApiProblemResponses(BAD_PAGE, 503)
  async listDeliveries(@Query() query: AdminListDeliveriesQueryDto) {
    const page = await this.deliveries.list(
      { merchant: query.merchant ?? null, endpointId: query.endpoint_id, status: query.status },
      pageSize(query),
      query.cursor,
    );
    return { data: page.deliveries.map((d) => presentAdminDelivery(d.delivery, d.eventType)), next_cursor: page.nextCursor };
  }

  @Post('notification-deliveries/:id/redeliver')
  @HttpCode(202)
  @ApiParam({ name: 'id', description: 'The delivery id.' })
  @ApiOperation({ summary: "Send any merchant's delivery again now" })
  @ApiAcceptedResponse({ type: AdminNotificationDeliveryResponse, description: 'The delivery, pending again.' })
  @ApiProblemResponses(
    { status: 400, description: 'The id holds text no database can store (NUL, an unpaired surrogate).' },
    { status: 404, description: 'No such delivery.' },
    { status: 409, description: 'Its endpoint was deleted.', codes: ['endpoint_deleted'] },
    503,
  )
  async redeliver(@Param('id') id: string) {
    const { delivery, eventType } = await this.deliveries.redeliver(id, null);
    return presentAdminDelivery(delivery, eventType);
  }
}
