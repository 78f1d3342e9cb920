// Explainable risk: weighted log-odds. Each detector contributes the likelihood ratio (LR) of its strongest
// finding times its further findings' LRs dampened (LR^d, d = sameDetectorDampening, findings of one detector being
// partly dependent); the prior odds (base rate, boosted in a new hire's first days) are multiplied by every LR_d:
//   LR_d = LR_1 × Π_{i≥2} LR_i^d ;  odds = prior/(1-prior) × boost × Π LR_d ;  risk = round(100 × odds/(1+odds))
// A critical finding (e.g. a North Korean network) sets the level to high at once. Pure.
import type { ScoringConfig } from './config.ts';
import type { CalibratedLR, Finding, RiskLevel } from './model.ts';

export interface RiskBreakdown {
  risk: number;
  level: RiskLevel;
  priorOdds: number;
  newHire: boolean;
  contributions: { detector: string; likelihoodRatio: number; calibrated?: CalibratedLR }[];
  odds: number;
  formula: string;
}

const num = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2).replace(/\.?0+$/, '') : x.toPrecision(3));

export function findingLR(f: Finding, cfg: ScoringConfig, override?: number): number {
  return override ?? f.likelihoodRatio ?? cfg.severityLikelihoodRatio[f.severity];
}

export function levelFor(risk: number, cfg: ScoringConfig): RiskLevel {
  if (risk >= cfg.levels.high) return 'high';
  if (risk >= cfg.levels.medium) return 'medium';
  if (risk >= cfg.levels.low) return 'low';
  return 'none';
}

export function scorePerson(
  findings: Finding[],
  cfg: ScoringConfig,
  opts: { hired?: number; firstEvent?: number; lrOverride?: (detector: string) => number | undefined } = {},
): RiskBreakdown {
  const byDetector = new Map<string, number[]>();
  for (const f of findings) {
    const lr = findingLR(f, cfg, opts.lrOverride?.(f.detector));
    const list = byDetector.get(f.detector);
    if (list) list.push(lr);
    else byDetector.set(f.detector, [lr]);
  }
  const best = new Map<string, number>();
  for (const [det, lrs] of byDetector) {
    lrs.sort((a, b) => b - a);
    let lr = lrs[0];
    for (let i = 1; i < lrs.length; i++) if (lrs[i] > 1) lr *= lrs[i] ** cfg.sameDetectorDampening;
    best.set(det, lr);
  }
  const newHire =
    opts.hired !== undefined && opts.firstEvent !== undefined && opts.firstEvent - opts.hired <= cfg.newHireDays * 86_400_000;
  let odds = (cfg.priorProbability / (1 - cfg.priorProbability)) * (newHire ? cfg.newHireBoost : 1);
  const priorOdds = odds;
  const contributions = [...best].map(([detector, likelihoodRatio]) => ({ detector, likelihoodRatio }));
  for (const c of contributions) odds *= c.likelihoodRatio;
  let risk = contributions.length === 0 ? 0 : Math.round((100 * odds) / (1 + odds));
  const critical = findings.some((f) => f.severity === 'critical');
  const raw = risk;
  if (critical) risk = Math.max(risk, cfg.levels.high);
  const formula =
    contributions.length === 0
      ? 'no findings → 0'
      : `prior odds ${num(priorOdds)}${newHire ? ` (base rate × new-hire boost ${cfg.newHireBoost})` : ''} × ` +
        contributions.map((c) => `${num(c.likelihoodRatio)} (${c.detector})`).join(' × ') +
        ` = ${num(odds)} → ${raw}` +
        (risk !== raw ? `, raised to ${risk} by a critical finding` : '');
  return { risk, level: levelFor(risk, cfg), priorOdds, newHire, contributions, odds, formula };
}
