import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { PsuAddressDto } from './address.dto';
import { OptionalBoundedText, OptionalNested, OptionalText } from './composite-decorators';
import {
  CUSTOM_MAX_LENGTH,
  DEFAULT_MAX_LENGTH,
  PAYMENT_METHOD_IDS,
  PAYMENT_SESSION_META_TYPES,
  PaymentSessionMetaType,
  PHONE,
  PHONE_PREFIX,
  SIREN,
} from './payment-session.constants';
import { PaymentMethodDto } from './payment-method.dto';
import { ReconciliationDto } from './reconciliation.dto';
import { DigitsAsInteger, IsCustomData, IsOmittable, KeepRaw } from './validators';

/** True when the session offers Buy Now Pay Later, by either of the two known spellings. */
export function isBuyNowPayLater(meta: Partial<Pick<PaymentSessionMetaDto, 'payment_methods' | 'type'>>): boolean {
  if (meta.type === 'BuyNowPayLater') return true;
  return (
    Array.isArray(meta.payment_methods) &&
    meta.payment_methods.some((method) => method !== null && typeof method === 'object' && method.id === 'bnpl')
  );
}

const BNPL_REQUIREMENT = 'for Buy Now Pay Later (payment_methods contains bnpl or type is BuyNowPayLater)';

/**
 * A 9-digit SIREN, but only for BNPL: outside BNPL psu_incorporation may be any registration id,
 * possibly a foreign one, so the shape is only imposed where the French insurer needs it.
 */
function IsSirenForBuyNowPayLater(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isSirenForBuyNowPayLater',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          value === '' || !isBuyNowPayLater(args.object) || (typeof value === 'string' && SIREN.test(value)),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be a 9-digit SIREN ${BNPL_REQUIREMENT}`,
      },
    });
}

/**
 * The payer (PSU) and the session options. Fintecture's sandbox takes a session without payer name,
 * email or IP (the official SDKs' own fixtures send none); production requires them, which
 * production-requirements.ts checks when FINTECTURE_ENV=production.
 */
export class PaymentSessionMetaDto {
  @OptionalBoundedText(DEFAULT_MAX_LENGTH, {
    example: 'Jeanne Dupré',
    description: 'Payer full name. Required when FINTECTURE_ENV=production.',
  })
  psu_name?: string;

  @ApiPropertyOptional({ example: 'jeanne.dupre@example.fr', maxLength: 254, description: 'Required when FINTECTURE_ENV=production.' })
  @IsOmittable()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  psu_email?: string;

  @ApiPropertyOptional({ example: '612345678', maxLength: 32, description: 'National number, without the prefix; may be empty.' })
  @IsOmittable()
  @IsString()
  @Matches(PHONE, { message: 'psu_phone must be up to 32 digits, spaces or + ( ) . - characters' })
  psu_phone?: string;

  @ApiPropertyOptional({ example: '+33', pattern: PHONE_PREFIX.source, description: 'e.g. "+33" or "0033"; may be empty.' })
  @IsOmittable()
  @IsString()
  @Matches(PHONE_PREFIX, { message: 'psu_phone_prefix must be an international prefix such as "+33" or "0033"' })
  psu_phone_prefix?: string;

  // Not checked as an address: the JS SDK's own fixture sends 123.456.789.123 and the sandbox takes it.
  @OptionalBoundedText(DEFAULT_MAX_LENGTH, {
    example: '203.0.113.7',
    description: 'Payer IP address, forwarded as given. Required when FINTECTURE_ENV=production.',
  })
  psu_ip?: string;

  @OptionalNested(() => PsuAddressDto)
  psu_address?: PsuAddressDto;

  // Magento 2 sends null for every customer without a company.
  @ApiPropertyOptional({
    type: 'string',
    example: 'Atelier Côté Jardin',
    maxLength: DEFAULT_MAX_LENGTH,
    nullable: true,
    description: 'Company name (B2B); null means none. Required for Buy Now Pay Later.',
  })
  @ValidateIf((o: PaymentSessionMetaDto) => isBuyNowPayLater(o) || (o.psu_company !== undefined && o.psu_company !== null))
  @IsNotEmpty({ message: `psu_company is required ${BNPL_REQUIREMENT}` })
  @IsString()
  @MaxLength(DEFAULT_MAX_LENGTH)
  psu_company?: string | null;

  // The Ruby SDK's sandbox spec sends "" for psu_form and psu_incorporation.
  @OptionalText(DEFAULT_MAX_LENGTH, { example: 'SARL', description: 'Legal form; may be empty.' })
  psu_form?: string;

  // Which field carries the SIREN for BNPL is uncertain and Magento 2, the only official BNPL
  // client, sends none; when given for BNPL it must be a SIREN. No Luhn check: the sandbox mock
  // SIRENs 000000001..4 would fail it.
  @OptionalText(DEFAULT_MAX_LENGTH, {
    example: '000000000',
    description:
      'Company registration id; may be empty. For Buy Now Pay Later, when not empty, a 9-digit SIREN (sandbox: 000000000 all OK, 000000001 quotation refused, 000000002 activation refused, 000000003 settlement refused, 000000004 asks for an SDD signature).',
  })
  @IsSirenForBuyNowPayLater()
  psu_incorporation?: string;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { description: 'Declared by the JS SDK; meaning undocumented.' })
  psu_local_id?: string;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'integer', minimum: 1, maximum: 99999999 },
      { type: 'string', pattern: '^\\d+$' },
    ],
    example: 1800,
    description: 'Session lifetime in seconds: an integer, or a string of digits as the JS SDK may send it.',
  })
  @DigitsAsInteger()
  @IsOmittable()
  @IsInt({ message: 'expiry must be a whole number of seconds (an integer or a string of digits)' })
  @Min(1)
  @Max(99999999)
  expiry?: number;

  @ApiPropertyOptional({
    type: () => PaymentMethodDto,
    isArray: true,
    description: 'Methods offered in Connect; list several to build a Payment Hub.',
  })
  @IsOmittable()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(PAYMENT_METHOD_IDS.length)
  @ArrayUnique((method: PaymentMethodDto | null | undefined) => method?.id, {
    message: 'payment_methods must not list the same id twice',
  })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PaymentMethodDto)
  payment_methods?: PaymentMethodDto[];

  @OptionalNested(() => ReconciliationDto, { description: 'Smart Transfer reconciliation settings.' })
  reconciliation?: ReconciliationDto;

  @ApiPropertyOptional({
    oneOf: [
      { type: 'string', maxLength: CUSTOM_MAX_LENGTH },
      { type: 'object', additionalProperties: true },
    ],
    description: `Free reconciliation data: a string of at most ${CUSTOM_MAX_LENGTH} characters, or a JSON object (bounded to ${CUSTOM_MAX_LENGTH} characters of JSON).`,
  })
  // class-transformer walks untyped objects and throws (a 500) on a key such as "constructor"
  // whose value is not a function. Typing it Boolean stops the walk here without running any
  // caller-controlled code, and KeepRaw then puts the caller's value back untouched.
  @Type(() => Boolean)
  @KeepRaw()
  @IsOmittable()
  @IsCustomData()
  custom?: string | Record<string, unknown>;

  @OptionalBoundedText(DEFAULT_MAX_LENGTH, { description: 'Sent by the JS SDK 2.5.3; meaning undocumented.' })
  target_env?: string;

  @ApiPropertyOptional({
    enum: PAYMENT_SESSION_META_TYPES,
    description: 'Legacy BNPL switch (only the Magento 1 module sends it; uncertain whether still honoured). Prefer payment_methods [{"id":"bnpl"}].',
  })
  @IsOmittable()
  @IsIn(PAYMENT_SESSION_META_TYPES)
  type?: PaymentSessionMetaType;
}
