import { Length, Matches, registerDecorator, ValidationArguments } from 'class-validator';
import { OptionalTextProperty } from '../../common/query-params.decorator';
import { OUTCOMES } from '../../payments/payment-outcome';
import {
  CURRENCY_PATTERN,
  parseAmount,
  parseOutcomes,
  parseTimestamp,
  SESSION_ID_PATTERN,
  SessionFilterQuery,
  STATUS_PATTERN,
} from '../session-filters';

/** The value must parse; the message names the parameter and says what is expected. */
function Parses(parse: (text: string) => unknown, expected: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'parses',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parse(value) !== null,
        defaultMessage: (args: ValidationArguments) => `${args.property} must be ${expected}`,
      },
    });
}

/**
 * The lower bound must not exceed the upper one. Silent when either side is malformed: that
 * side's own rule already says so.
 */
function NotAfter(other: string, parse: (text: string) => number | null): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notAfter',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const upper = (args.object as Record<string, unknown>)[other];
          if (typeof value !== 'string' || typeof upper !== 'string') return true;
          const [a, b] = [parse(value), parse(upper)];
          return a === null || b === null || a <= b;
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must not be after ${other}`,
      },
    });
}

const timeValue = (text: string) => parseTimestamp(text)?.getTime() ?? null;

const DATE_HELP = 'an ISO 8601 date (2026-11-24, midnight UTC) or date-time with offset (2026-11-24T10:00:00Z)';
const AMOUNT_HELP = 'a decimal amount such as 10 or 10.50 (no sign, at most 2 decimals)';

/** The filters of contract §7; the list adds paging, the export takes them alone. */
export class AdminSessionFiltersDto implements SessionFilterQuery {
  @OptionalTextProperty({ description: `Comma-separated outcomes: ${OUTCOMES.join(', ')}.`, example: 'awaiting_payer,pending' })
  @Parses(parseOutcomes, `a comma-separated list of: ${OUTCOMES.join(', ')}`)
  outcome?: string;

  @OptionalTextProperty({ description: "Fintecture's status, exactly.", example: 'payment_created' })
  @Matches(STATUS_PATTERN, { message: 'status must be a Fintecture status such as payment_created' })
  status?: string;

  @OptionalTextProperty({ description: "The merchant's state (order reference), exactly.", example: 'order-2026-0042' })
  @Length(1, 512, { message: 'state must be 1 to 512 characters' })
  state?: string;

  @OptionalTextProperty({ description: "Fintecture's 32-hex session id.", example: '7d3f0c1e9a2b4c5d8e6f0a1b2c3d4e5f' })
  @Matches(SESSION_ID_PATTERN, { message: 'session_id must be 32 lowercase hexadecimal characters' })
  session_id?: string;

  @OptionalTextProperty({ description: 'ISO 4217 code.', example: 'EUR' })
  @Matches(CURRENCY_PATTERN, { message: 'currency must be three uppercase letters such as EUR' })
  currency?: string;

  @OptionalTextProperty({ description: `Created at or after; ${DATE_HELP}.`, example: '2026-11-23' })
  @Parses(parseTimestamp, DATE_HELP)
  @NotAfter('created_to', timeValue)
  created_from?: string;

  @OptionalTextProperty({ description: `Created before (exclusive); ${DATE_HELP}.`, example: '2026-11-24' })
  @Parses(parseTimestamp, DATE_HELP)
  created_to?: string;

  @OptionalTextProperty({ description: 'Amount at least (inclusive), in the session currency.', example: '10.50' })
  @Parses(parseAmount, AMOUNT_HELP)
  @NotAfter('amount_max', parseAmount)
  amount_min?: string;

  @OptionalTextProperty({ description: 'Amount at most (inclusive).', example: '100' })
  @Parses(parseAmount, AMOUNT_HELP)
  amount_max?: string;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export class ListAdminSessionsQueryDto extends AdminSessionFiltersDto {
  @OptionalTextProperty({ description: `Page size, 1 to ${MAX_PAGE_SIZE}.`, default: DEFAULT_PAGE_SIZE })
  @Parses(
    (text) => (/^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_PAGE_SIZE ? Number(text) : null),
    `a whole number from 1 to ${MAX_PAGE_SIZE}`,
  )
  limit?: string;

  @OptionalTextProperty({ description: "The previous page's next_cursor, with the same filters. Opaque." })
  cursor?: string;
}
