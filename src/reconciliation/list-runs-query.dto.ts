import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageCursorParam, PageLimitParam } from '../common/query-params.decorator';
import { RUN_STATUSES, RUN_TRIGGERS, RunStatus, RunTrigger } from './reconciliation-run.entity';

export class ListRunsQueryDto {
  @PageLimitParam()
  limit?: string;

  @PageCursorParam('The next_cursor of the previous page.')
  cursor?: string;

  @ApiPropertyOptional({ enum: RUN_TRIGGERS })
  @IsOptional()
  @IsIn(RUN_TRIGGERS, { message: 'trigger must be api, schedule or cli' })
  trigger?: RunTrigger;

  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `status must be one of ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;
}
