// `npx sleetwatch <command>`: scan, formats, serve, demo, generate, intel. Progress goes to stderr, results to stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PersonResult, Report } from '../core/model.ts';
import { loadConfig } from '../app/config-file.ts';
import { scanPaths, createPipeline, readPaths, getIntel } from '../app/scan.ts';
import { IngestService, persistRun } from '../app/service.ts';
import { formats } from '../sources/index.ts';
import { openStore } from '../store/index.ts';
import { buildServer } from '../server/index.ts';
import { importIndicators, refreshIntel } from '../intel/index.ts';
import { generateCompany } from '../synth/company.ts';
import { buildReport } from '../core/report.ts';
import { defaultConfigDocument } from '../app/default-config.ts';
import { detectors } from '../detectors/registry.ts';

const VERSION = '0.1.0';

const HELP = `sleetwatch ${VERSION} — find fraudulent remote IT workers in identity data

Usage:
  sleetwatch scan <file|folder>... [--report FILE] [--store] [--config FILE] [--data-dir DIR] [--top N]
      Read sign-in and directory exports (format detected by content), detect, score, print a ranked table.
      --report FILE  write the JSON report (schema: schemas/report.v1.schema.json)
      --store        also persist results in the store (PGlite in --data-dir, or PostgreSQL via DATABASE_URL)
  sleetwatch formats                 list the supported input formats with an example of each
  sleetwatch detectors               list the detectors: stage, published indicator, data needed
  sleetwatch config                  print every default threshold and weight (copy to sleetwatch.config.json to tune)
  sleetwatch serve [--port 8080] [--host 127.0.0.1] [--data-dir DIR]
      HTTP API on the store: GET /api/people, GET /api/people/:id, POST /api/ingest, GET /api/openapi.json, GET /healthz
  sleetwatch demo [--out DIR] [--no-serve] [--port 8080]
      generate a synthetic company, scan it into the embedded store, print the top of the ranking, serve the API
  sleetwatch generate --out DIR [--seed N] [--people N] [--days N]
  sleetwatch intel refresh [--shared DIR]      rebuild data/intel catalogues from ../shared/data (offline)
  sleetwatch intel import <file.csv|bundle.json> [--data-dir DIR]   import IP/CIDR/ASN indicators (CSV or STIX 2.1)
  sleetwatch intel lookup <ip>...              show what the offline intel knows about IPs
`;

const err = (s: string) => process.stderr.write(s + '\n');

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'scan':
        return await scanCmd(rest);
      case 'formats':
        return formatsCmd();
      case 'serve':
        return await serveCmd(rest);
      case 'demo':
        return await demoCmd(rest);
      case 'generate':
        return await generateCmd(rest);
      case 'intel':
        return await intelCmd(rest);
      case 'config':
        process.stdout.write(JSON.stringify(defaultConfigDocument(), null, 2) + '\n');
        return 0;
      case 'detectors':
        return detectorsCmd();
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return 0;
      default:
        err(`sleetwatch: unknown command '${cmd}'\n`);
        err(HELP);
        return 2;
    }
  } catch (e) {
    err(`sleetwatch ${cmd}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function progressPrinter(): (p: { file: string; index: number; files: number; bytesRead: number; totalBytes: number; events: number }) => void {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (p) => {
    const now = Date.now();
    if (now - last < (tty ? 200 : 2000) && p.bytesRead < p.totalBytes) return;
    last = now;
    const pct = p.totalBytes ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100;
    const line = `[${p.index + 1}/${p.files}] ${p.file} ${pct}%  ${p.events.toLocaleString('en-US')} events`;
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else err(line);
  };
}

async function scanCmd(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      report: { type: 'string' },
      store: { type: 'boolean', default: false },
      config: { type: 'string' },
      'data-dir': { type: 'string', default: './.sleetwatch' },
      top: { type: 'string', default: '20' },
    },
  });
  if (positionals.length === 0) throw new Error('scan needs at least one file or folder');
  const config = loadConfig(values.config);
  const dataDir = values['data-dir']!;
  const startedAt = new Date();
  const t0 = performance.now();
  let report: Report;
  if (values.store) {
    const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
    try {
      const pipeline = await createPipeline({ mode: 'batch', config, dataDir });
      const eventIds: string[] = [];
      const inputs = await readPaths(
        positionals,
        (d) => pipeline.addDirectory([d]),
        (e) => {
          const fresh = pipeline.add(e);
          if (fresh) eventIds.push(e.id);
          return fresh;
        },
        { onProgress: progressPrinter() },
      );
      const result = pipeline.finish();
      report = buildReport(result, inputs, new Date());
      const runId = await persistRun(store, pipeline, result, inputs, 'scan', startedAt);
      // The API (serve) continues from this state: it must know these events so a re-post is not counted twice.
      await store.claimEvents(eventIds);
      if (process.stderr.isTTY) process.stderr.write('\n');
      err(`stored run ${runId} (${result.people.length} people) in ${process.env.DATABASE_URL ? 'PostgreSQL' : `${dataDir}/db`}`);
    } finally {
      await store.close();
    }
  } else {
    ({ report } = await scanPaths(positionals, { config, dataDir, onProgress: progressPrinter() }));
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
  const secs = (performance.now() - t0) / 1000;
  printInputs(report);
  printRanking(report.people, Number(values.top));
  const total = (k: 'records' | 'accepted' | 'ignored' | 'rejected') => report.inputs.reduce((n, i) => n + i[k], 0).toLocaleString('en-US');
  err(`scanned ${total('records')} records (${total('accepted')} accepted, ${total('ignored')} ignored, ${total('rejected')} rejected) in ${secs.toFixed(1)} s`);
  if (values.report) {
    mkdirSync(dirname(resolve(values.report)), { recursive: true });
    writeFileSync(values.report, JSON.stringify(report, null, 2));
    err(`report written to ${values.report}`);
  }
  const unreadable = report.inputs.filter((i) => i.format === 'unreadable').length;
  return unreadable > 0 ? 3 : 0;
}

function printInputs(report: Report): void {
  // One line per format (with why records were ignored); files are listed one by one only when something was
  // rejected or unreadable.
  type Group = { files: number; records: number; accepted: number; ignored: number; rejected: number; reasons: Map<string, number> };
  const byFormat = new Map<string, Group>();
  for (const i of report.inputs) {
    if (i.format === 'unreadable') continue;
    const g = byFormat.get(i.format) ?? { files: 0, records: 0, accepted: 0, ignored: 0, rejected: 0, reasons: new Map() };
    g.files++;
    g.records += i.records;
    g.accepted += i.accepted;
    g.ignored += i.ignored;
    g.rejected += i.rejected;
    for (const [r, k] of Object.entries(i.ignoredReasons)) g.reasons.set(r, (g.reasons.get(r) ?? 0) + k);
    byFormat.set(i.format, g);
  }
  const n = (x: number) => x.toLocaleString('en-US');
  for (const [format, g] of byFormat) {
    err(
      `  ${format}: ${n(g.records)} records, ${n(g.accepted)} accepted, ${n(g.ignored)} ignored, ${n(g.rejected)} rejected (${g.files} file${g.files === 1 ? '' : 's'})`,
    );
    if (g.reasons.size > 0)
      err(`      ignored: ${[...g.reasons].sort((a, b) => b[1] - a[1]).map(([r, k]) => `${n(k)} ${r}`).join('; ')}`);
  }
  for (const i of report.inputs) {
    if (i.format !== 'unreadable' && i.errors.length === 0) continue;
    const status = i.format === 'unreadable' ? 'UNREADABLE' : `${i.format}: ${i.rejected} rejected of ${i.records}`;
    err(`  ${i.path}  ${status}`);
    for (const e of i.errors.slice(0, 5)) {
      const where = e.line !== undefined ? `line ${e.line}` : e.index !== undefined ? `index ${e.index}` : '';
      err(`      ${where ? where + ': ' : ''}${e.field}: ${e.message}`);
    }
    if (i.errors.length > 5) err(`      … ${i.errors.length - 5} more (see the report)`);
  }
}

export function rankingTable(people: PersonResult[], top: number): string {
  const rows = people.filter((p) => p.level !== 'none').slice(0, top);
  const lines = [`${'#'.padStart(3)}  ${'risk'.padStart(4)}  ${'level'.padEnd(6)}  ${'person'.padEnd(34)}  top findings`];
  rows.forEach((p, i) => {
    const who = (p.identifiers.find((x) => x.includes('@')) ?? p.displayName ?? p.personId).slice(0, 34);
    const finds = p.findings.slice(0, 3).map((f) => `[${f.severity}] ${f.title}`).join('; ');
    lines.push(`${String(i + 1).padStart(3)}  ${String(p.risk).padStart(4)}  ${p.level.padEnd(6)}  ${who.padEnd(34)}  ${finds}`);
  });
  const counts = ['high', 'medium', 'low', 'none'].map((l) => `${l}: ${people.filter((p) => p.level === l).length}`).join(', ');
  lines.push(`${people.length} people — ${counts}`);
  return lines.join('\n');
}

function printRanking(people: PersonResult[], top: number): void {
  process.stdout.write(rankingTable(people, top) + '\n');
}

function detectorsCmd(): number {
  for (const d of detectors) {
    const def = d.definition;
    process.stdout.write(`${def.id}  [${def.stage}; default severity ${def.severity}; needs ${def.needs.join(', ')}]\n  ${def.title}\n  indicator: ${def.indicator.text}\n  source: ${def.indicator.reference}\n\n`);
  }
  return 0;
}

function formatsCmd(): number {
  for (const f of formats) {
    process.stdout.write(`${f.id}  (${f.produces}; ${f.containers.join(', ')})\n  ${f.title}\n  example:\n`);
    process.stdout.write(f.example.split('\n').map((l) => '    ' + l).join('\n') + '\n\n');
  }
  return 0;
}

async function startServer(dataDir: string, host: string, port: number, config = loadConfig()): Promise<void> {
  const store = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });
  const service = await IngestService.open(store, { config, dataDir });
  const app = await buildServer({ store, version: VERSION, ingest: (body, o) => service.ingest(body, o) });
  await app.listen({ host, port });
  err(`sleetwatch API on http://${host}:${port}  (GET /api/people, /api/openapi.json, /healthz)`);
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function serveCmd(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, 'data-dir': { type: 'string', default: './.sleetwatch' }, config: { type: 'string' } },
  });
  await startServer(values['data-dir']!, values.host!, Number(values.port), loadConfig(values.config));
  await new Promise(() => {}); // serve until signalled
  return 0;
}

async function generateCmd(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, seed: { type: 'string', default: '7' }, people: { type: 'string' }, days: { type: 'string' } } });
  if (!values.out) throw new Error('generate needs --out DIR');
  const { files, truth } = await generateCompany({
    outDir: values.out,
    seed: Number(values.seed),
    people: values.people ? Number(values.people) : undefined,
    days: values.days ? Number(values.days) : undefined,
  });
  err(`wrote ${files.length} files to ${values.out} (${(truth as { planted?: unknown[] }).planted?.length ?? '?'} planted fraudulent workers; see truth.json)`);
  return 0;
}

async function demoCmd(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string', default: './.sleetwatch/demo-company' },
      'data-dir': { type: 'string', default: './.sleetwatch' },
      'no-serve': { type: 'boolean', default: false },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  err(`1/3 generating a synthetic company in ${values.out} …`);
  await generateCmd(['--out', values.out!]);
  err(`2/3 scanning it into the embedded store (${values['data-dir']}/db) …`);
  // The vendor exports only: truth.json (what was planted) is the answer key, not an input.
  const exportsDirs = ['directory', 'entra', 'okta'].map((d) => join(values.out!, d));
  const code = await scanCmd([...exportsDirs, '--store', '--data-dir', values['data-dir']!, '--report', `${values['data-dir']}/demo-report.json`, '--top', '15']);
  if (code !== 0) return code;
  if (values['no-serve']) return 0;
  err('3/3 serving the API (Ctrl-C to stop) …');
  await startServer(values['data-dir']!, values.host!, Number(values.port));
  await new Promise(() => {});
  return 0;
}

async function intelCmd(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'refresh') {
    const { values } = parseArgs({ args: rest, options: { shared: { type: 'string', default: '../shared/data' }, out: { type: 'string' } } });
    const r = await refreshIntel({ sharedDir: values.shared!, outDir: values.out });
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    return 0;
  }
  if (sub === 'import') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'data-dir': { type: 'string', default: './.sleetwatch' } } });
    if (positionals.length === 0) throw new Error('intel import needs a CSV or STIX 2.1 bundle file');
    let failed = 0;
    for (const file of positionals) {
      const r = await importIndicators(file, values['data-dir']!);
      err(`${file}: ${r.added} indicators added (${r.total} in store), ${r.rejected.length} rejected`);
      for (const x of r.rejected.slice(0, 20)) {
        const where = x.line !== undefined ? `line ${x.line}` : x.index !== undefined ? `index ${x.index}` : '';
        err(`    ${where ? where + ': ' : ''}${x.field}: ${x.message}`);
      }
      if (r.rejected.length) failed++;
    }
    return failed ? 4 : 0;
  }
  if (sub === 'lookup') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'data-dir': { type: 'string', default: './.sleetwatch' }, config: { type: 'string' } } });
    const intel = await getIntel(values['data-dir'], loadConfig(values.config)); // trustedEgress shows as class corporate
    for (const ip of positionals) process.stdout.write(JSON.stringify(intel.lookupIp(ip) ?? { ip, error: 'not an IP address' }) + '\n');
    return 0;
  }
  throw new Error(`intel needs a subcommand: refresh | import | lookup`);
}
