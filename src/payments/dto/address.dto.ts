import { BoundedText, CountryCode, OptionalBoundedText, OptionalText } from './composite-decorators';
import { DEFAULT_MAX_LENGTH, SHORT_MAX_LENGTH, ZIP_MAX_LENGTH } from './payment-session.constants';

/** A postal address as Fintecture reads it, for the payer and for a beneficiary alike. */
export abstract class AddressDto {
  @BoundedText(DEFAULT_MAX_LENGTH, { example: 'rue des Lilas' })
  street: string;

  // Older Magento 2 versions send "" for both.
  @OptionalText(SHORT_MAX_LENGTH, { example: '12', description: 'Street number, e.g. "12" or "12 bis"; may be empty.' })
  number?: string;

  @OptionalText(DEFAULT_MAX_LENGTH, { example: 'Bâtiment B, 3e étage', description: 'May be empty.' })
  complement?: string;

  @BoundedText(ZIP_MAX_LENGTH, { example: '75011' })
  zip: string;

  @BoundedText(DEFAULT_MAX_LENGTH, { example: 'Paris' })
  city: string;

  @CountryCode()
  country: string;
}

export class PsuAddressDto extends AddressDto {
  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { example: 'Jeanne Dupré', description: 'Name on the address (the JS SDK declares it).' })
  name?: string;
}
