// `npm run bench:ui`: the web UI's people list (GET /api/people with its filters, sort, search and x-total-count)
// and facets at 100,000 stored people, on PGlite (memory://) and PostgreSQL, through buildServer's routes (fastify
// inject: no socket). Each query's median is printed beside the baseline of the same run: GET /healthz, which is one
// `SELECT 1` round trip to the same store through the same HTTP stack, so the ratio says how many store round trips
// a page costs wherever it runs. People are the store fixtures' real-record templates (src/store/fixtures/people.ts)
// made distinct, with 40 departments, hire dates over 3 years and one person in 1,000 with a rare detector's finding.
// Each query is measured twice: as written (PostgreSQL's autovacuum has not caught up with the load yet; PGlite ran its
// own VACUUM ANALYZE during the load, src/store/maintenance.ts) and after an explicit VACUUM ANALYZE.
//
// Env: BENCH_UI_STORES (pglite,postgres), BENCH_UI_PEOPLE (100000), BENCH_UI_RUNS (15, median of),
// BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test_bench).
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createToken } from '../src/app/tokens.ts';
import { buildServer } from '../src/server/index.ts';
import { openPGliteStore, openPostgresStore } from '../src/store/index.ts';
import { manyPeople } from '../src/store/fixtures/people.ts';
import type { PersonResult } from '../src/core/model.ts';
import type { Store } from '../src/store/types.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { dropSchema, fmt, secs } from './common.ts';

const N = Number(process.env.BENCH_UI_PEOPLE ?? 100_000);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 15);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test_bench';
const STORES = (process.env.BENCH_UI_STORES ?? 'pglite,postgres').split(',').map((s) => s.trim());
const DAY = 86_400_000;
const NOW = Date.now();

function people(): PersonResult[] {
  return manyPeople(N, 'ui').map((p, i) => {
    const extra = i % 1000 === 7 ? [{ ...p.findings[0] ?? { severity: 'low' as const, title: 't', explanation: 'e', firstSeen: new Date(NOW).toISOString(), lastSeen: new Date(NOW).toISOString(), evidence: [] }, detector: 'rare-detector' }] : [];
    const dir = p.directory ?? { id: `scim:${p.personId}`, source: 'scim-users', ids: [{ kind: 'upn' as const, value: `${p.personId}@bench.example` }], emails: [], phones: [] };
    return {
      ...p,
      // spread risk so the risk order is not a handful of ties
      risk: Math.min(100, Math.max(0, p.risk - (i % 37))),
      findings: [...p.findings, ...extra],
      directory: { ...dir, id: `scim:${p.personId}`, department: `Dept ${i % 40}`, created: NOW - (i % 1095) * DAY },
    };
  });
}

/** The auth part's pseudonym shape ("Person XXXX-XXXX"), keyed by a bench key. */
const pseudonymOf = (id: string): string => {
  const h = createHmac('sha256', 'bench-ui').update(id).digest('hex').toUpperCase();
  return `Person ${h.slice(0, 4)}-${h.slice(4, 8)}`;
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The first request (which counts the filter's total) and the median of the next RUNS (the total is then kept for the
 * batch version by UiDataService: what paging through one filter costs). Each query's own server, so no count is
 * cached from an earlier phase.
 */
async function timeIt(app: FastifyInstance, token: string, url: string): Promise<{ first: number; ms: number; total: string | undefined; rows: number }> {
  const ms: number[] = [];
  let first = 0;
  let total: string | undefined;
  let rows = 0;
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const dt = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    if (i === 0) first = dt;
    else ms.push(dt);
    total = res.headers['x-total-count'] as string | undefined;
    const body = res.json() as unknown;
    rows = Array.isArray(body) ? body.length : 1;
  }
  return { first, ms: median(ms), total, rows };
}

async function phase(label: string, store: Store, token: string, queries: [string, string][]): Promise<void> {
  console.log(`\n### ${label}\n`);
  console.log('| query | first ms | × | median ms | × | rows | x-total-count |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  let base = 0;
  for (const [name, url] of queries) {
    const app = await buildServer({ store, version: 'bench', ingest: async () => Promise.reject(new Error('unused')), pseudonyms: async () => pseudonymOf });
    try {
      await app.inject({ method: 'GET', url: '/healthz' }); // the server's own warm-up, not the query's
      const r = await timeIt(app, token, url);
      if (base === 0) base = r.ms;
      console.log(`| ${name} | ${r.first.toFixed(1)} | ${(r.first / base).toFixed(0)} | ${r.ms.toFixed(1)} | ${(r.ms / base).toFixed(0)} | ${r.rows} | ${r.total ?? ''} |`);
    } finally {
      await app.close();
    }
  }
}

async function run(label: string, store: Store): Promise<void> {
  const t0 = performance.now();
  const all = people();
  for (let i = 0; i < all.length; i += 10_000) await store.savePeople(all.slice(i, i + 10_000), `bench-ui-${i}`);
  console.log(`\n## ${label}: ${fmt(N)} people stored in ${secs(performance.now() - t0)}`);
  const token = (await createToken(store, 'bench-ui', 'admin')).token;
  const id = all[Math.floor(N / 8)].personId;
  const prefix = id.slice(0, id.length - 1); // the id without its last digit: a handful of people
  const queries: [string, string][] = [
    ['baseline: GET /healthz (SELECT 1)', '/healthz'],
    ['first page (100, risk order)', '/api/people'],
    ['page at offset 5,000', '/api/people?offset=5000'],
    ['level=high', '/api/people?level=high'],
    ['department', '/api/people?department=dept%2017'],
    ['newHires=true', '/api/people?newHires=true'],
    ['detector (1 in 4)', `/api/people?detector=${encodeURIComponent(all[0].findings[0].detector)}`],
    ['detector (1 in 1,000)', '/api/people?detector=rare-detector'],
    ['q=personId prefix', `/api/people?q=${encodeURIComponent(prefix)}`],
    // The first request builds the pseudonym index (one HMAC per person); later ones search it.
    ['q=pseudonym prefix (6 characters)', `/api/people?q=${encodeURIComponent(pseudonymOf(id).slice(0, 13))}`],
    ['department + newHires + sort=hired', '/api/people?department=dept%203&newHires=true&sort=hired'],
    ['sort=updated', '/api/people?sort=updated'],
    ['facets', '/api/facets'],
  ];
  await phase('as written (PostgreSQL: before autovacuum reached the new rows; PGlite: after its own auto-maintenance)', store, token, queries);
  // What autovacuum does on PostgreSQL in time: planner statistics and the visibility map (index-only scans).
  const db = (store as SqlStore).db;
  for (const t of ['people', 'findings', 'identifiers', 'detector_state']) await db.exec(`VACUUM ANALYZE ${t}`);
  await phase('after VACUUM ANALYZE', store, token, queries);
}

for (const s of STORES) {
  if (s === 'pglite') {
    const store = await openPGliteStore('memory://');
    try {
      await run('PGlite (memory://)', store);
    } finally {
      await store.close();
    }
  } else if (s === 'postgres') {
    const schema = `bench_ui_${process.pid}`;
    const store = await openPostgresStore(PG_URL, { schema });
    try {
      await run(`PostgreSQL (${PG_URL.replace(/\/\/[^@]*@/, '//')}, schema ${schema})`, store);
    } finally {
      await store.close();
      await dropSchema(PG_URL, schema);
    }
  } else throw new Error(`BENCH_UI_STORES: unknown store ${s} (pglite, postgres)`);
}
