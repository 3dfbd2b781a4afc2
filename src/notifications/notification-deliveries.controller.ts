import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest, RequireRole } from '../common/api-key.guard';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { NotificationDeliveryResponse } from './dto/notification.response';
import { presentDelivery } from './notification.presenter';
import { NotificationDeliveriesService } from './notification-deliveries.service';

@ApiTags('notifications')
@RequireRole('merchant')
@Controller('v1/notification-deliveries')
export class NotificationDeliveriesController {
  constructor(private readonly deliveries: NotificationDeliveriesService) {}

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiParam({ name: 'id', description: 'The delivery id.' })
  @ApiOperation({ summary: 'Send a delivery again now (same event id and body, fresh signature), whatever it ended as' })
  @ApiAcceptedResponse({ type: NotificationDeliveryResponse, description: 'The delivery, pending again.' })
  @ApiProblemResponses(
    { status: 400, description: 'The id holds text no database can store (NUL, an unpaired surrogate).' },
    { status: 404, description: 'No such delivery for this merchant.' },
    { status: 409, description: 'Its endpoint was deleted.', codes: ['endpoint_deleted'] },
    503,
  )
  async redeliver(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    const { delivery, eventType } = await this.deliveries.redeliver(id, req.caller!.label);
    return presentDelivery(delivery, eventType);
  }
}
