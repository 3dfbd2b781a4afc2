import { buildSessionPageQuery, fromDbTimestamp, toDbTimestamp } from './session-page-query';

describe('buildSessionPageQuery', () => {
  const after = { createdAt: new Date('2026-11-24T10:00:00.123Z'), id: '019ab000-0000-7000-8000-000000000001' };

  it('binds every value, timestamps in each engine own format', () => {
    const filters = { outcomes: [], state: "o'1", amountMinMinor: 1050, createdTo: new Date('2026-11-25T00:00:00Z') };
    const pg = buildSessionPageQuery('postgres', filters, after, 51);
    expect(pg.sql).toContain('ps.state = :p0');
    expect(pg.sql).toContain('(ps.created_at, ps.id) < (:p3, :p4)');
    expect(pg.sql).toMatch(/ORDER BY ps\.created_at DESC, ps\.id DESC LIMIT 51$/);
    expect(pg.sql).not.toContain("o'1");
    expect(pg.parameters).toEqual({ p0: "o'1", p1: '2026-11-25T00:00:00.000Z', p2: 1050, p3: '2026-11-24T10:00:00.123Z', p4: after.id });

    const sqlite = buildSessionPageQuery('sqlite', filters, after, 51);
    expect(sqlite.sql).toBe(pg.sql);
    expect(Object.values(sqlite.parameters)).toEqual(["o'1", '2026-11-25 00:00:00.000', 1050, '2026-11-24 10:00:00.123', after.id]);
  });

  it('gives each outcome its own ordered, limited branch', () => {
    const { sql, parameters } = buildSessionPageQuery('postgres', { outcomes: ['paid', 'pending'], currency: 'EUR' }, null, 11);
    expect(sql.match(/LIMIT 11/g)).toHaveLength(3);
    expect(sql).toContain('UNION ALL');
    expect(Object.values(parameters)).toEqual(['paid', 'EUR', 'pending', 'EUR']);
  });

  it('refuses a page size it was not built for', () => {
    expect(() => buildSessionPageQuery('sqlite', { outcomes: [] }, null, 0)).toThrow(RangeError);
    expect(() => buildSessionPageQuery('sqlite', { outcomes: [] }, null, 1.5)).toThrow(RangeError);
  });

  it('reads created_at back from both engines', () => {
    const date = new Date('2026-11-24T10:00:00.123Z');
    expect(fromDbTimestamp(toDbTimestamp('sqlite', date)).toISOString()).toBe(date.toISOString());
    expect(fromDbTimestamp(date)).toBe(date);
    expect(() => fromDbTimestamp('nonsense')).toThrow(TypeError);
  });
});
