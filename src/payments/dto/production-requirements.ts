import { FieldError } from '../../common/problem';
import { CreatePaymentSessionDto } from './create-payment-session.dto';

/**
 * Payer fields Fintecture's production requires and its sandbox does not (the JS SDK checks
 * them only when env = production). The DTO lets them be omitted, as the sandbox does; against
 * production the service refuses their absence itself, naming each field, rather than let
 * Fintecture refuse the session after it was stored.
 */
export const PRODUCTION_REQUIRED_PAYER_FIELDS = ['psu_name', 'psu_email', 'psu_ip'] as const;

export function missingProductionFields(body: CreatePaymentSessionDto): FieldError[] {
  return PRODUCTION_REQUIRED_PAYER_FIELDS.filter((name) => {
    const value: unknown = body.meta?.[name];
    return typeof value !== 'string' || value.trim() === '';
  }).map((name) => ({ field: `meta.${name}`, message: `${name} is required when FINTECTURE_ENV=production` }));
}
