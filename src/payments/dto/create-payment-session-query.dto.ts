import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { IsOmittable } from './validators';

export const STATE_MAX_LENGTH = 512;
export const URI_MAX_LENGTH = 2048;

// Kept as the strings Fintecture receives: the query is forwarded as given and must match the
// signed (request-target) byte for byte, so converting to booleans and back would gain nothing.
export const QUERY_BOOLEAN_VALUES = ['true', 'false'] as const;
export type QueryBoolean = (typeof QUERY_BOOLEAN_VALUES)[number];

// C0, DEL and C1 controls: they have no place in a value echoed back into redirects and logs.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F-\u009F]*$/;

const ABSOLUTE_HTTP_URL = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_host: true,
  // Lets http://localhost:3000/... through for local and emulator runs; Fintecture still
  // refuses a redirect_uri that is not registered on the app.
  require_tld: false,
};

export class CreatePaymentSessionQueryDto {
  // 512 comes from the Create a Payment Session page only; no SDK enforces it.
  @ApiProperty({
    minLength: 1,
    maxLength: STATE_MAX_LENGTH,
    example: 'order-2026-0042',
    description:
      'Opaque merchant value echoed back on the redirect and in webhooks. 1 to 512 characters, no control characters; keep it short and URL-safe.',
  })
  @IsString()
  @IsNotEmpty()
  @Length(1, STATE_MAX_LENGTH)
  @Matches(NO_CONTROL_CHARACTERS, { message: 'state must not contain control characters' })
  state: string;

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: URI_MAX_LENGTH,
    example: 'https://boutique.example.fr/paiement/retour',
    description: 'Where the payer lands after the bank step; must be registered on the Fintecture app.',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(URI_MAX_LENGTH)
  @IsUrl(ABSOLUTE_HTTP_URL, { message: 'redirect_uri must be an absolute http(s) URL' })
  redirect_uri?: string;

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: URI_MAX_LENGTH,
    example: 'https://boutique.example.fr/panier',
    description: 'Where the payer is sent if they leave Connect.',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(URI_MAX_LENGTH)
  @IsUrl(ABSOLUTE_HTTP_URL, { message: 'origin_uri must be an absolute http(s) URL' })
  origin_uri?: string;

  @ApiPropertyOptional({ enum: QUERY_BOOLEAN_VALUES, description: 'Return the beneficiary in the response.' })
  @IsOmittable()
  @IsIn(QUERY_BOOLEAN_VALUES, { message: "with_beneficiary must be 'true' or 'false'" })
  with_beneficiary?: QueryBoolean;

  @ApiPropertyOptional({
    enum: QUERY_BOOLEAN_VALUES,
    description: 'Smart Transfer only: return the virtual IBAN in the response.',
  })
  @IsOmittable()
  @IsIn(QUERY_BOOLEAN_VALUES, { message: "with_virtualbeneficiary must be 'true' or 'false'" })
  with_virtualbeneficiary?: QueryBoolean;
}
