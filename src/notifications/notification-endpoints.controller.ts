import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedRequest, RequireRole } from '../common/api-key.guard';
import { ApiPageResponse } from '../common/openapi/api-page-response.decorator';
import { ApiProblemResponses } from '../common/openapi/api-problem-responses.decorator';
import { CreateNotificationEndpointDto } from './dto/create-notification-endpoint.dto';
import { ListDeliveriesQueryDto, PageQueryDto, pageSize } from './dto/notification-list-query.dto';
import { NotificationDeliveryResponse, NotificationEndpointResponse, NotificationEndpointWithSecretResponse } from './dto/notification.response';
import { presentDelivery, presentEndpoint } from './notification.presenter';
import { NotificationDeliveriesService } from './notification-deliveries.service';
import { NotificationEndpointsService } from './notification-endpoints.service';

const ID_PARAM = { name: 'id', description: 'The endpoint id.' };
const NOT_FOUND = { status: 404, description: "No such endpoint for this merchant (another merchant's included)." } as const;
const BAD_ID = { status: 400, description: 'The id holds text no database can store (NUL, an unpaired surrogate).' } as const;
const BAD_PAGE = { status: 400, description: 'A parameter or the cursor is invalid (naming it).' } as const;

@ApiTags('notifications')
@RequireRole('merchant')
@Controller('v1/notification-endpoints')
export class NotificationEndpointsController {
  constructor(
    private readonly endpoints: NotificationEndpointsService,
    private readonly deliveries: NotificationDeliveriesService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint that receives signed notifications of payment changes',
    description: 'The answer carries `secret` (whsec_…), shown here and on rotation only: the key to verify the Standard Webhooks signatures.',
  })
  @ApiCreatedResponse({
    type: NotificationEndpointWithSecretResponse,
    description: 'The endpoint, with its secret.',
    headers: { Location: { description: '/v1/notification-endpoints/{id}', schema: { type: 'string' } } },
  })
  @ApiProblemResponses(
    {
      status: 400,
      description: 'Invalid body: every wrong field named (a URL the rules refuse, an unknown event type…).',
      codes: ['validation_failed', 'malformed_body'],
    },
    { status: 409, description: 'This merchant has as many endpoints as allowed.', codes: ['too_many_endpoints'] },
    413,
    503,
  )
  async create(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response, @Body() body: CreateNotificationEndpointDto) {
    const endpoint = await this.endpoints.create(req.caller!.label, body);
    res.location(`/v1/notification-endpoints/${endpoint.id}`);
    return presentEndpoint(endpoint, { withSecret: true });
  }

  @Get()
  @ApiOperation({ summary: "List this merchant's endpoints, newest first" })
  @ApiPageResponse(NotificationEndpointResponse, 'A page of endpoints, newest first.')
  @ApiProblemResponses(BAD_PAGE, 503)
  async list(@Req() req: AuthenticatedRequest, @Query() query: PageQueryDto) {
    const page = await this.endpoints.list(req.caller!.label, pageSize(query), query.cursor);
    return { data: page.endpoints.map((e) => presentEndpoint(e)), next_cursor: page.nextCursor };
  }

  @Get(':id')
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'Read an endpoint (without its secret)' })
  @ApiOkResponse({ type: NotificationEndpointResponse, description: 'The endpoint.' })
  @ApiProblemResponses(BAD_ID, NOT_FOUND, 503)
  async findOne(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return presentEndpoint(await this.endpoints.findOwned(id, req.caller!.label));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: 'Delete an endpoint: nothing more is sent to it, its pending deliveries are failed' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponses(BAD_ID, NOT_FOUND, 503)
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(id, req.caller!.label);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiParam(ID_PARAM)
  @ApiOperation({
    summary: 'Replace the signing secret',
    description: 'The answer carries the new `secret`; the previous one keeps signing beside it for 24 h (two signatures in webhook-signature).',
  })
  @ApiOkResponse({ type: NotificationEndpointWithSecretResponse, description: 'The endpoint with its new secret.' })
  @ApiProblemResponses(BAD_ID, NOT_FOUND, 503)
  async rotate(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return presentEndpoint(await this.endpoints.rotateSecret(id, req.caller!.label), { withSecret: true });
  }

  @Get(':id/deliveries')
  @ApiParam(ID_PARAM)
  @ApiOperation({ summary: "The endpoint's deliveries, newest first: status, attempts, last HTTP status, next attempt" })
  @ApiPageResponse(NotificationDeliveryResponse, 'A page of deliveries, newest first.')
  @ApiProblemResponses(BAD_PAGE, NOT_FOUND, 503)
  async listDeliveries(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Query() query: ListDeliveriesQueryDto) {
    const endpoint = await this.endpoints.findOwned(id, req.caller!.label);
    const page = await this.deliveries.list(
      { merchant: req.caller!.label, endpointId: endpoint.id, status: query.status },
      pageSize(query),
      query.cursor,
    );
    return { data: page.deliveries.map((d) => presentDelivery(d.delivery, d.eventType)), next_cursor: page.nextCursor };
  }
}
