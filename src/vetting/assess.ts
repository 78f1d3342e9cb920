// From a candidate's findings and checklist entries to risk, level, recommendation and one checklist entry per
// Microsoft item. Risk uses the people's scoring (src/core/scoring.ts) with the vetting prior, so a vetting finding
// and a later sign-in finding weigh alike. Pure.
import { ChecklistItem, type CandidateResult, type ChecklistEntry, type Recommendation, type VetFinding } from '../core/candidate.ts';
import type { ScoringConfig, VettingConfig } from '../core/config.ts';
import type { Finding, RiskLevel } from '../core/model.ts';
import { scorePerson } from '../core/scoring.ts';

const RANK: Record<ChecklistEntry['status'], number> = { failed: 2, verified: 1, 'not done': 0 };
const LEVELS: RiskLevel[] = ['none', 'low', 'medium', 'high'];

/** One entry per item: failed beats verified beats not done; entries of the same status join their evidence. */
export function mergeChecklist(entries: readonly ChecklistEntry[]): ChecklistEntry[] {
  return ChecklistItem.options.map((item) => {
    const mine = entries.filter((e) => e.item === item);
    if (mine.length === 0) return { item, status: 'not done', evidence: 'no check had the data to judge this', checks: [] };
    const top = Math.max(...mine.map((e) => RANK[e.status]));
    const best = mine.filter((e) => RANK[e.status] === top);
    return {
      item,
      status: best[0].status,
      evidence: [...new Set(best.map((e) => e.evidence))].join('; '),
      checks: [...new Set(best.flatMap((e) => e.checks))],
    };
  });
}

/** Vetting findings as people's findings (detector = check id), for scoring and for joining a hired person's report. */
export function asFindings(findings: readonly VetFinding[], at: string): Finding[] {
  return findings.map((f) => ({
    detector: f.check,
    severity: f.severity,
    title: f.title,
    explanation: f.explanation,
    firstSeen: at,
    lastSeen: at,
    evidence: f.evidence,
    ...(f.likelihoodRatio !== undefined ? { likelihoodRatio: f.likelihoodRatio } : {}),
  }));
}

export function assess(
  input: { candidateId: string; displayName?: string; identifiers: string[]; sources: string[]; personId?: string },
  findings: VetFinding[],
  checklistEntries: readonly ChecklistEntry[],
  scoring: ScoringConfig,
  vetting: VettingConfig,
  now: number,
): CandidateResult {
  const cfg: ScoringConfig = { ...scoring, priorProbability: vetting.priorProbability };
  const b = scorePerson(asFindings(findings, new Date(now).toISOString()), cfg);
  const checklist = mergeChecklist(checklistEntries);
  const failed = checklist.filter((c) => c.status === 'failed').map((c) => c.item);
  const atLeast = (l: RiskLevel) => LEVELS.indexOf(b.level) >= LEVELS.indexOf(l);
  let recommendation: Recommendation;
  let recommendationReason: string;
  if (atLeast(vetting.stopLevel)) {
    recommendation = 'stop';
    recommendationReason = `risk ${b.risk} is ${b.level} (stop from ${vetting.stopLevel}): do not extend an offer before the findings are resolved`;
  } else if (atLeast(vetting.verifyLevel) || failed.length > 0) {
    recommendation = 'verify';
    recommendationReason = atLeast(vetting.verifyLevel)
      ? `risk ${b.risk} is ${b.level} (verify from ${vetting.verifyLevel})${failed.length ? `; failed: ${failed.join(', ')}` : ''}`
      : `risk ${b.risk} is ${b.level}, but checklist items failed: ${failed.join(', ')}`;
  } else {
    recommendation = 'proceed';
    const notDone = checklist.filter((c) => c.status === 'not done').map((c) => c.item);
    recommendationReason = `risk ${b.risk} (${b.level}), no checklist item failed${notDone.length ? `; still to do: ${notDone.join(', ')}` : ''}`;
  }
  findings.sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || x.check.localeCompare(y.check));
  return {
    ...input,
    vettedAt: new Date(now).toISOString(),
    risk: b.risk,
    level: b.level,
    recommendation,
    recommendationReason,
    riskBreakdown: { priorOdds: b.priorOdds, newHire: false, contributions: b.contributions, odds: b.odds, formula: b.formula },
    checklist,
    findings,
  };
}

const severityRank = (s: VetFinding['severity']): number => ['info', 'low', 'medium', 'high', 'critical'].indexOf(s);
