import { Nested } from './composite-decorators';
import { PaymentSessionDataDto } from './payment-session-data.dto';
import { PaymentSessionMetaDto } from './payment-session-meta.dto';

/**
 * Body of POST /v1/payment-sessions, the same shape as Fintecture's POST /pis/v2/connect. It is
 * read for amounts and ids; Fintecture receives the caller's own bytes.
 */
export class CreatePaymentSessionDto {
  @Nested(() => PaymentSessionMetaDto, { description: 'Payer (PSU) and session options.' })
  meta: PaymentSessionMetaDto;

  @Nested(() => PaymentSessionDataDto)
  data: PaymentSessionDataDto;
}
