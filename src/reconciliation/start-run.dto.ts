import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, Matches, registerDecorator, ValidationArguments } from 'class-validator';
import { parseTimestamp } from '../common/dates';
import { OptionalTextProperty } from '../common/query-params.decorator';
import { RUN_SCOPES, RunScope } from './reconciliation-run.entity';

export const MAX_RUN_SESSION_IDS = 1000;
/** Our id (UUID) or Fintecture's session id (32 hex). */
const ANY_SESSION_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/;

/** An ISO 8601 date or date-time with offset, as the admin listing takes them; created_to after created_from. */
function IsInstant(after?: 'created_from'): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const at = typeof value === 'string' ? parseTimestamp(value) : null;
          if (!at) return false;
          const from = after ? (args.object as StartRunDto).created_from : undefined;
          const start = typeof from === 'string' ? parseTimestamp(from) : null;
          return !start || at.getTime() > start.getTime();
        },
        defaultMessage: (args: ValidationArguments) =>
          typeof args.value === 'string' && parseTimestamp(args.value)
            ? `${args.property} must be later than created_from`
            : `${args.property} must be an ISO 8601 date (YYYY-MM-DD) or date-time with an offset`,
      },
    });
}

/** What an admin-triggered run covers; everything optional (an empty body: every open session). */
export class StartRunDto {
  @ApiPropertyOptional({
    enum: RUN_SCOPES,
    default: 'open',
    description: '`open`: every session that is not terminal; `due`: only those due for a check, as the schedule does.',
  })
  @IsOptional()
  @IsIn(RUN_SCOPES, { message: 'scope must be due or open' })
  scope?: RunScope;

  @OptionalTextProperty({ example: '2026-11-01', description: 'Only sessions created at or after this instant.' })
  @IsInstant()
  created_from?: string;

  @OptionalTextProperty({ example: '2026-11-24T00:00:00Z', description: 'Only sessions created before this instant.' })
  @IsInstant('created_from')
  created_to?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_RUN_SESSION_IDS,
    description: 'Only these sessions: our ids (UUID) or Fintecture session ids.',
  })
  @IsOptional()
  @IsArray({ message: 'session_ids must be a list of session ids' })
  @ArrayNotEmpty({ message: 'session_ids must hold at least one id (leave it out for every session of the scope)' })
  @ArrayMaxSize(MAX_RUN_SESSION_IDS, { message: `session_ids holds at most ${MAX_RUN_SESSION_IDS} ids` })
  @IsString({ each: true, message: 'session_ids must hold our ids (UUID) or Fintecture session ids (32 hex characters)' })
  @Matches(ANY_SESSION_ID, { each: true, message: 'session_ids must hold our ids (UUID) or Fintecture session ids (32 hex characters)' })
  session_ids?: string[];
}
