// Stage three wired to the store: alerts from new results (called by IngestService after each batch, in its
// transaction), the case workflow for the API and the CLI, and verdict feedback into the pipeline's config (stored
// suppressions, calibrated likelihood ratios). Rules are in src/core/respond.ts; persistence in src/store/respond-*.ts.
import type { CandidateResult } from '../core/candidate.ts';
import type { Config, DetectorConfig, Suppression } from '../core/config.ts';
import type { CalibratedLR, PersonResult, RiskLevel } from '../core/model.ts';
import {
  alertDrafts,
  calibratedLR,
  slaOf,
  type Calibrated,
  type Case,
  type LevelChange,
  type Sla,
  type StepId,
  type StepRequest,
  type StoredSuppression,
  type TransitionRequest,
  type AssignRequest,
} from '../core/respond.ts';
import type { CaseDetail, CaseFilter, DetectorVerdicts, RaisedAlert, RespondOutcome } from '../store/respond-types.ts';
import type { Store } from '../store/types.ts';
import { withOverlay } from './settings.ts';
import { escalationEvent } from '../core/notify.ts';
import { enqueueAlerts, enqueueNotifications } from './notify/enqueue.ts';

/** The actor of what sleetwatch does by itself (alerts, cases opened by them). */
export const SYSTEM_ACTOR = 'sleetwatch';

export const personChange = (p: PersonResult): LevelChange => ({
  subject: { kind: 'person', id: p.personId },
  ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
  level: p.level,
  risk: p.risk,
  contributions: p.riskBreakdown?.contributions.filter((c) => c.likelihoodRatio > 0).map(({ detector, likelihoodRatio }) => ({ detector, likelihoodRatio })) ?? [],
});

export const candidateChange = (c: CandidateResult): LevelChange => ({
  subject: { kind: 'candidate', id: c.candidateId },
  ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
  level: c.level,
  risk: c.risk,
  contributions: c.riskBreakdown?.contributions.filter((x) => x.likelihoodRatio > 0) ?? [],
});

/**
 * The stored levels of these people (read BEFORE their new results are saved, in the same transaction): the
 * `previous` argument of alertsFor.
 */
export function previousLevels(tx: Store, people: readonly PersonResult[]): Promise<Map<string, RiskLevel>> {
  return tx.respond().previousLevels(people.map((p) => ({ kind: 'person' as const, id: p.personId })));
}

/** The stored levels of these candidates (before saveCandidates): the `previous` argument of candidateAlertsFor. */
export function previousCandidateLevels(tx: Store, results: readonly CandidateResult[]): Promise<Map<string, RiskLevel>> {
  return tx.respond().previousLevels(results.map((c) => ({ kind: 'candidate' as const, id: c.candidateId })));
}

/**
 * Raise the alerts of people whose level rose (against `previous`, from previousLevels) and write them, with their
 * cases and audit rows, through `tx`: pass the store IngestService's atomic() gives, so they commit with the batch.
 */
export async function alertsFor(
  tx: Store,
  changed: readonly PersonResult[],
  previous: ReadonlyMap<string, RiskLevel | undefined>,
  opts: { config: Config; now?: number },
): Promise<RaisedAlert[]> {
  const drafts = alertDrafts(changed.map(personChange), previous, opts.config.respond.alertLevel);
  const now = opts.now ?? Date.now();
  const raised = await tx.respond().raiseAlerts(drafts, { actor: SYSTEM_ACTOR, now, sla: opts.config.respond.sla });
  // Their notifications go into the outbox in the same transaction (delivered after the commit: ./notify/deliver.ts).
  await enqueueAlerts(tx, raised, opts.config, now);
  return raised;
}

/** The same for vetted candidates (`vet --store`, POST /api/candidates). */
export async function candidateAlertsFor(
  tx: Store,
  results: readonly CandidateResult[],
  previous: ReadonlyMap<string, RiskLevel | undefined>,
  opts: { config: Config; now?: number },
): Promise<RaisedAlert[]> {
  const drafts = alertDrafts(results.map(candidateChange), previous, opts.config.respond.alertLevel);
  const now = opts.now ?? Date.now();
  const raised = await tx.respond().raiseAlerts(drafts, { actor: SYSTEM_ACTOR, now, sla: opts.config.respond.sla });
  await enqueueAlerts(tx, raised, opts.config, now);
  return raised;
}

/** Each detector's calibration (person cases calibrate detectors, candidate cases vetting checks). */
export function calibrations(config: Config, verdicts: readonly DetectorVerdicts[]): { kind: DetectorVerdicts['kind']; calibrated: Calibrated }[] {
  return verdicts.map((v) => {
    const configured = v.kind === 'person' ? config.detectors[v.detector]?.likelihoodRatio : config.vetting.checks[v.detector]?.likelihoodRatio;
    const prior = {
      ...config.respond.calibration,
      lr: configured ?? v.meanLR,
      priorProbability: v.kind === 'person' ? config.scoring.priorProbability : config.vetting.priorProbability,
    };
    return { kind: v.kind, calibrated: calibratedLR(v.detector, v, prior) };
  });
}

/** A stored suppression as the pipeline's config takes it (src/core/run-detectors.ts isSuppressed). */
export const asConfigSuppression = (s: StoredSuppression): Suppression => ({ detector: s.detector, person: s.person, until: s.until, reason: `${s.reason} (${s.id})` });

const withLR = (d: DetectorConfig | undefined, lr: number): DetectorConfig => ({ enabled: d?.enabled ?? true, params: d?.params ?? {}, ...d, likelihoodRatio: lr });

/**
 * The config the pipeline should run with: the file's with the stored settings overlay over it (./settings.ts), plus
 * the stored suppressions active at `now`, plus each
 * calibrated likelihood ratio (as the detector's or check's likelihoodRatio override) once it has minVerdicts verdicts.
 * The lead calls this where IngestService / scan build their pipeline; `calibration` is what the risk breakdown shows
 * (the value and how many verdicts it came from). After a suppression is made or revoked, rebuild with it.
 */
export async function effectiveConfig(
  store: Store,
  config: Config,
  now = Date.now(),
): Promise<{ config: Config; suppressions: StoredSuppression[]; calibration: { kind: DetectorVerdicts['kind']; calibrated: Calibrated }[] }> {
  // The settings overlay (PUT /api/settings) first: calibration priors and suppressions build on the merged config.
  config = withOverlay(config, (await store.getSettings()).overlay);
  const r = store.respond();
  const suppressions = await r.listSuppressions({ activeAt: now });
  const calibration = calibrations(config, await r.verdictCounts());
  const detectors = { ...config.detectors };
  const checks = { ...config.vetting.checks };
  for (const { kind, calibrated } of calibration) {
    if (!calibrated.applied) continue;
    if (kind === 'person') detectors[calibrated.detector] = withLR(detectors[calibrated.detector], calibrated.lr);
    else checks[calibrated.detector] = withLR(checks[calibrated.detector], calibrated.lr);
  }
  return {
    config: {
      ...config,
      detectors,
      vetting: { ...config.vetting, checks },
      suppressions: [...config.suppressions, ...suppressions.map(asConfigSuppression)],
    },
    suppressions,
    calibration,
  };
}

/** The applied calibrations of monitoring detectors, by detector: what the risk breakdown shows (Pipeline `calibration`). */
export function appliedCalibration(calibration: readonly { kind: DetectorVerdicts['kind']; calibrated: Calibrated }[]): Map<string, CalibratedLR> {
  const out = new Map<string, CalibratedLR>();
  for (const { kind, calibrated: c } of calibration) if (kind === 'person' && c.applied) out.set(c.detector, { lr: c.lr, verdicts: c.verdicts, priorLR: c.priorLR });
  return out;
}

export interface CaseView extends CaseDetail {
  sla: Sla;
}

export const withSla = (c: Case, now: number): Case & { sla: Sla } => ({ ...c, sla: slaOf(c, now) });

/**
 * The workflow for the API and the CLI: who acts is the caller's (the API token's name today; roles are another part
 * of issue 11). Every change writes its audit row in the same transaction (the store does). `onSuppressionsChanged`
 * runs after a suppression was made or revoked, or a closing recorded verdicts (which recalibrate likelihood ratios):
 * wire it to rebuild the pipeline with effectiveConfig.
 */
export class RespondService {
  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly hooks: { onSuppressionsChanged?: () => Promise<void>; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.hooks.now?.() ?? Date.now();
  }

  async listCases(filter: CaseFilter = {}): Promise<(Case & { sla: Sla })[]> {
    const now = this.now();
    return (await this.store.respond().listCases(filter)).map((c) => withSla(c, now));
  }

  async getCase(id: string): Promise<CaseView | undefined> {
    const d = await this.store.respond().getCase(id);
    return d ? { ...d, sla: slaOf(d.case, this.now()) } : undefined;
  }

  async transition(id: string, req: TransitionRequest, actor: string) {
    const now = this.now();
    // An escalation's notification commits with it (the outbox row is written in the transition's transaction).
    const out = await this.store.atomic(async (tx) => {
      const o = await tx.respond().transitionCase(id, req, { actor, now, sla: this.config.respond.sla, suppressionDays: this.config.respond.suppressionDays });
      if (o.ok && o.case.state === 'escalated') await enqueueNotifications(tx, [escalationEvent(o.case)], this.config, now);
      return o;
    });
    // Verdicts recalibrate likelihood ratios as suppressions change findings: either way the pipeline is rebuilt.
    if (out.ok && (out.suppressions.length > 0 || out.verdicts.length > 0)) await this.hooks.onSuppressionsChanged?.();
    return out;
  }

  assign(id: string, req: AssignRequest, actor: string) {
    return this.store.respond().assignCase(id, req, { actor, now: this.now() });
  }

  addNote(id: string, text: string, actor: string) {
    return this.store.respond().addNote(id, text, { actor, now: this.now() });
  }

  updateStep(id: string, step: StepId, req: StepRequest, actor: string) {
    return this.store.respond().updateStep(id, step, req, { actor, now: this.now() });
  }

  listSuppressions(opts: { active?: boolean; person?: string } = {}) {
    return this.store.respond().listSuppressions({ ...(opts.active ? { activeAt: this.now() } : {}), ...(opts.person ? { person: opts.person } : {}) });
  }

  async revokeSuppression(id: string, actor: string): Promise<RespondOutcome<{ suppression: StoredSuppression }>> {
    const out = await this.store.respond().revokeSuppression(id, { actor, now: this.now() });
    if (out.ok) await this.hooks.onSuppressionsChanged?.();
    return out;
  }

  async calibration() {
    return calibrations(this.config, await this.store.respond().verdictCounts());
  }

  listAudit(filter: { after?: number; limit?: number } = {}) {
    return this.store.respond().listAudit(filter);
  }

  verifyAudit(anchor?: { seq: number; hash: string }) {
    return this.store.respond().verifyAudit(anchor ? { anchor } : {});
  }
}
