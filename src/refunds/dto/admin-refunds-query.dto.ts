import { Matches, registerDecorator, ValidationArguments } from 'class-validator';
import { OptionalTextProperty } from '../../common/query-params.decorator';
import { parseTimestamp } from '../../common/dates';
import { SESSION_ID_PATTERN, UUID_PATTERN } from '../../common/ids';
import { REFUND_STATUSES } from '../refund-status';

const STATUS_LIST = new RegExp(`^(${REFUND_STATUSES.join('|')})(,(${REFUND_STATUSES.join('|')}))*$`);
const DATE_HELP = 'an ISO 8601 date (2026-11-24, midnight UTC) or date-time with offset (2026-11-24T10:00:00Z)';

export const MAX_REFUND_PAGE_SIZE = 200;
export const DEFAULT_REFUND_PAGE_SIZE = 50;

/** The value must satisfy `accept`; the message names the parameter and what is expected. */
function Accepts(accept: (text: string, object: Record<string, unknown>) => boolean, expected: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'accepts',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => typeof value === 'string' && accept(value, args.object as Record<string, unknown>),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be ${expected}`,
      },
    });
}

/** From must not be after to; silent when either is malformed (its own rule says so). */
const notAfterTo = (from: string, object: Record<string, unknown>) => {
  const to = typeof object.created_to === 'string' ? parseTimestamp(object.created_to) : null;
  const start = parseTimestamp(from);
  return !start || !to || start.getTime() <= to.getTime();
};

export class AdminRefundsQueryDto {
  @OptionalTextProperty({ description: `Comma-separated statuses: ${REFUND_STATUSES.join(', ')}.`, example: 'unknown,requested' })
  @Matches(STATUS_LIST, { message: `status must be a comma-separated list of: ${REFUND_STATUSES.join(', ')}` })
  status?: string;

  @OptionalTextProperty({ description: `Created at or after; ${DATE_HELP}.`, example: '2026-11-23' })
  @Accepts((text) => parseTimestamp(text) !== null, DATE_HELP)
  @Accepts(notAfterTo, 'not after created_to')
  created_from?: string;

  @OptionalTextProperty({ description: `Created before (exclusive); ${DATE_HELP}.`, example: '2026-11-24' })
  @Accepts((text) => parseTimestamp(text) !== null, DATE_HELP)
  created_to?: string;

  @OptionalTextProperty({ description: "The payment session: the service's id (UUID) or Fintecture's 32-hex session_id." })
  @Accepts((text) => UUID_PATTERN.test(text) || SESSION_ID_PATTERN.test(text), "a session id: a UUID or Fintecture's 32 lowercase hex characters")
  session?: string;

  @OptionalTextProperty({ description: `Page size, 1 to ${MAX_REFUND_PAGE_SIZE}.`, default: DEFAULT_REFUND_PAGE_SIZE })
  @Accepts(
    (text) => /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_REFUND_PAGE_SIZE,
    `a whole number from 1 to ${MAX_REFUND_PAGE_SIZE}`,
  )
  limit?: string;

  @OptionalTextProperty({ description: "The previous page's next_cursor, with the same filters. Opaque." })
  cursor?: string;
}
