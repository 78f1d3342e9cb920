// Parts `small`, `duckdb` and `linear` of `npm run bench` (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPipeline, getIntel, readPaths } from '../src/app/scan.ts';
import { CLI, countRecords, fmt, inputs, secs, verdict } from './common.ts';

/** The bare floor, run as its own Node process: readFileSync + JSON.parse of every file, counting records. */
const FLOOR_SCRIPT = `
const fs = require('node:fs');
let n = 0;
for (const f of process.argv.slice(1)) {
  const d = JSON.parse(fs.readFileSync(f, 'utf8'));
  n += (Array.isArray(d) ? d : (d.value ?? d.Resources ?? d.records ?? d.items ?? [d])).length;
}
process.stdout.write(String(n));
`;

function child(args: string[]): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  // scan exits 0, or 4 when some records were rejected; anything else is a broken run, not a number to print
  if (r.status !== 0) throw new Error(`child ${args.slice(0, 3).join(' ')} … exited ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
  return { ms, stdout: r.stdout };
}

function smallFiles(dir: string): { files: string[]; graph: string[]; bytes: number; graphBytes: number } {
  const files = inputs(dir, ['directory', 'entra']);
  const graph = inputs(dir, ['entra']);
  const size = (fs: string[]) => fs.reduce((s, f) => s + statSync(f).size, 0);
  return { files, graph, bytes: size(files), graphBytes: size(graph) };
}

/** `sleetwatch scan` of the company's directory/ and entra/ as a child process: wall-clock ms. */
function scanChild(dir: string, report: string, subs = ['directory', 'entra']): number {
  return child([CLI, 'scan', ...subs.map((s) => join(dir, s)), '--report', report, '--data-dir', join(dir, '.data')]).ms;
}

/** Graph sign-in pages and the SCIM directory, both sides as child processes. Returns the best scan wall time (ms). */
export async function runSmall(dir: string, readyMs: number): Promise<number> {
  const { files, graph, bytes, graphBytes } = smallFiles(dir);
  const events = graph.reduce((s, f) => s + countRecords(f), 0);
  const dirEntries = files.filter((f) => !graph.includes(f)).reduce((s, f) => s + countRecords(f), 0);
  const pretty = readFileSync(graph[0], 'utf8').startsWith('{\n');
  let compact = 0;
  const page = JSON.parse(readFileSync(graph[0], 'utf8')).value as unknown[];
  for (const v of page) compact += Buffer.byteLength(JSON.stringify(v));
  console.log(
    `company   ${dir} (ready in ${(readyMs / 1000).toFixed(1)} s): ${graph.length} Graph pages, ${fmt(events)} sign-in events, ${fmt(dirEntries)} SCIM users, ${fmt(bytes / 1e6)} MB`,
  );
  console.log(
    `record    ${fmt(graphBytes / events)} bytes/event as written (${pretty ? 'pretty-printed, 1-space indent' : 'compact'}), ${fmt(compact / page.length)} bytes compact JSON (real Graph ~1.3 KB)`,
  );

  const tmp = mkdtempSync(join(tmpdir(), 'sw-bench-small-'));
  const report = join(tmp, 'report.json');
  try {
    // warm-up (untimed): builds the intel cache in <company>/.data and checks the scan reads every record
    const warm = scanChild(dir, report);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { inputs: { records: number; rejected?: number }[]; people: unknown[] };
    const read = rep.inputs.reduce((s, i) => s + i.records, 0);
    const rejected = rep.inputs.reduce((s, i) => s + (i.rejected ?? 0), 0);
    if (read !== events + dirEntries) throw new Error(`scan read ${read} records, the files hold ${events + dirEntries}`);
    console.log(`warm-up   scan ${secs(warm)} (builds the intel cache), report: ${fmt(read)} records, ${rejected} rejected, ${fmt(rep.people.length)} people`);

    // alternating, best of 2 each: this machine's speed drifts between minutes
    let floorMs = Infinity;
    let scanMs = Infinity;
    for (let round = 0; round < 2; round++) {
      const f = child(['-e', FLOOR_SCRIPT, ...files]);
      if (Number(f.stdout) !== events + dirEntries) throw new Error(`floor counted ${f.stdout} records, expected ${events + dirEntries}`);
      floorMs = Math.min(floorMs, f.ms);
      scanMs = Math.min(scanMs, scanChild(dir, report));
    }
    // what a scan costs before and after its events: the same command on the directory alone (best of 2)
    const fixedMs = Math.min(scanChild(dir, report, ['directory']), scanChild(dir, report, ['directory']));
    const ratio = floorMs / scanMs;
    console.log(`floor     node: readFileSync+JSON.parse  ${secs(floorMs).padStart(8)}  ${fmt(events / (floorMs / 1000)).padStart(9)} events/s  (child process, best of 2)`);
    console.log(`scan      sleetwatch scan --report     ${secs(scanMs).padStart(8)}  ${fmt(events / (scanMs / 1000)).padStart(9)} events/s  (child process, best of 2)`);
    console.log(`fixed     scan of the directory alone  ${secs(fixedMs).padStart(8)}  (Node + tsx start-up, intel load, 1,200 people evaluated: no events; best of 2)`);
    console.log(`ratio     floor time / scan time       ${ratio.toFixed(2)}×   (target ≥ 0.70×)  ${verdict(ratio >= 0.7)}`);
    return scanMs;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// --- DuckDB -------------------------------------------------------------------------------------------------------

/** The few parts of @duckdb/node-api used here (typed locally: the package is an optional dev dependency). */
interface DuckResult {
  getRowObjectsJS(): Record<string, unknown>[];
}
interface DuckConnection {
  runAndReadAll(sql: string): Promise<DuckResult>;
  closeSync(): void;
}
interface DuckInstance {
  connect(): Promise<DuckConnection>;
  closeSync(): void;
}
interface DuckModule {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<DuckInstance> };
}

/** @duckdb/node-api from node_modules, or from the folder BENCH_DUCKDB_FROM (a scratch install); undefined if absent. */
async function loadDuckdb(): Promise<DuckModule | undefined> {
  const name = '@duckdb/node-api';
  const from = process.env.BENCH_DUCKDB_FROM;
  try {
    const spec = from ? pathToFileURL(createRequire(join(resolve(from), 'package.json')).resolve(name)).href : name;
    const m = (await import(spec)) as DuckModule & { default?: DuckModule };
    return m.DuckDBInstance ? m : m.default;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Per-user travel speed between consecutive sign-ins over the Graph pages: unnest each page's value, LAG over
 * createdDateTime per userPrincipalName, haversine of location.geoCoordinates, km/h. `typed` gives read_json the
 * four fields it needs (DuckDB's fastest way); otherwise it infers the whole signIn schema (sample_size=-1).
 */
export function travelSql(files: string[], typed: boolean): string {
  const list = `[${files.map(sqlString).join(', ')}]`;
  const src = typed
    ? `read_json(${list}, format = 'auto', records = true, columns = {value: 'STRUCT(userPrincipalName VARCHAR, createdDateTime VARCHAR, location STRUCT(geoCoordinates STRUCT(latitude DOUBLE, longitude DOUBLE)))[]'})`
    : `read_json(${list}, format = 'auto', sample_size = -1)`;
  return `
WITH s AS (
  SELECT v.userPrincipalName AS upn, CAST(v.createdDateTime AS TIMESTAMPTZ) AS t,
         v.location.geoCoordinates.latitude AS lat, v.location.geoCoordinates.longitude AS lon
  FROM (SELECT unnest(value) AS v FROM ${src})),
l AS (
  SELECT *, lag(t) OVER w AS pt, lag(lat) OVER w AS plat, lag(lon) OVER w AS plon
  FROM s WINDOW w AS (PARTITION BY upn ORDER BY t)),
k AS (
  SELECT *, 2 * 6371 * asin(sqrt(pow(sin(radians(lat - plat) / 2), 2)
              + cos(radians(plat)) * cos(radians(lat)) * pow(sin(radians(lon - plon) / 2), 2))) AS km,
         epoch(t - pt) / 3600.0 AS h
  FROM l)
SELECT count(*) AS events, count(DISTINCT upn) AS users, count(km) AS pairs,
       count(*) FILTER (WHERE h > 0 AND km / h > 1000) AS over_1000_kmh, max(km / h) FILTER (WHERE h > 0) AS max_kmh
FROM k`;
}

/** DuckDB on the Graph pages vs the scan. `scanMs`: the child-process scan time from part `small`, if it ran. */
export async function runDuckdb(dir: string, scanMs?: number): Promise<void> {
  const duck = await loadDuckdb();
  if (!duck) {
    console.log('DuckDB: not installed (npm install)  — or point BENCH_DUCKDB_FROM at a folder where @duckdb/node-api is installed');
    return;
  }
  const { files, graph } = smallFiles(dir);
  const events = graph.reduce((s, f) => s + countRecords(f), 0);

  // the scan, in-process too (intel loaded before timing, as in part `large`), best of 2
  const intel = await getIntel(join(dir, '.data'));
  intel.lookupIp('8.8.8.8');
  let inProcMs = Infinity;
  for (let round = 0; round < 2; round++) {
    globalThis.gc?.();
    const t0 = performance.now();
    const pipeline = await createPipeline({ mode: 'batch', intel });
    await readPaths(files, (d) => pipeline.addDirectory([d]), (e) => pipeline.add(e));
    pipeline.finish();
    inProcMs = Math.min(inProcMs, performance.now() - t0);
  }
  if (scanMs === undefined) {
    const tmp = mkdtempSync(join(tmpdir(), 'sw-bench-duck-'));
    try {
      scanChild(dir, join(tmp, 'r.json')); // warm-up
      scanMs = Math.min(scanChild(dir, join(tmp, 'r.json')), scanChild(dir, join(tmp, 'r.json')));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  const timeDuck = async (typed: boolean): Promise<{ ms: number; row: Record<string, unknown> }> => {
    let best = Infinity;
    let row: Record<string, unknown> = {};
    for (let round = 0; round < 2; round++) {
      const t0 = performance.now();
      const inst = await duck.DuckDBInstance.create(':memory:');
      const conn = await inst.connect();
      try {
        row = (await conn.runAndReadAll(travelSql(graph, typed))).getRowObjectsJS()[0];
      } finally {
        conn.closeSync();
        inst.closeSync();
      }
      best = Math.min(best, performance.now() - t0);
    }
    return { ms: best, row };
  };
  const typed = await timeDuck(true);
  const auto = await timeDuck(false);
  const r = typed.row;
  if (Number(r.events) !== events) throw new Error(`DuckDB counted ${String(r.events)} events, the pages hold ${events}`);
  console.log(
    `duckdb    result: ${fmt(Number(r.events))} events, ${fmt(Number(r.users))} users, ${fmt(Number(r.pairs))} consecutive pairs, ${fmt(Number(r.over_1000_kmh))} over 1,000 km/h`,
  );
  console.log(`duckdb    typed columns (4 fields)     ${secs(typed.ms).padStart(8)}  ${fmt(events / (typed.ms / 1000)).padStart(9)} events/s  (in-process, open+query, best of 2)`);
  console.log(`duckdb    inferred schema              ${secs(auto.ms).padStart(8)}  ${fmt(events / (auto.ms / 1000)).padStart(9)} events/s  (in-process, open+query, best of 2)`);
  console.log(`scan      child process (part small)   ${secs(scanMs).padStart(8)}  ${fmt(events / (scanMs / 1000)).padStart(9)} events/s  (Node start-up, tsx, intel load included)`);
  console.log(`scan      in-process pipeline          ${secs(inProcMs).padStart(8)}  ${fmt(events / (inProcMs / 1000)).padStart(9)} events/s  (intel preloaded, best of 2)`);
  const best = Math.min(typed.ms, auto.ms);
  const ratio = best / scanMs;
  console.log(`ratio     DuckDB (faster variant) / scan (child)  ${ratio.toFixed(2)}×  (target ≥ 1.50×)  ${verdict(ratio >= 1.5)}`);
  console.log(`ratio     DuckDB (faster variant) / scan (in-process)  ${(best / inProcMs).toFixed(2)}×  (for reference)`);
}

// --- linearity ----------------------------------------------------------------------------------------------------

/** µs per event of the in-process scan over subsets of the company's event files (directory always included). */
export async function runLinear(dir: string): Promise<void> {
  const directory = inputs(dir, ['directory']);
  const subs = ['entra', 'okta'].map((s) => inputs(dir, [s]));
  // records per file from each folder's first file (pages are full but the last): an estimate to pick subsets
  const perFile = subs.map((fs) => (fs.length ? countRecords(fs[0]) : 0));
  const estimate = subs.reduce((s, fs, i) => s + fs.length * perFile[i], 0);
  const sizes = (process.env.BENCH_LINEAR_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  const intel = await getIntel(join(dir, '.data'));
  intel.lookupIp('8.8.8.8');
  const rows: { target: number; files: number; events: number; ms: number; rounds: number }[] = [];
  // target 0 first: the directory alone (pipeline set-up, directory, evaluating everyone) = the fixed cost of a run
  for (const target of [0, ...sizes]) {
    const frac = Math.min(1, target / estimate);
    // the same share of each folder's files, so every subset mixes Graph and Okta like the whole
    const chosen = [...directory, ...(target === 0 ? [] : subs.flatMap((fs) => fs.slice(0, Math.max(1, Math.round(fs.length * frac)))))];
    const rounds = target >= 1_000_000 ? 1 : 2; // best of 2 but for the largest (bounded time)
    let best = Infinity;
    let events = 0;
    for (let round = 0; round < rounds; round++) {
      globalThis.gc?.();
      const t0 = performance.now();
      const pipeline = await createPipeline({ mode: 'batch', intel });
      events = 0;
      await readPaths(chosen, (d) => pipeline.addDirectory([d]), (e) => {
        events++;
        return pipeline.add(e);
      });
      pipeline.finish();
      best = Math.min(best, performance.now() - t0);
    }
    rows.push({ target, files: chosen.length, events, ms: best, rounds });
  }
  const fixed = rows[0].ms;
  console.log('target      files     events     time     µs/event  net µs/event   (in-process, intel preloaded; directory in every subset)');
  for (const r of rows) {
    const us = r.events ? ((r.ms * 1000) / r.events).toFixed(2) : '–';
    const net = r.events ? (((r.ms - fixed) * 1000) / r.events).toFixed(2) : '–';
    const what = r.target === 0 ? 'directory only: fixed cost of a run' : '';
    console.log(
      `${fmt(r.target).padStart(9)} ${String(r.files).padStart(7)} ${fmt(r.events).padStart(10)} ${secs(r.ms).padStart(9)} ${us.padStart(10)} ${net.padStart(13)}   ${r.rounds === 1 ? '1 run' : 'best of 2'} ${what}`,
    );
  }
  const net = rows.filter((r) => r.events > 0).map((r) => ((r.ms - fixed) * 1000) / r.events);
  if (net.length > 1) console.log(`spread    net µs/event, largest / smallest size: ${(net.at(-1)! / net[0]).toFixed(2)}× (1.00 = linear; noisy when the small sizes are near the fixed cost)`);
}
