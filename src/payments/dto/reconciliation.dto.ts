import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { DEFAULT_MAX_LENGTH, RECONCILIATION_LEVELS, ReconciliationLevel } from './payment-session.constants';
import { AllowedOnlyWhen, IsOmittable, KeepRaw } from './validators';

export class ReconciliationDto {
  @ApiPropertyOptional({
    enum: RECONCILIATION_LEVELS,
    default: 'payer',
    description: 'Smart Transfer matching level. Fintecture uses `payer` when omitted.',
  })
  @IsOmittable()
  @IsIn(RECONCILIATION_LEVELS)
  level?: ReconciliationLevel;

  @ApiPropertyOptional({
    example: 'CUST-881',
    maxLength: DEFAULT_MAX_LENGTH,
    description: 'Required when level is `key`, refused otherwise.',
  })
  @ValidateIf((o: ReconciliationDto) => o.level === 'key' || o.key !== undefined)
  @IsNotEmpty({ message: "key is required when level is 'key'" })
  @IsString()
  @MaxLength(DEFAULT_MAX_LENGTH)
  @AllowedOnlyWhen((o: ReconciliationDto) => o.level === 'key', "level is 'key'")
  key?: string;

  // Magento 2's custom reconciliation field sends it with level `key` too, and Fintecture takes it.
  @ApiPropertyOptional({ example: true, description: 'Only with level `payment_session` or `key`.' })
  @KeepRaw()
  @IsOmittable()
  @IsBoolean()
  @AllowedOnlyWhen((o: ReconciliationDto) => o.level === 'payment_session' || o.level === 'key', "level is 'payment_session' or 'key'")
  match_amount?: boolean;
}
