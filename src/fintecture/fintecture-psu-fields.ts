/**
 * The payer's (PSU's) fields of a /pis/v2/connect body's meta (fintecture-api.md §2.3): what the
 * emulator accepts there and what the logs hide as personal data, so both follow one list.
 */
export const PSU_FIELDS = [
  'psu_name',
  'psu_email',
  'psu_phone',
  'psu_phone_prefix',
  'psu_ip',
  'psu_address',
  'psu_company',
  'psu_form',
  'psu_incorporation',
  'psu_local_id',
] as const;
