import { CreatePaymentSessionDto } from './create-payment-session.dto';
import { missingProductionFields } from './production-requirements';

const withMeta = (meta: Record<string, unknown>) =>
  ({ meta, data: { attributes: { amount: '10', currency: 'EUR' } } }) as unknown as CreatePaymentSessionDto;

const full = { psu_name: 'Jeanne Dupré', psu_email: 'jeanne@example.fr', psu_ip: '203.0.113.7' };

describe('missingProductionFields', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['all three present', full, []],
    ['an IP that is not an address is still present (format is Fintecture’s call)', { ...full, psu_ip: '123.456.789.123' }, []],
    ['no payer data at all', {}, ['meta.psu_name', 'meta.psu_email', 'meta.psu_ip']],
    ['name missing', { psu_email: full.psu_email, psu_ip: full.psu_ip }, ['meta.psu_name']],
    ['email missing', { psu_name: full.psu_name, psu_ip: full.psu_ip }, ['meta.psu_email']],
    ['IP missing', { psu_name: full.psu_name, psu_email: full.psu_email }, ['meta.psu_ip']],
    ['a blank name counts as missing', { ...full, psu_name: '   ' }, ['meta.psu_name']],
  ])('%s', (_name, meta, fields) => {
    const errors = missingProductionFields(withMeta(meta));
    expect(errors.map((e) => e.field)).toEqual(fields);
    for (const error of errors) expect(error.message).toMatch(/is required when FINTECTURE_ENV=production$/);
  });
});
