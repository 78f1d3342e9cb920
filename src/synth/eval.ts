// Quality measurement of the product on a synthetic company: generate it (seeded), read its files with the real
// readers, stream the sign-ins through the real pipeline (detectors + intel) in global time order, evaluate at the
// end of every day, and score against truth.json: recall and precision at level 'high', days from a planted
// person's first sign-in to their first 'high', and the honest people wrongly flagged (with their findings).
import { mkdtempSync, rmSync } from 'node:fs';
import { openIntel } from '../intel/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../core/config.ts';
import type { PersonResult, RiskLevel } from '../core/model.ts';
import { createPipeline, loadInputs } from '../app/scan.ts';
import { generateCompany } from './company.ts';
import type { Truth } from './truth.ts';

const DAY = 86_400_000;

export interface EvalOptions {
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
}

export interface EvalResult {
  seed: number;
  people: number;
  days: number;
  events: number;
  rejected: number;
  planted: PlantedOutcome[];
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

export async function runEval(opts: EvalOptions = {}): Promise<EvalResult> {
  const dir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'sleetwatch-eval-'));
  try {
    const t0 = performance.now();
    const { truth } = await generateCompany({ seed: opts.seed ?? 7, outDir: dir, people: opts.people, days: opts.days, start: opts.start });
    const t1 = performance.now();
    const { events, directory, inputs } = await loadInputs([join(dir, 'directory'), join(dir, 'entra'), join(dir, 'okta')]);
    const t2 = performance.now();
    const rejected = inputs.reduce((s, i) => s + i.rejected, 0) + inputs.filter((i) => i.format === 'unreadable').length;
    events.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    // Evaluated on GeoLite2, the source the company's addresses were chosen by.
    const intel = await openIntel({ dataDir: dir, geoSource: (process.env.EVAL_GEO as 'dbip') ?? 'geolite2' });
    const pipeline = await createPipeline({ mode: 'stream', config: opts.config, dataDir: dir, intel });
    pipeline.addDirectory(directory);
    const upnToPid = new Map<string, string>();
    const pidToUpn = new Map<string, string>();
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
    for (const p of truth.planted) pidToUpn.set(upnToPid.get(p.upn.toLowerCase()) ?? '', p.upn);
    const categoriesOf = categoryIndex(truth);

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
        for (const c of cats.length ? cats : ['ordinary']) mediumHonestByCategory[c] = (mediumHonestByCategory[c] ?? 0) + 1;
      }
    }
    const recalled = planted.filter((p) => p.finalLevel === 'high' || p.daysToHigh !== null).length;
    return {
      seed: truth.seed,
      people: truth.people,
      days: truth.days,
      events: events.length,
      rejected,
      planted,
      recall: truth.planted.length ? recalled / truth.planted.length : 0,
      precision: high.length ? tp.length / high.length : 1,
      medianDaysToHigh: median(planted.map((p) => p.daysToHigh).filter((d): d is number => d !== null)),
      flaggedHigh: high.length,
      truePositives: tp.length,
      falsePositives: fps.map((p) => ({ upn: mainId(p), categories: categoriesOf(p), risk: p.risk, findings: summarise(p) })),
      everHighHonest: [...honestHighDays].map(([pid, days]) => {
        const p = byPid.get(pid)!;
        return { upn: p ? mainId(p) : pid, categories: p ? categoriesOf(p) : [], days };
      }),
      levels,
      mediumHonestByCategory,
      timing: { generateMs: Math.round(t1 - t0), loadMs: Math.round(t2 - t1), streamMs: Math.round(t3 - t2), evaluations },
      detectorErrors: final.errors.length,
    };
  } finally {
    if (!opts.outDir) rmSync(dir, { recursive: true, force: true });
  }
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

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The human-readable report of an evaluation. */
export function formatEval(r: EvalResult, targets = { recall: 0.9, precision: 0.8, medianDays: 7 }): string {
  const L: string[] = [];
  const ok = (b: boolean) => (b ? 'ok  ' : 'MISS');
  L.push(`sleetwatch evaluation: seed ${r.seed}, ${r.people} people, ${r.days} days, ${r.events} events (${r.rejected} rejected records), ${r.detectorErrors} detector errors`);
  L.push(`  time: generate ${r.timing.generateMs} ms, load ${r.timing.loadMs} ms, stream + ${r.timing.evaluations} daily evaluations ${r.timing.streamMs} ms`);
  L.push('');
  L.push(`${ok(r.recall >= targets.recall)} recall at high     ${pct(r.recall)}  (${r.planted.filter((p) => p.finalLevel === 'high' || p.daysToHigh !== null).length}/${r.planted.length} planted; target ≥ ${pct(targets.recall)})`);
  L.push(`${ok(r.precision >= targets.precision)} precision at high  ${pct(r.precision)}  (${r.truePositives}/${r.flaggedHigh} flagged high are planted; target ≥ ${pct(targets.precision)})`);
  L.push(`${ok(r.medianDaysToHigh !== null && r.medianDaysToHigh <= targets.medianDays)} median days to high ${r.medianDaysToHigh ?? 'n/a'}  (from first sign-in; target ≤ ${targets.medianDays})`);
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
  }
  L.push(`honest people rated high at some end-of-day evaluation: ${r.everHighHonest.length}`);
  for (const e of r.everHighHonest.slice(0, 30)) L.push(`  ${e.upn} (${e.categories.join(', ') || 'ordinary'}) on ${e.days} day(s)`);
  L.push('');
  const lv = (m: Record<string, number>) => ['high', 'medium', 'low', 'none'].map((k) => `${k} ${m[k] ?? 0}`).join(', ');
  L.push(`final levels: planted ${lv(r.levels.planted)}; honest ${lv(r.levels.honest)}`);
  L.push(`honest people at medium by category: ${Object.entries(r.mediumHonestByCategory).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  return L.join('\n');
}
