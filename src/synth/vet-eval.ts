// Quality measurement of vetting on the synthetic applicant pool (applicants.ts): given the pool's answer key and a
// `sleetwatch.vetting/v1` report of the product on the pool's files, how many planted fraudulent candidates the
// product holds back (recommendation stop or verify), how many of its `stop`s are planted, and how many honest
// candidates it slows down (anything but proceed), overall, per planted case and per hard-negative category.
// Candidates are matched by e-mail (every candidate's e-mail is unique in the pool; the report lists each
// candidate's e-mails among its identifiers). Targets (issue 10): recall of stop|verify ≥ 0.95, precision of stop
// ≥ 0.9, honest candidates not proceed ≤ 3%.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VettingReport, type CandidateResult, type Recommendation } from '../core/candidate.ts';
import type { Config } from '../core/config.ts';
import { APPLICANT_TRUTH_SCHEMA, HARD_NEGATIVES, PLANTED_CASES, type ApplicantTruth, type ApplicantTruthEntry } from './applicants-truth.ts';

export const VETTING_TARGETS = { recall: 0.95, stopPrecision: 0.9, honestNotProceed: 0.03 } as const;

export interface Tally {
  n: number;
  stop: number;
  verify: number;
  proceed: number;
  /** in the answer key but not in the report (counted as not held back) */
  missing: number;
}

export interface CandidateOutcome {
  email: string;
  name: string;
  cases: string[];
  negatives: string[];
  recommendation: Recommendation | 'missing';
  risk: number | null;
  /** what the product said: "check/severity: title" */
  findings: string[];
  failedChecklist: string[];
  note?: string;
}

export interface VettingEvalResult {
  candidates: number;
  fraud: Tally;
  honest: Tally;
  /** fraud held back (stop or verify) / fraud */
  recall: number;
  /** planted among stop (null: no stop at all) */
  stopPrecision: number | null;
  /** honest not proceed / honest present in the report */
  honestNotProceed: number;
  /** per planted case: the fraud candidates carrying it */
  byCase: Record<string, Tally & { recall: number }>;
  /** fraud with exactly one planted case, and with several */
  bySignals: { single: Tally & { recall: number }; several: Tally & { recall: number } };
  /** per hard-negative category: the honest candidates in it */
  byNegative: Record<string, Tally & { notProceed: number }>;
  missed: CandidateOutcome[];
  /** honest candidates not proceed, stops first */
  honestFlagged: CandidateOutcome[];
  /** report candidates that match no candidate of the pool (e.g. an interview record that joined nobody) */
  unmatched: { candidateId: string; recommendation: Recommendation; identifiers: string[] }[];
  /** report candidates that match several pool candidates (the product merged different people) */
  merged: { candidateId: string; emails: string[] }[];
  targets: typeof VETTING_TARGETS;
  pass: { recall: boolean; stopPrecision: boolean; honestNotProceed: boolean };
}

const tally = (): Tally => ({ n: 0, stop: 0, verify: 0, proceed: 0, missing: 0 });
const add = (t: Tally, r: Recommendation | 'missing') => {
  t.n++;
  t[r]++;
};
const held = (t: Tally) => t.stop + t.verify;
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * The pool's answer key, never inside the folder the product reads: `<dir>-truth.json` (a pool of its own), else the
 * company's answer key (its `applicants`) when the pool is a company's `applicants/` folder: `<company>/truth.json`
 * as generateCompany writes it, or `<company>-truth.json` where `sleetwatch generate` moves it; `<dir>/truth.json` last.
 */
export function loadApplicantTruth(dir: string): ApplicantTruth {
  const d = dir.replace(/[\\/]+$/, '');
  for (const file of [`${d}-truth.json`, join(dirname(d), 'truth.json'), `${dirname(d)}-truth.json`, join(d, 'truth.json')]) {
    if (!existsSync(file)) continue;
    const t = JSON.parse(readFileSync(file, 'utf8')) as { schema?: string; applicants?: ApplicantTruth };
    if (t.schema === APPLICANT_TRUTH_SCHEMA) return t as ApplicantTruth;
    if (t.applicants?.schema === APPLICANT_TRUTH_SCHEMA) return t.applicants;
  }
  throw new Error(`no applicant answer key for ${dir}: looked for ${d}-truth.json, ${join(dirname(d), 'truth.json')}, ${dirname(d)}-truth.json and ${join(d, 'truth.json')}`);
}

/** Score a vetting report against the answer key of the pool in `dir` (see loadApplicantTruth). */
export function evaluateVetting(dir: string, report: VettingReport): VettingEvalResult {
  return scoreVetting(loadApplicantTruth(dir), report);
}

const emailsOf = (c: CandidateResult): string[] => c.identifiers.filter((i) => i.includes('@')).map((i) => i.trim().toLowerCase().replace(/^mailto:/, ''));

export function scoreVetting(truth: ApplicantTruth, reportInput: VettingReport): VettingEvalResult {
  const report = VettingReport.parse(reportInput);
  const byEmail = new Map<string, ApplicantTruthEntry>(truth.candidates.map((t) => [t.email.toLowerCase(), t]));
  const found = new Map<ApplicantTruthEntry, CandidateResult>();
  const unmatched: VettingEvalResult['unmatched'] = [];
  const merged: VettingEvalResult['merged'] = [];
  for (const c of report.candidates) {
    const hits = [...new Set(emailsOf(c).map((e) => byEmail.get(e)).filter((t): t is ApplicantTruthEntry => t !== undefined))];
    if (hits.length === 0) unmatched.push({ candidateId: c.candidateId, recommendation: c.recommendation, identifiers: c.identifiers });
    if (hits.length > 1) merged.push({ candidateId: c.candidateId, emails: hits.map((h) => h.email) });
    for (const h of hits) {
      const prev = found.get(h);
      // a candidate reported twice (not merged): the stricter recommendation stands
      if (!prev || rank(c.recommendation) > rank(prev.recommendation)) found.set(h, c);
    }
  }
  const outcome = (t: ApplicantTruthEntry): CandidateOutcome => {
    const c = found.get(t);
    return {
      email: t.email,
      name: t.name,
      cases: t.cases,
      negatives: t.negatives,
      recommendation: c?.recommendation ?? 'missing',
      risk: c?.risk ?? null,
      findings: c ? c.findings.map((f) => `${f.check}/${f.severity}: ${f.title}`) : [],
      failedChecklist: c ? c.checklist.filter((x) => x.status === 'failed').map((x) => x.item) : [],
      ...(t.note ? { note: t.note } : {}),
    };
  };

  const fraud = tally();
  const honest = tally();
  const byCase: Record<string, Tally> = Object.fromEntries(PLANTED_CASES.map((k) => [k, tally()]));
  const byNegative: Record<string, Tally> = Object.fromEntries(HARD_NEGATIVES.map((k) => [k, tally()]));
  const single = tally();
  const several = tally();
  const missed: CandidateOutcome[] = [];
  const honestFlagged: CandidateOutcome[] = [];
  for (const t of truth.candidates) {
    const r = found.get(t)?.recommendation ?? 'missing';
    if (t.fraud) {
      add(fraud, r);
      for (const k of t.cases) add((byCase[k] ??= tally()), r);
      add(t.cases.length > 1 ? several : single, r);
      if (r === 'proceed' || r === 'missing') missed.push(outcome(t));
    } else {
      add(honest, r);
      for (const k of t.negatives) add((byNegative[k] ??= tally()), r);
      if (r === 'stop' || r === 'verify') honestFlagged.push(outcome(t));
    }
  }
  let stops = 0;
  let plantedStops = 0;
  for (const [t, c] of found) {
    if (c.recommendation !== 'stop') continue;
    stops++;
    if (t.fraud) plantedStops++;
  }
  // a stop on a candidate of no pool entry is not a planted one
  stops += unmatched.filter((u) => u.recommendation === 'stop').length;
  const withRecall = (x: Tally) => ({ ...x, recall: ratio(held(x), x.n) });
  const recall = ratio(held(fraud), fraud.n);
  const stopPrecision = stops === 0 ? null : plantedStops / stops;
  const honestNotProceed = ratio(held(honest), honest.n - honest.missing);
  honestFlagged.sort((a, b) => rank(b.recommendation) - rank(a.recommendation) || (b.risk ?? 0) - (a.risk ?? 0) || a.email.localeCompare(b.email));
  return {
    candidates: truth.candidates.length,
    fraud,
    honest,
    recall,
    stopPrecision,
    honestNotProceed,
    byCase: Object.fromEntries(Object.entries(byCase).filter(([, v]) => v.n > 0).map(([k, v]) => [k, withRecall(v)])),
    bySignals: { single: withRecall(single), several: withRecall(several) },
    byNegative: Object.fromEntries(Object.entries(byNegative).filter(([, v]) => v.n > 0).map(([k, v]) => [k, { ...v, notProceed: ratio(held(v), v.n - v.missing) }])),
    missed,
    honestFlagged,
    unmatched,
    merged,
    targets: VETTING_TARGETS,
    pass: {
      recall: recall >= VETTING_TARGETS.recall,
      stopPrecision: stopPrecision !== null && stopPrecision >= VETTING_TARGETS.stopPrecision,
      honestNotProceed: honestNotProceed <= VETTING_TARGETS.honestNotProceed,
    },
  };
}

function rank(r: Recommendation | 'missing'): number {
  return r === 'stop' ? 3 : r === 'verify' ? 2 : r === 'proceed' ? 1 : 0;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function table(head: string[], rows: string[][]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), ...rows.map(line)];
}

/** The evaluation as a printable report: headline against the targets, per planted case, per hard negative, then who. */
export function formatVetting(r: VettingEvalResult, opts: { list?: number } = {}): string {
  const list = opts.list ?? 20;
  const ok = (b: boolean) => (b ? 'ok' : 'BELOW TARGET');
  const L: string[] = [];
  L.push(`vetting evaluation: ${r.candidates} candidates, ${r.fraud.n} planted fraud, ${r.honest.n} honest`);
  L.push(`  recall of stop|verify on planted fraud  ${pct(r.recall)} (${held(r.fraud)}/${r.fraud.n})   target ≥ ${pct(r.targets.recall)}  ${ok(r.pass.recall)}`);
  L.push(`  precision of stop                       ${pct(r.stopPrecision)}   target ≥ ${pct(r.targets.stopPrecision)}  ${ok(r.pass.stopPrecision)}`);
  L.push(`  honest candidates not proceed           ${pct(r.honestNotProceed)} (${held(r.honest)}/${r.honest.n - r.honest.missing})   target ≤ ${pct(r.targets.honestNotProceed)}  ${ok(r.pass.honestNotProceed)}`);
  if (r.fraud.missing + r.honest.missing > 0) L.push(`  not in the report: ${r.fraud.missing} planted, ${r.honest.missing} honest`);
  if (r.unmatched.length) L.push(`  report candidates matching no pool candidate: ${r.unmatched.length}`);
  if (r.merged.length) L.push(`  report candidates merging several pool candidates: ${r.merged.length}`);
  L.push('');
  const row = (k: string, t: Tally, share: number) => [k, String(t.n), String(t.stop), String(t.verify), String(t.proceed), String(t.missing), pct(share)];
  L.push(
    ...table(
      ['planted case', 'n', 'stop', 'verify', 'proceed', 'missing', 'recall'],
      [...Object.entries(r.byCase).map(([k, t]) => row(k, t, t.recall)), row('(one signal only)', r.bySignals.single, r.bySignals.single.recall), row('(several signals)', r.bySignals.several, r.bySignals.several.recall)],
    ),
  );
  L.push('');
  L.push(...table(['hard negative', 'n', 'stop', 'verify', 'proceed', 'missing', 'not proceed'], Object.entries(r.byNegative).map(([k, t]) => row(k, t, t.notProceed))));
  const who = (o: CandidateOutcome) =>
    `  ${o.recommendation.padEnd(7)} ${String(o.risk ?? '-').padStart(3)}  ${o.name} <${o.email}>  [${(o.cases.length ? o.cases : o.negatives).join(', ')}]${o.note ? ` (${o.note})` : ''}\n` +
    (o.findings.length ? o.findings.map((f) => `             ${f}`).join('\n') : '             no finding') +
    (o.failedChecklist.length ? `\n             checklist failed: ${o.failedChecklist.join(', ')}` : '');
  if (r.missed.length) {
    L.push('', `planted fraud the product let proceed (${r.missed.length}${r.missed.length > list ? `, first ${list}` : ''}):`);
    for (const o of r.missed.slice(0, list)) L.push(who(o));
  }
  if (r.honestFlagged.length) {
    L.push('', `honest candidates held back (${r.honestFlagged.length}${r.honestFlagged.length > list ? `, first ${list}` : ''}):`);
    for (const o of r.honestFlagged.slice(0, list)) L.push(who(o));
  }
  return L.join('\n');
}

/** `vetPaths` of src/app/vet.ts (the lead's orchestration), as this harness calls it. */
export type VetPaths = (paths: string[], opts?: { config?: Config; now?: number; dataDir?: string }) => Promise<VettingReport>;

/** Loads src/app/vet.ts at run time, so a build without it still compiles and says clearly what is missing. */
export async function loadVetPaths(): Promise<VetPaths> {
  const url = new URL('../app/vet.ts', import.meta.url).href;
  let mod: { vetPaths?: unknown };
  try {
    mod = (await import(url)) as { vetPaths?: unknown };
  } catch (e) {
    throw new Error(`the vetting evaluation needs src/app/vet.ts (vetPaths), which this build cannot load: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof mod.vetPaths !== 'function') throw new Error('src/app/vet.ts does not export a function vetPaths(paths, opts)');
  return mod.vetPaths as VetPaths;
}

/**
 * Vet the pool's files (and the company's directory, to cross-check against employees) with the real product and
 * score the report. `now` defaults to the pool's own date (its answer key), so the run is reproducible.
 */
export async function runVettingEval(opts: { applicantsDir: string; directoryDir?: string; dataDir?: string; config?: Config; vetPaths?: VetPaths }): Promise<{ result: VettingEvalResult; report: VettingReport; ms: number }> {
  const truth = loadApplicantTruth(opts.applicantsDir);
  const vet = opts.vetPaths ?? (await loadVetPaths());
  const paths = [opts.applicantsDir, ...(opts.directoryDir ? [opts.directoryDir] : [])];
  const t0 = performance.now();
  const report = await vet(paths, { now: Date.parse(`${truth.now}T00:00:00Z`), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.config ? { config: opts.config } : {}) });
  const ms = Math.round(performance.now() - t0);
  return { result: scoreVetting(truth, report), report, ms };
}
