import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsIP,
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
import {
  AllowedOnlyWhen,
  IsAmountNotAbove,
  IsAmountString,
  IsOmittable,
  IsRealIsoDate,
  KeepRaw,
} from './validators';

// The JS README lists EUR and GBP; the Primer says EUR only and a low-trust profile adds PLN.
// We accept the two an official SDK names and let Fintecture refuse GBP if the shop cannot take it.
export const SUPPORTED_CURRENCIES = ['EUR', 'GBP'] as const;
export type SupportedCurrency = (typeof SUPPORTED_CURRENCIES)[number];

export const PAYMENT_METHOD_IDS = ['immediate_transfer', 'smart_transfer', 'bnpl'] as const;
export type PaymentMethodId = (typeof PAYMENT_METHOD_IDS)[number];

export const RECONCILIATION_LEVELS = ['payer', 'key', 'payment_session'] as const;
export type ReconciliationLevel = (typeof RECONCILIATION_LEVELS)[number];

export const PAYMENT_SCHEMES = ['AUTO', 'SEPA', 'INSTANT_SEPA'] as const;
export type PaymentScheme = (typeof PAYMENT_SCHEMES)[number];

export const DEBITED_ACCOUNT_TYPES = ['IBAN', 'internal'] as const;
export type DebitedAccountType = (typeof DEBITED_ACCOUNT_TYPES)[number];

// SDKs send several values (PIS, SEPA, connect, PAYMENT...) and the server looks lenient;
// we accept the two that the official SDKs use for this very endpoint.
export const PAYMENT_SESSION_DATA_TYPES = ['PIS', 'SEPA'] as const;
export type PaymentSessionDataType = (typeof PAYMENT_SESSION_DATA_TYPES)[number];

// Only the Magento 1 module sends meta.type; Magento 2 signals BNPL through payment_methods instead.
export const PAYMENT_SESSION_META_TYPES = ['BuyNowPayLater'] as const;
export type PaymentSessionMetaType = (typeof PAYMENT_SESSION_META_TYPES)[number];

/** Fallback bound for strings whose length Fintecture does not document. */
export const DEFAULT_MAX_LENGTH = 255;
export const CUSTOM_MAX_LENGTH = 1000;

const COUNTRY_CODE = /^[A-Z]{2}$/;
const SIREN = /^\d{9}$/;
// Electronic IBAN format: no spaces, uppercase, as it will be forwarded byte for byte.
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/;
// ISO 9362: 4-char institution, 2-letter country, 2-char location, optional 3-char branch.
const BIC = /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const PHONE_PREFIX = /^(\+|00)[1-9]\d{0,3}$/;
const PHONE = /^[0-9+() .-]{1,32}$/;

/** True when the session offers Buy Now Pay Later, by either of the two known spellings. */
export function isBuyNowPayLater(meta: Partial<Pick<PaymentSessionMetaDto, 'payment_methods' | 'type'>>): boolean {
  if (meta.type === 'BuyNowPayLater') return true;
  return (
    Array.isArray(meta.payment_methods) &&
    meta.payment_methods.some((method) => method !== null && typeof method === 'object' && method.id === 'bnpl')
  );
}

const BNPL_REQUIREMENT = 'for Buy Now Pay Later (payment_methods contains bnpl or type is BuyNowPayLater)';

/** `custom` is free-form: a string or a JSON object, never anything else. */
function IsCustomData(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCustomData',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => {
          if (typeof value === 'string') return value.length <= CUSTOM_MAX_LENGTH;
          // Tag check rather than prototype identity: objects built in another realm (vm, workers)
          // have another Object.prototype but are just as plain.
          if (Object.prototype.toString.call(value) !== '[object Object]') return false;
          // Fintecture only documents the string's limit; the object gets the same bound so that
          // no part of the body is unbounded.
          return JSON.stringify(value).length <= CUSTOM_MAX_LENGTH;
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a string of at most ${CUSTOM_MAX_LENGTH} characters or a JSON object whose JSON text is at most ${CUSTOM_MAX_LENGTH} characters`,
      },
    });
}

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
          !isBuyNowPayLater(args.object as PaymentSessionMetaDto) || (typeof value === 'string' && SIREN.test(value)),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a 9-digit SIREN ${BNPL_REQUIREMENT}`,
      },
    });
}

export class PsuAddressDto {
  @ApiProperty({ example: 'rue des Lilas', maxLength: DEFAULT_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  street: string;

  @ApiPropertyOptional({ example: '12', maxLength: 32, description: 'Street number, e.g. "12" or "12 bis".' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  number?: string;

  @ApiPropertyOptional({ example: 'Bâtiment B, 3e étage', maxLength: DEFAULT_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  complement?: string;

  @ApiProperty({ example: '75011', maxLength: 16 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  zip: string;

  @ApiProperty({ example: 'Paris', maxLength: DEFAULT_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  city: string;

  @ApiProperty({ example: 'FR', pattern: COUNTRY_CODE.source, description: 'ISO 3166-1 alpha-2, uppercase.' })
  @IsString()
  @Matches(COUNTRY_CODE, { message: 'country must be 2 uppercase letters (ISO 3166-1 alpha-2), e.g. "FR"' })
  country: string;
}

export class PaymentMethodDto {
  @ApiProperty({ enum: PAYMENT_METHOD_IDS, example: 'immediate_transfer' })
  @IsIn(PAYMENT_METHOD_IDS)
  id: PaymentMethodId;

  @ApiPropertyOptional({ minimum: 1, example: 1, description: 'Display position in the Connect selector.' })
  @KeepRaw()
  @IsOmittable()
  @IsInt()
  @Min(1)
  order?: number;
}

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

  @ApiPropertyOptional({ example: true, description: 'Only with level `payment_session`.' })
  @KeepRaw()
  @IsOmittable()
  @IsBoolean()
  @AllowedOnlyWhen((o: ReconciliationDto) => o.level === 'payment_session', "level is 'payment_session'")
  match_amount?: boolean;
}

export class PaymentSessionMetaDto {
  // Fintecture only demands psu_name/psu_email/psu_ip in production; we require them everywhere
  // so that a request accepted against the sandbox is never refused later in production.
  @ApiProperty({ example: 'Jeanne Dupré', maxLength: DEFAULT_MAX_LENGTH, description: 'Payer full name.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  psu_name: string;

  @ApiProperty({ example: 'jeanne.dupre@example.fr', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  psu_email: string;

  @ApiPropertyOptional({ example: '612345678', maxLength: 32, description: 'National number, without the prefix.' })
  @IsOmittable()
  @IsString()
  @Matches(PHONE, { message: 'psu_phone must be 1 to 32 digits, spaces or + ( ) . - characters' })
  psu_phone?: string;

  @ApiPropertyOptional({ example: '+33', pattern: PHONE_PREFIX.source, description: 'e.g. "+33" or "0033".' })
  @IsOmittable()
  @IsString()
  @Matches(PHONE_PREFIX, { message: 'psu_phone_prefix must be an international prefix such as "+33" or "0033"' })
  psu_phone_prefix?: string;

  @ApiProperty({ example: '203.0.113.7', description: 'Payer IP address, IPv4 or IPv6.' })
  @IsString()
  @IsIP()
  psu_ip: string;

  @ApiPropertyOptional({ type: () => PsuAddressDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => PsuAddressDto)
  psu_address?: PsuAddressDto;

  @ApiPropertyOptional({
    example: 'Atelier Côté Jardin',
    maxLength: DEFAULT_MAX_LENGTH,
    description: 'Company name (B2B). Required for Buy Now Pay Later.',
  })
  @ValidateIf((o: PaymentSessionMetaDto) => isBuyNowPayLater(o) || o.psu_company !== undefined)
  @IsNotEmpty({ message: `psu_company is required ${BNPL_REQUIREMENT}` })
  @IsString()
  @MaxLength(DEFAULT_MAX_LENGTH)
  psu_company?: string;

  @ApiPropertyOptional({ example: 'SARL', maxLength: DEFAULT_MAX_LENGTH, description: 'Legal form.' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  psu_form?: string;

  // Which field carries the SIREN for BNPL is uncertain; psu_incorporation is the likeliest
  // (company registration id). No Luhn check: the sandbox mock SIRENs 000000001..4 would fail it.
  @ApiPropertyOptional({
    example: '000000000',
    maxLength: DEFAULT_MAX_LENGTH,
    description:
      'Company registration id. Required for Buy Now Pay Later, and then a 9-digit SIREN (sandbox: 000000000 all OK, 000000001 quotation refused, 000000002 activation refused, 000000003 settlement refused, 000000004 asks for an SDD signature).',
  })
  @ValidateIf((o: PaymentSessionMetaDto) => isBuyNowPayLater(o) || o.psu_incorporation !== undefined)
  @IsNotEmpty({ message: `psu_incorporation is required ${BNPL_REQUIREMENT}` })
  @IsString()
  @MaxLength(DEFAULT_MAX_LENGTH)
  @IsSirenForBuyNowPayLater()
  psu_incorporation?: string;

  @ApiPropertyOptional({ maxLength: DEFAULT_MAX_LENGTH, description: 'Declared by the JS SDK; meaning undocumented.' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  psu_local_id?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 99999999,
    example: 1800,
    description: 'Session lifetime in seconds (integer; a numeric string is refused).',
  })
  @KeepRaw()
  @IsOmittable()
  @IsInt()
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

  @ApiPropertyOptional({ type: () => ReconciliationDto, description: 'Smart Transfer reconciliation settings.' })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => ReconciliationDto)
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

  @ApiPropertyOptional({ maxLength: DEFAULT_MAX_LENGTH, description: 'Sent by the JS SDK 2.5.3; meaning undocumented.' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  target_env?: string;

  @ApiPropertyOptional({
    enum: PAYMENT_SESSION_META_TYPES,
    description:
      'Legacy BNPL switch (only the Magento 1 module sends it; uncertain whether still honoured). Prefer payment_methods [{"id":"bnpl"}].',
  })
  @IsOmittable()
  @IsIn(PAYMENT_SESSION_META_TYPES)
  type?: PaymentSessionMetaType;
}

export class BeneficiaryDto {
  @ApiProperty({ example: 'Boutique Dupré SAS', maxLength: DEFAULT_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  name: string;

  @ApiPropertyOptional({ example: 'SAS', maxLength: DEFAULT_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  form?: string;

  @ApiPropertyOptional({ example: '123456789', maxLength: DEFAULT_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  incorporation?: string;

  @ApiProperty({ example: 'avenue de la République', maxLength: DEFAULT_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  street: string;

  @ApiPropertyOptional({ example: '5', maxLength: 32 })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  number?: string;

  @ApiPropertyOptional({ maxLength: DEFAULT_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  complement?: string;

  @ApiProperty({ example: 'Lille', maxLength: DEFAULT_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  city: string;

  @ApiProperty({ example: '59000', maxLength: 16 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  zip: string;

  @ApiProperty({ example: 'FR', pattern: COUNTRY_CODE.source })
  @IsString()
  @Matches(COUNTRY_CODE, { message: 'country must be 2 uppercase letters (ISO 3166-1 alpha-2), e.g. "FR"' })
  country: string;

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

  @ApiPropertyOptional({ example: 'Crédit Agricole', maxLength: DEFAULT_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  bank_name?: string;
}

export class PaymentSessionAttributesDto {
  @ApiProperty({
    example: '42.50',
    pattern: '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$',
    description: 'Decimal STRING, at most 2 decimals, at least 0.01. A JSON number is refused.',
  })
  @KeepRaw()
  @IsAmountString()
  amount: string;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, example: 'EUR' })
  @IsIn(SUPPORTED_CURRENCIES, { message: `currency must be one of ${SUPPORTED_CURRENCIES.join(', ')} (uppercase)` })
  currency: SupportedCurrency;

  // 140 is the SEPA unstructured remittance limit; whether Fintecture enforces it is unknown,
  // but a longer text would be truncated by the banks anyway.
  @ApiPropertyOptional({
    example: 'ORDER-2026-0042',
    maxLength: 140,
    description: 'Reference shown on the payer statement (SEPA limit: 140 characters).',
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(140)
  communication?: string;

  @ApiPropertyOptional({ maxLength: 35, description: 'SEPA end-to-end id (35 characters at most).' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(35)
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

  @ApiPropertyOptional({
    type: () => BeneficiaryDto,
    description: 'Only for accounts that pay out to third parties; e-commerce merchants are paid to their own account.',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => BeneficiaryDto)
  beneficiary?: BeneficiaryDto;

  @ApiPropertyOptional({ maxLength: DEFAULT_MAX_LENGTH, description: 'Pre-selected payer account.' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
  debited_account_id?: string;

  @ApiPropertyOptional({ enum: DEBITED_ACCOUNT_TYPES })
  @IsOmittable()
  @IsIn(DEBITED_ACCOUNT_TYPES)
  debited_account_type?: DebitedAccountType;

  @ApiPropertyOptional({ example: 'CMD-2026-0042', maxLength: DEFAULT_MAX_LENGTH, description: 'Merchant reference.' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(DEFAULT_MAX_LENGTH)
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

export class PaymentSessionDataDto {
  @ApiPropertyOptional({
    enum: PAYMENT_SESSION_DATA_TYPES,
    example: 'PIS',
    description: 'Optional; the value Fintecture expects for /connect is uncertain, send PIS.',
  })
  @IsOmittable()
  @IsIn(PAYMENT_SESSION_DATA_TYPES)
  type?: PaymentSessionDataType;

  @ApiProperty({ type: () => PaymentSessionAttributesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentSessionAttributesDto)
  attributes: PaymentSessionAttributesDto;
}

/** Body of POST /v1/payment-sessions, the same shape as Fintecture's POST /pis/v2/connect. */
export class CreatePaymentSessionDto {
  @ApiProperty({ type: () => PaymentSessionMetaDto, description: 'Payer (PSU) and session options.' })
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentSessionMetaDto)
  meta: PaymentSessionMetaDto;

  @ApiProperty({ type: () => PaymentSessionDataDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentSessionDataDto)
  data: PaymentSessionDataDto;
}
