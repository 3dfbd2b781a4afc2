import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class ListUnmatchedNoticesQueryDto {
  @ApiPropertyOptional({ description: 'Page size, 1–200 (default 50).', example: '50' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|1\d\d|200)$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: "The previous page's next_cursor. Opaque." })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,500}$/, { message: 'cursor is not a cursor this service gave' })
  cursor?: string;
}
