import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { BeneficiaryDto } from './beneficiary.dto';
import { OptionalBoundedText, OptionalNested } from './composite-decorators';
import {
  DEBITED_ACCOUNT_TYPES,
  DebitedAccountType,
  DEFAULT_MAX_LENGTH,
  PAYMENT_SCHEMES,
  PaymentScheme,
  SUPPORTED_CURRENCIES,
  SupportedCurrency,
} from './payment-session.constants';
import { IsAmountNotAbove, IsAmountString, IsOmittable, IsRealIsoDate, KeepRaw } from './validators';

const AMOUNT_DOCS =
  'Decimal string, at most 2 decimals, at least 0.01 ("42.50", "10", "10.5"). A JSON number (42.5) is accepted when its literal ' +
  'has at most 2 decimals: it is read from the request text, never through a float, and forwarded as written.';

export class PaymentSessionAttributesDto {
  @ApiProperty({ example: '42.50', pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$', description: AMOUNT_DOCS })
  @KeepRaw()
  @IsAmountString()
  amount: string;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'EUR' })
  @IsIn(SUPPORTED_CURRENCIES, { message: `currency must be one of ${SUPPORTED_CURRENCIES.join(', ')} (uppercase)` })
  currency: SupportedCurrency;

  // 140 is the SEPA unstructured remittance limit; whether Fintecture enforces it is unknown,
  // but a longer text would be truncated by the banks anyway.
  @OptionalBoundedText(140, { example: 'ORDER-2026-0042', description: 'Reference shown on the payer statement (SEPA limit: 140 characters).' })
  communication?: string;

  @OptionalBoundedText(35, { description: 'SEPA end-to-end id (35 characters at most).' })
  end_to_end_id?: string;

  // No "not in the past" rule: it depends on a time zone the caller knows better than we do.
  @ApiPropertyOptional({ example: '2026-12-31', format: 'date', description: 'Deferred execution date, YYYY-MM-DD.' })
  @IsOmittable()
  @IsRealIsoDate()
  execution_date?: string;

  @ApiPropertyOptional({ enum: PAYMENT_SCHEMES, example: 'AUTO' })
  @IsOmittable()
  @IsIn(PAYMENT_SCHEMES)
  scheme?: PaymentScheme;

  @OptionalNested(() => BeneficiaryDto, {
    description: 'Only for accounts that pay out to third parties; e-commerce merchants are paid to their own account.',
  })
  beneficiary?: BeneficiaryDto;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { description: 'Pre-selected payer account.' })
  debited_account_id?: string;

  @ApiPropertyOptional({ enum: DEBITED_ACCOUNT_TYPES })
  @IsOmittable()
  @IsIn(DEBITED_ACCOUNT_TYPES)
  debited_account_type?: DebitedAccountType;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { example: 'CMD-2026-0042', description: 'Merchant reference.' })
  external_reference?: string;

  @ApiPropertyOptional({
    example: '3000.00',
    description: 'Buy Now Pay Later: amount excluding tax. Same format as amount, and not above it.',
  })
  @KeepRaw()
  @IsOmittable()
  @IsAmountString()
  @IsAmountNotAbove('amount')
  net_amount?: string;
}
