// `npm run bench:web`: how fast the People page shows a ranking, in Chromium against the real server, for a store of
// 100,000 people and, in the same run, a baseline store of 100 people. The page asks the server for one page of
// rows (limit/offset, x-total-count), so the time should not grow with the head count: the ratio big/baseline is
// the number to watch (≈ 1), beside the absolute time against the target (< 1 s for 100k).
//
// Each store is filled with copies of a real PersonResult (src/store/fixtures/people.ts) under distinct ids and
// risks, the server started on it (startServer, as `serve`), an admin user created through the API and signed in
// through the login form; then the People page is loaded RUNS times (a full navigation each: HTML, scripts, the
// session check, facets and the page of people) and timed until its 50 rows are in the table.
//
// Env: BENCH_WEB_PEOPLE (100000), BENCH_WEB_BASELINE (100), BENCH_WEB_RUNS (7).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adele } from '../src/store/fixtures/people.ts';
import type { PersonResult } from '../src/core/model.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { createUser, launch, serve, signIn } from '../test/web/harness.ts';

const BIG = Number(process.env.BENCH_WEB_PEOPLE ?? 100_000);
const BASE = Number(process.env.BENCH_WEB_BASELINE ?? 100);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const PASSWORD = 'bench password 1234';

async function seed(n: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-web-'));
  const store = await openPGliteStore(join(dataDir, 'db'));
  const t = performance.now();
  const CHUNK = 5000;
  for (let i = 0; i < n; i += CHUNK) {
    const batch: PersonResult[] = [];
    for (let j = i; j < Math.min(n, i + CHUNK); j++) {
      const risk = (j * 7919) % 101;
      batch.push({ ...adele, personId: `p_bench_${j.toString(36).padStart(6, '0')}`, identifiers: [`user${j}@bench.example`], displayName: `Bench Person ${j}`, risk, level: risk >= 70 ? 'high' : risk >= 40 ? 'medium' : risk >= 15 ? 'low' : 'none' });
    }
    await store.savePeople(batch, `bench-${i}`);
  }
  await store.close();
  console.log(`seeded ${n.toLocaleString('en')} people in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return dataDir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(n: number): Promise<number> {
  const dataDir = await seed(n);
  const server = await serve(dataDir);
  const browser = await launch();
  try {
    await createUser(server, 'bench', 'admin', PASSWORD);
    const page = await signIn(browser, server, 'bench', PASSWORD);
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      await page.goto(`/people?r=${r}`);
      await page.locator('[data-testid=people-table] tbody tr').nth(49).waitFor();
      times.push(performance.now() - t);
    }
    const total = await page.locator('.pager [role=status]').textContent();
    const m = median(times.slice(1)); // the first load warms the server's caches and the browser's
    console.log(`${n.toLocaleString('en').padStart(9)} people: People page with 50 rows in ${m.toFixed(0)} ms (median of ${RUNS - 1}; first ${times[0].toFixed(0)} ms) — pager: ${total}`);
    return m;
  } finally {
    await browser.close();
    await server.close();
  }
}

const base = await measure(BASE);
const big = await measure(BIG);
const ratio = big / base;
console.log(`ratio ${BIG.toLocaleString('en')} / ${BASE.toLocaleString('en')} people: ${ratio.toFixed(2)} (≈ 1 when the page cost does not grow with the ranking)`);
console.log(`target: a ranking of ${BIG.toLocaleString('en')} people renders in < 1 s: ${big < 1000 ? 'MET' : 'NOT MET'} (${big.toFixed(0)} ms)`);
