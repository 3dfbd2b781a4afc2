import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class GetPaymentSessionQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Ask Fintecture for the current status before answering.' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'refresh must be true or false' })
  refresh?: 'true' | 'false';
}
