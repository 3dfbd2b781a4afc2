import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { RUN_STATUSES, RUN_TRIGGERS, RunStatus, RunTrigger } from './reconciliation-run.entity';

export class ListRunsQueryDto {
  @ApiPropertyOptional({ description: 'Page size, 1–200 (default 50).', example: '50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: 'cursor is not a cursor this service gave' })
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
