// anachronistic-tech: technologies named for work done before they existed. Pure.
import type { WorkEntry } from '../../../core/candidate.ts';
import { defineCheck, type ChecklistDraft, type TechRelease, type VetContext, type VetFindingDraft } from '../../../core/check.ts';
import type { Evidence, Severity } from '../../../core/model.ts';
import { fmtMonth, monthOf, monthRange, spanOf } from '../overlapping-jobs/dates.ts';
import { definition } from './definition.ts';

interface Word {
  w: string;
  i: number;
}

/** Words of prose: one linear scan, no backtracking. */
function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const re = /\.?[A-Za-z0-9][A-Za-z0-9.+#-]*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let w = m[0];
    while (w.endsWith('.') || w.endsWith('-')) w = w.slice(0, -1);
    if (w) out.push({ w, i: m.index });
  }
  return out;
}

/** The technology the words from `i` name (1–4 words, longest first; ambiguous names skipped in prose). */
/** The word starts a sentence (first word, or after . ! ? ; : a bullet or a line break). */
function sentenceInitial(text: string, ws: readonly Word[], k: number): boolean {
  if (k === 0) return true;
  const prev = ws[k - 1];
  return /[.!?;:•\n\r]/.test(text.slice(prev.i + prev.w.length, ws[k].i));
}

/**
 * The technology the words from `i` name (1–4 words, longest first). An ambiguous name ("React", "Go") counts only
 * written exactly as the catalogue trusts it in prose (`casedMatch`) and not as a sentence's first word — or, in the
 * strong "N years of experience with <name>" context, written exactly as the technology's name.
 */
function techAt(text: string, ws: readonly Word[], i: number, ctx: VetContext, strongContext = false): { tech: TechRelease; as: string; n: number } | undefined {
  for (let n = Math.min(4, ws.length - i); n >= 1; n--) {
    const as = ws.slice(i, i + n).map((x) => x.w).join(' ');
    const t = ctx.technology(as);
    if (!t) continue;
    if (!t.ambiguous || (t.casedMatch && !sentenceInitial(text, ws, i)) || (strongContext && as === t.name)) return { tech: t, as, n };
  }
  return undefined;
}

const YEAR = /^(19[89]\d|20\d\d)$/;
const FILLER = new Set(['of', 'experience', 'professional', 'hands-on', 'hands', 'on', 'commercial', 'production', 'in', 'with', 'using', 'building', 'developing', 'working', 'programming', 'solid', 'strong', 'deep', 'expert', 'expertise', 'industry', 'the']);

interface Hit {
  severity: Severity;
  tech: TechRelease;
  as: string;
  title: string;
  why: string;
  evidence: Evidence[];
}

const releaseEvidence = (t: TechRelease): Evidence => ({
  type: 'intel',
  label: `${t.name} first public release ${t.released}${t.stable ? ` (1.0 / general availability ${t.stable})` : ''}: ${t.reference}`,
  value: t.released,
});

export const check = defineCheck({
  definition,
  run(c, ctx, p) {
    const hits: Hit[] = [];
    let compared = 0;

    // An ambiguous name in a technologies list ("react", "helm", "spark") may have been picked out of prose loosely
    // ("react quickly", "at the helm of"). When the resume's text names the word, it must appear there as the
    // technology at least once (written exactly so, mid-sentence: "with React"); a name the text never uses came
    // from structured keywords and is trusted.
    const readText = (text: string): Map<string, boolean> => {
      const out = new Map<string, boolean>(); // lower-case word → seen as the technology somewhere
      const ws = wordsOf(text);
      ws.forEach((x, k) => {
        const l = x.w.toLowerCase();
        const t = ctx.technology(x.w);
        const asTech = !!t && (!t.ambiguous || (!!t.casedMatch && !sentenceInitial(text, ws, k)));
        out.set(l, (out.get(l) ?? false) || asTech);
      });
      return out;
    };
    const resumeWords = c.candidate.resumeText ? readText(c.candidate.resumeText.slice(0, p.maxProseChars)) : new Map<string, boolean>();
    const summaryWords = new Map<string, Map<string, boolean>>();
    const listTrusted = (name: string, tech: TechRelease, summary: string | undefined): boolean => {
      if (!tech.ambiguous || name.includes(' ')) return true;
      const l = name.trim().toLowerCase();
      const inText = [resumeWords.get(l)];
      if (summary) {
        let m = summaryWords.get(summary);
        if (!m) summaryWords.set(summary, (m = readText(summary.slice(0, p.maxProseChars))));
        inText.push(m.get(l));
      }
      const seen = inText.filter((x): x is boolean => x !== undefined);
      return seen.length === 0 || seen.some(Boolean);
    };
    const seen = new Set<string>();
    const releaseMonth = (t: TechRelease): number => monthRange(t.released).lo;

    const entryLabel = (w: WorkEntry, span: string): string => `"${w.employer}"${w.position ? ` (${w.position})` : ''} ${span}`;

    for (const w of c.candidate.work.slice(0, p.maxEntries)) {
      const span = spanOf(w, ctx.now);
      if (!span) continue;
      const named: { tech: TechRelease; as: string; where: string }[] = [];
      for (const t of w.technologies.slice(0, 200)) {
        const tech = ctx.technology(t);
        if (tech && listTrusted(t, tech, w.summary)) named.push({ tech, as: t, where: 'technologies' });
      }
      const prose = p.scanProse && w.summary ? w.summary.slice(0, p.maxProseChars) : '';
      const ws = prose ? wordsOf(prose) : [];
      for (let i = 0; i < ws.length; i++) {
        const h = techAt(prose, ws, i, ctx);
        if (!h) continue;
        named.push({ tech: h.tech, as: h.as, where: 'summary' });
        // The year nearest the mention in its sentence (≤ 6 words away; ties → the later year), when before the
        // release: "migrated to Kubernetes in 2012". "From Chef (2012) to Kubernetes in 2016" reads 2016.
        let best: { year: number; d: number } | undefined;
        for (let k = Math.max(0, i - 6); k < Math.min(ws.length, i + h.n + 6); k++) {
          if (k >= i && k < i + h.n) continue;
          if (!YEAR.test(ws[k].w)) continue;
          const lo = Math.min(ws[k].i, ws[i].i);
          const hi = Math.max(ws[k].i, ws[i].i);
          if (/[;!?]|\. /.test(prose.slice(lo, hi))) continue; // another sentence
          const d = k < i ? i - k : k - (i + h.n - 1);
          const year = Number(ws[k].w);
          if (!best || d < best.d || (d === best.d && year > best.year)) best = { year, d };
        }
        if (best) {
          const R = releaseMonth(h.tech);
          const year = best.year;
          const key = `${h.tech.name}|year|${w.employer}`;
          if (year * 12 + 11 < R - p.slackMonths && !seen.has(key)) {
            seen.add(key);
            hits.push({
              severity: 'medium',
              tech: h.tech,
              as: h.as,
              title: `${h.tech.name} named with ${year}, before it was released (${h.tech.released})`,
              why: `the summary of ${entryLabel(w, span.label)} names "${h.as}" together with ${year}, and ${h.tech.name} was first released in ${h.tech.released}`,
              evidence: [
                releaseEvidence(h.tech),
                { type: 'measure', label: `year named with "${h.as}" in the summary of ${entryLabel(w, span.label)} (release minus ${p.slackMonths} months slack as threshold)`, value: year, threshold: fmtMonth(R - p.slackMonths) },
              ],
            });
          }
        }
        i += h.n - 1;
      }
      for (const n of named) {
        compared++;
        const R = releaseMonth(n.tech);
        const before = R - p.slackMonths - span.endLatest; // months between the entry's (latest possible) end and release − slack
        const key = `${n.tech.name}|end|${w.employer}|${span.label}`;
        if (before > 0 && !seen.has(key)) {
          seen.add(key);
          const far = before >= p.farMonths;
          hits.push({
            severity: far ? 'high' : 'medium',
            tech: n.tech,
            as: n.as,
            title: `${n.tech.name} listed for a job that ended before it was released`,
            why:
              `${entryLabel(w, span.label)} lists "${n.as}" (${n.where}), but that job ended by ${fmtMonth(span.endLatest)} and ` +
              `${n.tech.name} was first released in ${n.tech.released} — ${R - span.endLatest} months later (slack ${p.slackMonths})`,
            evidence: [
              releaseEvidence(n.tech),
              {
                type: 'measure',
                label: `${entryLabel(w, span.label)} lists "${n.as}" in its ${n.where}; latest possible end of the job`,
                value: fmtMonth(span.endLatest),
                threshold: fmtMonth(R - p.slackMonths),
              },
            ],
          });
        }
      }
    }

    // "8 years of experience with LangChain": more years than the technology has existed.
    const text = p.scanProse ? (c.candidate.resumeText ?? '').slice(0, p.maxProseChars) : '';
    if (text) {
      const ws = wordsOf(text);
      const nowM = monthOf(ctx.now);
      for (let i = 0; i + 1 < ws.length; i++) {
        const yrs = /^(\d{1,2})\+?$/.exec(ws[i].w);
        if (!yrs || !/^(years?|yrs?)$/i.test(ws[i + 1].w)) continue;
        let j = i + 2;
        while (j < ws.length && j < i + 8 && FILLER.has(ws[j].w.toLowerCase())) j++;
        // "N years of experience with React": the construction is a technical context, so "React" (exactly so) counts.
        const h = j < ws.length ? techAt(text, ws, j, ctx, j > i + 2) : undefined;
        if (!h) continue;
        compared++;
        const claimed = Number(yrs[1]) * 12;
        const age = nowM - releaseMonth(h.tech);
        const key = `${h.tech.name}|years`;
        if (claimed > age + p.experienceSlackMonths && !seen.has(key)) {
          seen.add(key);
          const phrase = text.slice(ws[i].i, ws[j + h.n - 1].i + ws[j + h.n - 1].w.length);
          hits.push({
            severity: claimed - age >= 24 + p.experienceSlackMonths ? 'high' : 'medium',
            tech: h.tech,
            as: h.as,
            title: `${yrs[1]} years of ${h.tech.name} claimed; it is ${(age / 12).toFixed(1)} years old`,
            why: `the resume claims "${phrase}", but ${h.tech.name} was first released in ${h.tech.released}, ${(age / 12).toFixed(1)} years before this review`,
            evidence: [
              releaseEvidence(h.tech),
              { type: 'measure', label: `claimed experience ("${phrase}") vs the technology's age plus ${p.experienceSlackMonths} months`, value: claimed, threshold: age + p.experienceSlackMonths, unit: 'months' },
            ],
          });
        }
      }
    }

    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    if (hits.length) {
      const high = hits.some((h) => h.severity === 'high');
      const first = hits.find((h) => h.severity === 'high') ?? hits[0];
      const names = [...new Set(hits.map((h) => h.tech.name))];
      findings.push({
        severity: high ? 'high' : 'medium',
        title: names.length === 1 ? first.title : `${names.length} technologies used before they existed (${names.slice(0, 4).join(', ')})`,
        explanation:
          `The resume ties technologies to times before they existed: ${hits.slice(0, 4).map((h) => h.why).join('; ')}` +
          `${hits.length > 4 ? `; and ${hits.length - 4} more` : ''}. ` +
          `Fabricated or cloned histories often list today's stack against older jobs. Ask the candidate what they used ` +
          `there and when; the release dates come with their sources (evidence).`,
        evidence: hits.slice(0, 8).flatMap((h) => h.evidence),
        likelihoodRatio: high ? p.highLikelihoodRatio : p.mediumLikelihoodRatio,
      });
      checklist.push({
        item: 'consistent-history',
        status: 'failed',
        evidence: `technologies named before their release: ${hits.slice(0, 4).map((h) => `${h.tech.name} (${h.tech.released})`).join(', ')}`,
      });
    } else if (compared > 0) {
      checklist.push({
        item: 'consistent-history',
        status: 'verified',
        evidence: `${compared} dated technology mention(s) checked against their release dates: none before its release`,
      });
    }
    return { findings, checklist };
  },
});
