import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { AddressDto } from './address.dto';
import { BoundedText, OptionalBoundedText } from './composite-decorators';
import { BIC, DEFAULT_MAX_LENGTH, IBAN } from './payment-session.constants';

/** Only for accounts that pay out to third parties; e-commerce merchants are paid to their own account. */
export class BeneficiaryDto extends AddressDto {
  @BoundedText(DEFAULT_MAX_LENGTH, { example: 'Boutique Dupré SAS' })
  name: string;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { example: 'SAS' })
  form?: string;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { example: '123456789' })
  incorporation?: string;

  @ApiProperty({
    example: 'FR7630006000011234567890189',
    pattern: IBAN.source,
    description: 'Electronic format: uppercase, no spaces. Only the shape is checked, not the checksum.',
  })
  @IsString()
  @Matches(IBAN, { message: 'iban must be 2 uppercase letters, 2 digits and up to 30 uppercase letters or digits, without spaces' })
  iban: string;

  @ApiProperty({ example: 'AGRIFRPP', pattern: BIC.source, description: 'BIC of 8 or 11 characters.' })
  @IsString()
  @Matches(BIC, { message: 'swift_bic must be a BIC of 8 or 11 uppercase letters or digits' })
  swift_bic: string;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { example: 'Crédit Agricole' })
  bank_name?: string;
}
