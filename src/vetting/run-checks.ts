// The one wrapper around every vetting check: params (defaults + config overrides), enabled flag, suppression,
// errors as results (a check that throws yields a VetCheckError for that candidate; vetting goes on). Pure.
import type { AnyVetCheck, EnrichedCandidate, VetContext } from '../core/check.ts';
import type { ChecklistEntry, VetCheckError, VetFinding } from '../core/candidate.ts';
import type { VettingConfig } from '../core/config.ts';
import { isSuppressed } from '../core/run-detectors.ts';

export interface PreparedCheck {
  check: AnyVetCheck;
  params: unknown;
  likelihoodRatio?: number;
}

/** Checks enabled by the config, with their params parsed once (an invalid override throws: the loader reports it first). */
export function prepareChecks(all: readonly AnyVetCheck[], cfg: VettingConfig): PreparedCheck[] {
  const out: PreparedCheck[] = [];
  for (const check of all) {
    const c = cfg.checks[check.definition.id];
    if (c && c.enabled === false) continue;
    out.push({ check, params: check.definition.params.parse(c?.params ?? {}), likelihoodRatio: c?.likelihoodRatio });
  }
  return out;
}

export interface CheckRun {
  findings: VetFinding[];
  checklist: ChecklistEntry[];
  errors: VetCheckError[];
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function runChecks(prepared: readonly PreparedCheck[], c: EnrichedCandidate, ctx: VetContext, cfg: VettingConfig): CheckRun {
  const out: CheckRun = { findings: [], checklist: [], errors: [] };
  const ids = c.candidate.emails.map((e) => e.value).concat(c.candidate.keys);
  for (const p of prepared) {
    const id = p.check.definition.id;
    let r;
    try {
      r = p.check.run(c, ctx, p.params);
    } catch (e) {
      out.errors.push({ check: id, candidateId: c.candidate.candidateId, message: message(e) });
      continue;
    }
    const suppressed = cfg.suppressions.some((s) => isSuppressed(s, id, c.candidate.candidateId, ids, ctx.now));
    if (!suppressed)
      for (const f of r.findings) out.findings.push({ check: id, ...f, ...(p.likelihoodRatio !== undefined ? { likelihoodRatio: p.likelihoodRatio } : {}) });
    for (const e of r.checklist) out.checklist.push({ ...e, checks: [id] });
  }
  return out;
}
