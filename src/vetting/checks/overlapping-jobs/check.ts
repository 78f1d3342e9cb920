// overlapping-jobs: full-time jobs held at the same time, beyond a hand-over. Pure.
import type { WorkEntry } from '../../../core/candidate.ts';
import { defineCheck, type ChecklistDraft, type VetFindingDraft } from '../../../core/check.ts';
import type { Evidence } from '../../../core/model.ts';
import { fmtMonth, spanOf, type Span } from './dates.ts';
import { definition } from './definition.ts';

const words = (s: string): string => ` ${s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;

/** Employer name for "same employer" (a promotion is two entries at one company). */
export function employerKey(s: string): string {
  return words(s)
    .replace(/ (inc|llc|ltd|limited|gmbh|corp|corporation|co|company|plc|sa|ag|bv|srl|pty|the)(?= )/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Job {
  w: WorkEntry;
  span: Span;
  key: string;
}

const describe = (j: Job): string =>
  `"${j.w.employer}"${j.w.position ? ` (${j.w.position})` : ''} ${j.span.label}, ${j.w.employment === 'unknown' ? 'employment type not stated' : j.w.employment}`;

export const check = defineCheck({
  definition,
  run(c, ctx, p) {
    const side = p.sideRoleWords.map((x) => words(x));
    const isSide = (w: WorkEntry): string | undefined => {
      if (w.employment !== 'full-time' && w.employment !== 'unknown') return w.employment;
      if (w.employment === 'full-time') return undefined;
      const text = words(`${w.position ?? ''} ${w.employer}`);
      const hit = side.find((s) => s.trim() && text.includes(s));
      return hit ? `"${hit.trim()}" in the title` : undefined;
    };
    const jobs: Job[] = [];
    let dated = 0;
    const skipped: string[] = [];
    for (const w of c.candidate.work.slice(0, p.maxEntries)) {
      const span = spanOf(w, ctx.now);
      if (!span) continue;
      dated++;
      const why = isSide(w);
      if (why) {
        skipped.push(`"${w.employer}" (${why})`);
        continue;
      }
      jobs.push({ w, span, key: employerKey(w.employer) });
    }
    jobs.sort((a, b) => a.span.start - b.span.start);

    const pairs: { a: Job; b: Job; months: number; from: number; to: number }[] = [];
    for (let i = 0; i < jobs.length; i++)
      for (let j = i + 1; j < jobs.length; j++) {
        const a = jobs[i];
        const b = jobs[j];
        if (a.key === b.key || !a.key || !b.key) continue;
        const from = Math.max(a.span.start, b.span.start);
        const to = Math.min(a.span.end, b.span.end);
        const months = to - from + 1;
        if (months > p.maxOverlapMonths) pairs.push({ a, b, months, from, to });
      }

    // Most jobs at once (only over the overlaps that count), by a sweep over month boundaries.
    let most = pairs.length ? 2 : 1;
    let mostAt = pairs[0]?.from;
    if (pairs.length > 1) {
      const involved = [...new Set(pairs.flatMap((x) => [x.a, x.b]))];
      const edges = involved.flatMap((j) => [
        { m: j.span.start, d: 1 },
        { m: j.span.end + 1, d: -1 },
      ]);
      edges.sort((x, y) => x.m - y.m || x.d - y.d);
      let n = 0;
      for (const e of edges) {
        n += e.d;
        if (n > most) {
          most = n;
          mostAt = e.m;
        }
      }
    }

    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    const note = skipped.length ? ` Not counted (declared or titled as side roles): ${skipped.slice(0, 6).join(', ')}.` : '';
    if (pairs.length) {
      const longest = pairs.reduce((x, y) => (y.months > x.months ? y : x));
      const high = longest.months > p.longOverlapMonths || most >= 3;
      const evidence: Evidence[] = pairs.slice(0, 10).map((x) => ({
        type: 'measure',
        label: `${describe(x.a)} overlaps ${describe(x.b)}: ${fmtMonth(x.from)} – ${fmtMonth(x.to)}`,
        value: x.months,
        threshold: p.maxOverlapMonths,
        unit: 'months',
      }));
      if (most >= 3) evidence.push({ type: 'measure', label: `full-time jobs held at once (from ${fmtMonth(mostAt ?? 0)})`, value: most, threshold: 2 });
      findings.push({
        severity: high ? 'high' : 'medium',
        title: most >= 3 ? `${most} full-time jobs at the same time` : `Two full-time jobs at the same time for ${longest.months} months`,
        explanation:
          `The resume lists full-time (or undeclared) jobs at different employers that overlap by more than the ${p.maxOverlapMonths}-month ` +
          `hand-over allowed: ${describe(longest.a)} and ${describe(longest.b)} overlap by ${longest.months} months` +
          (pairs.length > 1 ? `, and ${pairs.length - 1} more pair(s)` : '') +
          (most >= 3 ? `; ${most} jobs ran at once` : '') +
          `. None of these is declared part-time, contract, freelance or an internship.${note} North Korean IT workers are ` +
          `known to hold several remote jobs at once and to assemble histories from real employers. Ask the candidate, and ` +
          `verify both employments (dates, full-time) with the employers, by phone to numbers you find yourself.`,
        evidence,
        likelihoodRatio: high ? p.highLikelihoodRatio : p.mediumLikelihoodRatio,
      });
      checklist.push({
        item: 'consistent-history',
        status: 'failed',
        evidence: `${pairs.length} pair(s) of full-time jobs overlap by more than ${p.maxOverlapMonths} months (longest ${longest.months}: "${longest.a.w.employer}" and "${longest.b.w.employer}")`,
      });
    } else if (dated >= 2) {
      checklist.push({
        item: 'consistent-history',
        status: 'verified',
        evidence: `${dated} dated work entries: no two full-time jobs overlap by more than ${p.maxOverlapMonths} months${skipped.length ? ` (${skipped.length} side role(s) not counted)` : ''}`,
      });
    }
    return { findings, checklist };
  },
});
