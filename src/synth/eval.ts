// Quality measurement of the product on a synthetic company: generate it (seeded) ONCE, read its files with the
// real readers, and for each variation a real user meets (geo source GeoLite2 or DB-IP; the vendors' location
// fields present or absent) stream the sign-ins through the real pipeline (detectors + intel) in global time order,
// evaluate at the end of every day, and score against truth.json: recall and precision at level 'high', days from a
// planted person's first sign-in to their first 'high', and the honest people wrongly flagged (with their findings
// and the lines the local database misplaces for them).
import { mkdtempSync, rmSync } from 'node:fs';
import { openIntel, type GeoSource, type IntelService } from '../intel/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../core/config.ts';
import type { DirectoryEntry, NormalizedEvent, PersonResult, RiskLevel } from '../core/model.ts';
import { createPipeline, loadInputs } from '../app/scan.ts';
import { formats } from '../sources/index.ts';
import { generateCompany } from './company.ts';
import type { LinePlacement, Truth } from './truth.ts';

const DAY = 86_400_000;

/** The company's folders and the format each holds: the identity data, then devices, endpoint logs, Teams reports. */
export const COMPANY_FOLDERS: readonly (readonly [string, string])[] = [
  ['directory', 'scim-users'],
  ['entra', 'entra-signin'],
  ['okta', 'okta-systemlog'],
  ['intune', 'intune-devices'],
  ['defender', 'defender-hunting'],
  ['osquery', 'osquery-results'],
  ['teams', 'teams-activity'],
];

/**
 * The folders this build of the product can read (a format not registered in src/sources is skipped, and said).
 * Endpoint telemetry names only a host: without the device records that tie hosts to people it is skipped too.
 */
export function readableFolders(): { read: string[]; skipped: string[] } {
  const known = new Set(formats.map((f) => f.id));
  const read: string[] = [];
  const skipped: string[] = [];
  for (const [folder, format] of COMPANY_FOLDERS) {
    const hostOnly = (folder === 'defender' || folder === 'osquery') && !known.has('intune-devices');
    (known.has(format) && !hostOnly ? read : skipped).push(folder);
  }
  return { read, skipped };
}

/** One way a real user runs the product: which local geo database, and whether the vendor's own place is there. */
export interface EvalVariant {
  /** 'dbip+geolite2': DB-IP with GeoLite2 as a second opinion (SLEETWATCH_GEO=dbip+geolite2) */
  geoSource: GeoSource | 'dbip+geolite2';
  /** false: every event's vendorGeo is stripped before the pipeline (an export without the location columns) */
  vendorGeo: boolean;
}

/**
 * The headline (both geo sources, vendor fields present: DB-IP is the product's default), then the
 * vendor-fields-absent variation of both, and of DB-IP with GeoLite2 as a second opinion. Caveat on the last: the
 * company's misplaced lines are lines the two databases disagree about (truth.ts, the error model), so a second
 * database resolves them by construction; real errors both databases share would stay.
 */
export const EVAL_VARIANTS: readonly EvalVariant[] = [
  { geoSource: 'dbip', vendorGeo: true },
  { geoSource: 'geolite2', vendorGeo: true },
  { geoSource: 'dbip', vendorGeo: false },
  { geoSource: 'geolite2', vendorGeo: false },
  { geoSource: 'dbip+geolite2', vendorGeo: false },
];

export const variantName = (v: EvalVariant): string => `${v.geoSource}${v.vendorGeo ? '' : ', no vendor geo'}`;

export interface EvalOptions {
  /** geo source of the product (default 'dbip', the product's default) */
  geoSource?: EvalVariant['geoSource'];
  /** keep the vendors' location fields (default true) */
  vendorGeo?: boolean;
  seed?: number;
  people?: number;
  days?: number;
  start?: string;
  config?: Config;
  /** keep the generated company here instead of a temporary folder (kept after the run) */
  outDir?: string;
  /** evaluate everyone each day (default) or only the planted people (faster; precision only at the end) */
  dailyEveryone?: boolean;
}

export interface FindingSummary {
  detector: string;
  severity: string;
  title: string;
  explanation: string;
}

export interface PlantedOutcome {
  upn: string;
  pattern: string;
  firstSignIn: string | null;
  /** whole days from the day of the first sign-in to the end of the day first rated high (0 = that same day) */
  daysToHigh: number | null;
  finalLevel: RiskLevel | 'absent';
  finalRisk: number;
  findings: FindingSummary[];
}

export interface FalsePositive {
  upn: string;
  categories: string[];
  risk: number;
  findings: FindingSummary[];
  /** this person's lines the evaluated geo source places more than agreeKm from the truth (from truth.json) */
  misplaced: { ip: string; roles: string[]; signIns: number; km: number | null; truth: string; db: string }[];
}

export interface EvalResult {
  geoSource: EvalVariant['geoSource'];
  vendorGeo: boolean;
  seed: number;
  people: number;
  days: number;
  events: number;
  rejected: number;
  /** the company folders read, and those skipped because this build has no reader for their format */
  folders: { read: string[]; skipped: string[] };
  /** events read per kind (signin, audit, device, software, usb, usage...) */
  eventKinds: Record<string, number>;
  planted: PlantedOutcome[];
  /** recall at high per planted pattern */
  byPattern: Record<string, { planted: number; high: number }>;
  recall: number;
  precision: number;
  medianDaysToHigh: number | null;
  flaggedHigh: number;
  truePositives: number;
  falsePositives: FalsePositive[];
  /** honest people rated high at some end-of-day evaluation (alerts an analyst would have seen) */
  everHighHonest: { upn: string; categories: string[]; days: number }[];
  levels: { planted: Record<string, number>; honest: Record<string, number> };
  mediumHonestByCategory: Record<string, number>;
  timing: { generateMs: number; loadMs: number; streamMs: number; evaluations: number };
  detectorErrors: number;
}

const summarise = (p: PersonResult): FindingSummary[] =>
  p.findings.map((f) => ({ detector: f.detector, severity: f.severity, title: f.title, explanation: f.explanation }));

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A generated company, read once, to evaluate under several variants. */
export interface EvalCompany {
  dir: string;
  truth: Truth;
  events: NormalizedEvent[];
  directory: DirectoryEntry[];
  rejected: number;
  folders: { read: string[]; skipped: string[] };
  generateMs: number;
  loadMs: number;
  intels: Partial<Record<EvalVariant['geoSource'], IntelService>> & Record<GeoSource, IntelService>;
  /** removes the temporary folder (not an --out folder) */
  close(): void;
}

/** Generate the company (the slow part) and read its files with the real readers, once. */
export async function prepareEval(opts: EvalOptions = {}): Promise<EvalCompany> {
  const dir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'sleetwatch-eval-'));
  const close = () => {
    if (!opts.outDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    // No indicators: the company's folder has no intel/indicators.json.
    const intels: EvalCompany['intels'] = { geolite2: await openIntel({ dataDir: dir, geoSource: 'geolite2' }), dbip: await openIntel({ dataDir: dir, geoSource: 'dbip' }) };
    const t0 = performance.now();
    const { truth } = await generateCompany({ seed: opts.seed ?? 7, outDir: dir, people: opts.people, days: opts.days, start: opts.start, intels });
    const t1 = performance.now();
    const folders = readableFolders();
    const { events, directory, inputs } = await loadInputs(folders.read.map((f) => join(dir, f)));
    const t2 = performance.now();
    const rejected = inputs.reduce((s, i) => s + i.rejected, 0) + inputs.filter((i) => i.format === 'unreadable').length;
    events.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { dir, truth, events, directory, rejected, folders, generateMs: Math.round(t1 - t0), loadMs: Math.round(t2 - t1), intels, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** One evaluation of a prepared company (events are copied, never changed: the company can be evaluated again). */
export async function evaluateCompany(c: EvalCompany, variant: EvalVariant, opts: Pick<EvalOptions, 'config' | 'dailyEveryone'> = {}): Promise<EvalResult> {
  const { truth } = c;
  const events = c.events.map((e) => {
    if (variant.vendorGeo || e.vendorGeo === undefined) return { ...e };
    const { vendorGeo: _strip, ...rest } = e;
    return rest;
  });
  const t2 = performance.now();
  const intel = (c.intels[variant.geoSource] ??= await openIntel({ dataDir: c.dir, geoSource: variant.geoSource }));
  const pipeline = await createPipeline({ mode: 'stream', config: opts.config, dataDir: c.dir, intel });
  pipeline.addDirectory(c.directory.map((d) => ({ ...d })));
  const upnToPid = new Map<string, string>();
  const resolveAll = (people: PersonResult[]) => {
    for (const p of people) {
      for (const id of p.identifiers) {
        const k = id.toLowerCase();
        if (!upnToPid.has(k)) upnToPid.set(k, p.personId);
      }
    }
  };
  resolveAll(pipeline.evaluate().people);
  const plantedUpns = new Set(truth.planted.map((p) => p.upn.toLowerCase()));
  const categoriesOf = categoryIndex(truth);
  const misplacedOf = placementIndex(truth, variant.geoSource.split('+')[0] as GeoSource);

  const startMs = Date.parse(`${truth.start}T00:00:00Z`);
  const firstHighDay = new Map<string, number>();
  const honestHighDays = new Map<string, number>();
  let evaluations = 0;
  let i = 0;
  for (let day = 0; day < truth.days; day++) {
    const end = startMs + (day + 1) * DAY;
    while (i < events.length && events[i].time < end) pipeline.ingest(events[i++]);
    const everyone = opts.dailyEveryone !== false;
    const plantedPids = truth.planted.map((p) => upnToPid.get(p.upn.toLowerCase())).filter((x): x is string => !!x);
    const res = pipeline.evaluate(everyone ? undefined : plantedPids);
    evaluations++;
    for (const p of res.people) {
      if (p.level !== 'high') continue;
      const upn = upnOf(p, plantedUpns);
      if (upn) {
        if (!firstHighDay.has(upn)) firstHighDay.set(upn, day);
      } else honestHighDays.set(p.personId, (honestHighDays.get(p.personId) ?? 0) + 1);
    }
  }
  while (i < events.length) pipeline.ingest(events[i++]);
  const final = pipeline.evaluate();
  const t3 = performance.now();

  const byPid = new Map(final.people.map((p) => [p.personId, p]));
  const planted: PlantedOutcome[] = truth.planted.map((t) => {
    const pid = upnToPid.get(t.upn.toLowerCase());
    const p = pid ? byPid.get(pid) : undefined;
    const first = p?.firstEvent ? Date.parse(p.firstEvent) : undefined;
    const hd = firstHighDay.get(t.upn.toLowerCase());
    const firstDay = first !== undefined ? Math.floor((first - startMs) / DAY) : undefined;
    return {
      upn: t.upn,
      pattern: t.pattern,
      firstSignIn: p?.firstEvent ?? null,
      daysToHigh: hd !== undefined && firstDay !== undefined ? hd - firstDay : null,
      finalLevel: p?.level ?? 'absent',
      finalRisk: p?.risk ?? 0,
      findings: p ? summarise(p) : [],
    };
  });
  const high = final.people.filter((p) => p.level === 'high');
  const tp = high.filter((p) => upnOf(p, plantedUpns));
  const fps = high.filter((p) => !upnOf(p, plantedUpns));
  const levels = { planted: {} as Record<string, number>, honest: {} as Record<string, number> };
  const mediumHonestByCategory: Record<string, number> = {};
  for (const p of final.people) {
    const isPlanted = !!upnOf(p, plantedUpns);
    const bucket = isPlanted ? levels.planted : levels.honest;
    bucket[p.level] = (bucket[p.level] ?? 0) + 1;
    if (!isPlanted && p.level === 'medium') {
      const cats = categoriesOf(p);
      for (const cat of cats.length ? cats : ['ordinary']) mediumHonestByCategory[cat] = (mediumHonestByCategory[cat] ?? 0) + 1;
    }
  }
  const isHigh = (p: PlantedOutcome) => p.finalLevel === 'high' || p.daysToHigh !== null;
  const recalled = planted.filter(isHigh).length;
  const byPattern: EvalResult['byPattern'] = {};
  for (const p of planted) {
    const b = (byPattern[p.pattern] ??= { planted: 0, high: 0 });
    b.planted++;
    if (isHigh(p)) b.high++;
  }
  const eventKinds: Record<string, number> = {};
  for (const e of c.events) eventKinds[e.kind] = (eventKinds[e.kind] ?? 0) + 1;
  return {
    geoSource: variant.geoSource,
    vendorGeo: variant.vendorGeo,
    seed: truth.seed,
    people: truth.people,
    days: truth.days,
    events: events.length,
    rejected: c.rejected,
    folders: c.folders,
    eventKinds,
    planted,
    byPattern,
    recall: truth.planted.length ? recalled / truth.planted.length : 0,
    precision: high.length ? tp.length / high.length : 1,
    medianDaysToHigh: median(planted.map((p) => p.daysToHigh).filter((d): d is number => d !== null)),
    flaggedHigh: high.length,
    truePositives: tp.length,
    falsePositives: fps.map((p) => ({ upn: mainId(p), categories: categoriesOf(p), risk: p.risk, findings: summarise(p), misplaced: misplacedOf(p) })),
    everHighHonest: [...honestHighDays].map(([pid, days]) => {
      const p = byPid.get(pid)!;
      return { upn: p ? mainId(p) : pid, categories: p ? categoriesOf(p) : [], days };
    }),
    levels,
    mediumHonestByCategory,
    timing: { generateMs: c.generateMs, loadMs: c.loadMs, streamMs: Math.round(t3 - t2), evaluations },
    detectorErrors: final.errors.length,
  };
}

/** Generate once, evaluate under each variant (default: EVAL_VARIANTS). */
export async function runEvalMatrix(opts: EvalOptions = {}, variants: readonly EvalVariant[] = EVAL_VARIANTS): Promise<{ company: Pick<EvalCompany, 'truth' | 'generateMs' | 'loadMs'>; results: EvalResult[] }> {
  const c = await prepareEval(opts);
  try {
    const results: EvalResult[] = [];
    for (const v of variants) results.push(await evaluateCompany(c, v, opts));
    return { company: { truth: c.truth, generateMs: c.generateMs, loadMs: c.loadMs }, results };
  } finally {
    c.close();
  }
}

/** One variant (default: GeoLite2 with the vendor fields). */
export async function runEval(opts: EvalOptions = {}): Promise<EvalResult> {
  const { results } = await runEvalMatrix(opts, [{ geoSource: opts.geoSource ?? 'dbip', vendorGeo: opts.vendorGeo ?? true }]);
  return results[0];
}

function upnOf(p: PersonResult, planted: Set<string>): string | undefined {
  for (const id of p.identifiers) if (planted.has(id.toLowerCase())) return id.toLowerCase();
  return undefined;
}

function mainId(p: PersonResult): string {
  return p.identifiers.find((i) => i.includes('@')) ?? p.identifiers[0] ?? p.personId;
}

/** Hard-negative categories of a person (from truth.json). */
function categoryIndex(truth: Truth): (p: PersonResult) => string[] {
  const byUpn = new Map<string, string[]>();
  for (const h of truth.hardNegatives) {
    for (const u of h.upns) {
      const k = u.toLowerCase();
      byUpn.set(k, [...(byUpn.get(k) ?? []), h.category]);
    }
  }
  return (p) => {
    for (const id of p.identifiers) {
      const c = byUpn.get(id.toLowerCase());
      if (c) return c;
    }
    return [];
  };
}

/** The lines of a person that `db` places more than agreeKm from the truth (truth.json placement). */
function placementIndex(truth: Truth, db: GeoSource): (p: PersonResult) => FalsePositive['misplaced'] {
  const byUpn = new Map<string, LinePlacement[]>();
  for (const x of truth.placement?.people ?? []) byUpn.set(x.upn.toLowerCase(), x.lines);
  const agree = truth.placement?.model.agreeKm ?? 50;
  const where = (x: { city?: string; region?: string; country?: string }) => [x.city, x.region, x.country].filter(Boolean).join(', ');
  return (p) => {
    for (const id of p.identifiers) {
      const lines = byUpn.get(id.toLowerCase());
      if (!lines) continue;
      return lines
        .filter((l) => l[db].km === null || l[db].km! > agree)
        .map((l) => ({ ip: l.ip, roles: l.roles, signIns: l.signIns, km: l[db].km, truth: where(l.truth), db: where(l[db]) }));
    }
    return [];
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The human-readable report of an evaluation. */
export function formatEval(r: EvalResult, targets = { recall: 0.9, precision: 0.8, medianDays: 7 }): string {
  const L: string[] = [];
  const ok = (b: boolean) => (b ? 'ok  ' : 'MISS');
  L.push(`sleetwatch evaluation [${variantName(r)}]: seed ${r.seed}, ${r.people} people, ${r.days} days, ${r.events} events (${r.rejected} rejected records), ${r.detectorErrors} detector errors`);
  L.push(`  read: ${r.folders.read.join(', ')}${r.folders.skipped.length ? `; skipped (no reader in this build): ${r.folders.skipped.join(', ')}` : ''}; events by kind: ${Object.entries(r.eventKinds).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  L.push(`  time: generate ${r.timing.generateMs} ms, load ${r.timing.loadMs} ms, stream + ${r.timing.evaluations} daily evaluations ${r.timing.streamMs} ms`);
  L.push('');
  L.push(`${ok(r.recall >= targets.recall)} recall at high     ${pct(r.recall)}  (${r.planted.filter((p) => p.finalLevel === 'high' || p.daysToHigh !== null).length}/${r.planted.length} planted; target ≥ ${pct(targets.recall)})`);
  L.push(`${ok(r.precision >= targets.precision)} precision at high  ${pct(r.precision)}  (${r.truePositives}/${r.flaggedHigh} flagged high are planted; target ≥ ${pct(targets.precision)})`);
  L.push(`${ok(r.medianDaysToHigh !== null && r.medianDaysToHigh <= targets.medianDays)} median days to high ${r.medianDaysToHigh ?? 'n/a'}  (from first sign-in; target ≤ ${targets.medianDays})`);
  L.push('');
  L.push(`recall at high by pattern: ${Object.entries(r.byPattern).map(([k, v]) => `${k} ${v.high}/${v.planted}`).join(', ')}`);
  L.push('');
  L.push('planted people:');
  for (const p of r.planted) {
    const top = p.findings.slice(0, 3).map((f) => `${f.detector}/${f.severity}`).join(', ') || 'no findings';
    L.push(`  ${p.daysToHigh === null ? 'never high' : `day ${String(p.daysToHigh).padStart(2)}   `}  final ${p.finalLevel.padEnd(6)} ${String(p.finalRisk).padStart(3)}  ${p.pattern.padEnd(26)} ${p.upn}  [${top}]`);
  }
  L.push('');
  L.push(`false positives at high (final): ${r.falsePositives.length}`);
  for (const fp of r.falsePositives) {
    L.push(`  ${fp.upn} risk ${fp.risk} (${fp.categories.join(', ') || 'ordinary'})`);
    for (const f of fp.findings.slice(0, 4)) L.push(`      ${f.detector}/${f.severity}: ${f.title} — ${f.explanation.slice(0, 240)}`);
    for (const m of fp.misplaced.slice(0, 3)) L.push(`      (${r.geoSource} misplaces ${m.ip} [${m.roles.join('/')}, ${m.signIns} sign-ins] by ${m.km ?? '?'} km: ${m.db || '?'} instead of ${m.truth})`);
  }
  L.push(`honest people rated high at some end-of-day evaluation: ${r.everHighHonest.length}`);
  for (const e of r.everHighHonest.slice(0, 30)) L.push(`  ${e.upn} (${e.categories.join(', ') || 'ordinary'}) on ${e.days} day(s)`);
  L.push('');
  const lv = (m: Record<string, number>) => ['high', 'medium', 'low', 'none'].map((k) => `${k} ${m[k] ?? 0}`).join(', ');
  L.push(`final levels: planted ${lv(r.levels.planted)}; honest ${lv(r.levels.honest)}`);
  L.push(`honest people at medium by category: ${Object.entries(r.mediumHonestByCategory).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  return L.join('\n');
}

/** One line per variant: the numbers to compare across geo sources and vendor fields. */
export function formatEvalTable(results: EvalResult[], truth?: Truth): string {
  const L: string[] = [];
  const r0 = results[0];
  if (r0) L.push(`sleetwatch evaluation: seed ${r0.seed}, ${r0.people} people, ${r0.days} days, ${r0.events} events; generate ${r0.timing.generateMs} ms, load ${r0.timing.loadMs} ms`);
  const pl = truth?.placement;
  if (pl) {
    const share = (n: number) => pct(n / Math.max(1, pl.signIns));
    L.push(`database error in this company: sign-ins placed > 100 km from the truth: GeoLite2 ${share(pl.misplacedSignIns.geolite2.over100km)}, DB-IP ${share(pl.misplacedSignIns.dbip.over100km)}; ` +
      `honest people with a misplaced home line ${truth.hardNegatives.find((h) => h.category === 'misplaced-home-line')?.upns.length ?? 0}, with a second home line ${truth.hardNegatives.find((h) => h.category === 'second-home-line')?.upns.length ?? 0}`);
  }
  L.push('');
  const head = ['variant', 'recall@high', 'precision@high', 'median days', 'honest high', 'honest ever high', 'honest medium', 'stream ms'];
  const rows = results.map((r) => [
    variantName(r),
    `${pct(r.recall)} (${r.planted.filter((p) => p.finalLevel === 'high' || p.daysToHigh !== null).length}/${r.planted.length})`,
    `${pct(r.precision)} (${r.truePositives}/${r.flaggedHigh})`,
    String(r.medianDaysToHigh ?? 'n/a'),
    String(r.falsePositives.length),
    String(r.everHighHonest.length),
    String(r.levels.honest.medium ?? 0),
    String(r.timing.streamMs),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  L.push(line(head));
  for (const row of rows) L.push(line(row));
  return L.join('\n');
}
