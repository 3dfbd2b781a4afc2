import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Min } from 'class-validator';
import { PAYMENT_METHOD_IDS, PaymentMethodId } from './payment-session.constants';
import { IsOmittable, KeepRaw } from './validators';

export class PaymentMethodDto {
  @ApiProperty({ enum: PAYMENT_METHOD_IDS, example: 'immediate_transfer' })
  @IsIn(PAYMENT_METHOD_IDS)
  id: PaymentMethodId;

  // From 0: the JS SDK 2.5.3 numbers the methods by their array index.
  @ApiPropertyOptional({ minimum: 0, example: 1, description: 'Display position in the Connect selector (0 or more).' })
  @KeepRaw()
  @IsOmittable()
  @IsInt()
  @Min(0)
  order?: number;
}
