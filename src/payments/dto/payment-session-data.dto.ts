import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Nested } from './composite-decorators';
import { PaymentSessionAttributesDto } from './payment-session-attributes.dto';
import { PAYMENT_SESSION_DATA_TYPES, PaymentSessionDataType } from './payment-session.constants';
import { IsOmittable } from './validators';

export class PaymentSessionDataDto {
  @ApiPropertyOptional({
    enum: PAYMENT_SESSION_DATA_TYPES,
    example: 'PIS',
    description: 'Optional, forwarded as given: each official client spells it its own way and Fintecture takes them all.',
  })
  @IsOmittable()
  @IsIn(PAYMENT_SESSION_DATA_TYPES)
  type?: PaymentSessionDataType;

  @Nested(() => PaymentSessionAttributesDto)
  attributes: PaymentSessionAttributesDto;
}
