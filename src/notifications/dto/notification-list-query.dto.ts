import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageCursorParam, PageLimitParam } from '../../common/query-params.decorator';
import { DELIVERY_STATUSES, DeliveryStatus } from '../notification-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LABEL = /^[A-Za-z0-9._-]{1,64}$/;

/** The admin lists narrow to one merchant by its key's label. */
function MerchantLabelParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: "A merchant key's label." }),
    IsOptional(),
    Matches(LABEL, { message: 'merchant must be a merchant label' }),
  );
}

export class PageQueryDto {
  @PageLimitParam()
  limit?: string;

  @PageCursorParam('The next_cursor of the previous page.', UUID)
  cursor?: string;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}

export class AdminListEndpointsQueryDto extends PageQueryDto {
  @MerchantLabelParam()
  merchant?: string;
}

export class AdminListDeliveriesQueryDto extends ListDeliveriesQueryDto {
  @MerchantLabelParam()
  merchant?: string;

  @ApiPropertyOptional({ description: 'Only the deliveries to this endpoint.' })
  @IsOptional()
  @Matches(UUID, { message: 'endpoint_id must be an endpoint id' })
  endpoint_id?: string;
}

export function pageSize(query: PageQueryDto): number {
  return query.limit === undefined ? 50 : Number(query.limit);
}
