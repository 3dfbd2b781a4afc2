import 'reflect-metadata';
process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/payments_bench';
const { DataSource } = require('typeorm');
const { buildDataSourceOptions } = require('../src/database/data-source-options');
const { AdminSessionsService } = require('../src/admin/admin-sessions.service');
const { CursorCodec } = require('../src/admin/cursor-codec');
const { filtersFromQuery } = require('../src/admin/session-filters');
(async () => {
  const ds = new DataSource(buildDataSourceOptions({ type: 'postgres', url: process.env.DATABASE_URL, poolSize: 4, logging: false, migrationsRun: false }));
  await ds.initialize();
  const svc = new AdminSessionsService(ds, new CursorCodec());
  const queries = JSON.parse(process.argv[2]);
  for (const q of queries) {
    const [sql, params] = svc.pageQuery(filtersFromQuery(q), null, 50).getQueryAndParameters();
    const plan = (await ds.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params)).map((r: any) => r['QUERY PLAN']);
    const verbose = process.argv[3] === 'v';
    console.log(JSON.stringify(q), verbose ? '\n' + plan.join('\n') : plan.filter((l: string) => /Planning|Execution/.test(l)).map((l: string) => l.trim().slice(0, 110)).join('\n   '));
  }
  await ds.destroy();
})();
