import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class ListRunsQueryDto {
  @ApiPropertyOptional({ description: 'Page size, 1–200 (default 50).', example: '50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'The next_cursor of the previous page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: 'cursor is not a cursor this service gave' })
  cursor?: string;

  @ApiPropertyOptional({ enum: ['api', 'schedule', 'cli'] })
  @IsOptional()
  @IsIn(['api', 'schedule', 'cli'], { message: 'trigger must be api, schedule or cli' })
  trigger?: 'api' | 'schedule' | 'cli';

  @ApiPropertyOptional({ enum: ['running', 'finished', 'interrupted', 'failed'] })
  @IsOptional()
  @IsIn(['running', 'finished', 'interrupted', 'failed'], { message: 'status must be running, finished, interrupted or failed' })
  status?: 'running' | 'finished' | 'interrupted' | 'failed';
}
