import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_URL_LENGTH } from '../delivery/endpoint-url-rules';
import { NOTIFICATION_EVENT_TYPES, NotificationEventType } from '../notification-types';

export class CreateNotificationEndpointDto {
  @ApiProperty({
    description:
      'Where to POST notifications: https in production (http allowed outside it); never a loopback, private, link-local or metadata address in production.',
    example: 'https://shop.example.com/hooks/payments',
  })
  @IsString({ message: 'url must be a string' })
  @MinLength(1, { message: 'url must not be empty' })
  @MaxLength(MAX_URL_LENGTH, { message: `url must be at most ${MAX_URL_LENGTH} characters` })
  url: string;

  @ApiPropertyOptional({ description: 'Free text for the merchant, up to 500 characters.', example: 'Order system, production' })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(500, { message: 'description must be at most 500 characters' })
  description?: string;

  @ApiPropertyOptional({ description: 'Event types to receive; all of them when absent.', enum: NOTIFICATION_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray({ message: 'events must be a list of event types' })
  @ArrayNotEmpty({ message: 'events must name at least one event type' })
  @ArrayMaxSize(NOTIFICATION_EVENT_TYPES.length, { message: 'events lists an event type twice' })
  @ArrayUnique({ message: 'events lists an event type twice' })
  @IsIn(NOTIFICATION_EVENT_TYPES, { each: true, message: `each event type must be one of ${NOTIFICATION_EVENT_TYPES.join(', ')}` })
  events?: NotificationEventType[];
}
