import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../common/api-key.guard';
import { AdminListDeliveriesQueryDto, AdminListEndpointsQueryDto, pageSize } from './dto/notification-list-query.dto';
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
  @ApiOkResponse({ description: '`{ "data": [endpoints with merchant and deleted_at], "next_cursor": string | null }`' })
  async listEndpoints(@Query() query: AdminListEndpointsQueryDto) {
    const page = await this.endpoints.list(null, pageSize(query), query.cursor, query.merchant);
    return { data: page.endpoints.map(presentAdminEndpoint), next_cursor: page.nextCursor };
  }

  @Get('notification-deliveries')
  @ApiOperation({ summary: "Every merchant's notification deliveries, newest first; ?status=failed for those that gave up" })
  @ApiOkResponse({ description: '`{ "data": [deliveries with merchant], "next_cursor": string | null }`' })
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
  async redeliver(@Param('id') id: string) {
    const { delivery, eventType } = await this.deliveries.redeliver(id, null);
    return presentAdminDelivery(delivery, eventType);
  }
}
