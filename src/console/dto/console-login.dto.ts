import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ConsoleLoginDto {
  @ApiProperty({ description: 'An admin API key (ADMIN_API_KEYS).', example: 'dev-admin-key' })
  @IsString()
  @Length(1, 512, { message: 'key must be 1 to 512 characters' })
  key: string;
}
