import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DELIVERY_STATUSES, DeliveryStatus } from '../notification-types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LABEL = /^[A-Za-z0-9._-]{1,64}$/;

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Page size, 1–200 (default 50).', example: '50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.' })
  @IsOptional()
  @Matches(UUID, { message: 'cursor is not a cursor this service gave' })
  cursor?: string;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}

export class AdminListEndpointsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "A merchant key's label." })
  @IsOptional()
  @Matches(LABEL, { message: 'merchant must be a merchant label' })
  merchant?: string;
}

export class AdminListDeliveriesQueryDto extends ListDeliveriesQueryDto {
  @ApiPropertyOptional({ description: "A merchant key's label." })
  @IsOptional()
  @Matches(LABEL, { message: 'merchant must be a merchant label' })
  merchant?: string;

  @ApiPropertyOptional({ description: 'Only the deliveries to this endpoint.' })
  @IsOptional()
  @Matches(UUID, { message: 'endpoint_id must be an endpoint id' })
  endpoint_id?: string;
}

export function pageSize(query: PageQueryDto): number {
  return query.limit === undefined ? 50 : Number(query.limit);
}
