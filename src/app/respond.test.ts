// The respond wiring against an in-memory PGlite store: alerts from a batch in its transaction, verdict feedback into
// the pipeline's config (stored suppressions applied by the detector wrapper, calibrated likelihood ratios applied by
// the scorer), and the CLI functions (audit verify reporting a deleted row).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config.ts';
import { isSuppressed } from '../core/run-detectors.ts';
import { scorePerson } from '../core/scoring.ts';
import { adele, user55 } from '../store/fixtures/people.ts';
import { openPGliteStore } from '../store/pglite.ts';
import type { SqlStore } from '../store/sql-store.ts';
import { alertsFor, candidateAlertsFor, effectiveConfig, previousCandidateLevels, previousLevels, RespondService } from './respond.ts';
import type { Candidate, CandidateResult } from '../core/candidate.ts';
import { auditList, auditVerify, calibrationReport, caseList, caseShow, parseAnchor, suppressionList } from './respond-cli.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const H = 3_600_000;

describe('respond wiring', () => {
  let store: SqlStore;
  const config = defaultConfig();
  let clock = T0;
  let svc: RespondService;

  beforeAll(async () => {
    store = await openPGliteStore('memory://');
    svc = new RespondService(store, config, { now: () => clock });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('raises alerts only for people whose level rose, in the batch transaction', async () => {
    const quiet = { ...user55, level: 'low' as const };
    await store.savePeople([quiet], 'run-1');
    const raised = await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [adele, quiet]);
      expect([...prev]).toEqual([[quiet.personId, 'low']]);
      await tx.savePeople([adele, quiet], 'run-2');
      return alertsFor(tx, [adele, quiet], prev, { config, now: T0 });
    });
    expect(raised.map((r) => [r.alert.subject.id, r.alert.level, r.opened])).toEqual([[adele.personId, 'high', true]]);
    // The same result again (level unchanged): no alert.
    const again = await store.atomic(async (tx) => alertsFor(tx, [adele], await previousLevels(tx, [adele]), { config, now: T0 + H }));
    expect(again).toEqual([]);
  });

  it("raises a candidate's alert when vetting raises its level; its case has the candidate playbook", async () => {
    const result = (risk: number, level: CandidateResult['level']): CandidateResult => ({
      candidateId: 'greenhouse:88001',
      displayName: 'Jon Smyth',
      identifiers: ['jon.smyth.dev@gmail.com'],
      sources: ['greenhouse'],
      risk,
      level,
      recommendation: level === 'high' ? 'stop' : 'verify',
      recommendationReason: 'VoIP phone shared with another candidate',
      riskBreakdown: { priorOdds: 0.0101, newHire: false, contributions: [{ detector: 'phone-line', likelihoodRatio: 6 }, { detector: 'contact-reuse', likelihoodRatio: 40 }], odds: 2.4, formula: 'x' },
      checklist: [],
      findings: [],
    });
    const candidate = { candidateId: 'greenhouse:88001', keys: ['greenhouse:88001'], sources: ['greenhouse'], origins: [], otherNames: [], emails: [], phones: [], addresses: [], profiles: [], work: [], education: [], skills: [], jobs: [], attachments: [] } as unknown as Candidate;
    await store.saveCandidates([{ result: result(20, 'low'), candidate }]);
    const raised = await store.atomic(async (tx) => {
      const r = result(72, 'high');
      const prev = await previousCandidateLevels(tx, [r]);
      expect([...prev]).toEqual([['greenhouse:88001', 'low']]);
      await tx.saveCandidates([{ result: r, candidate }]);
      return candidateAlertsFor(tx, [r], prev, { config, now: T0 });
    });
    expect(raised.map((x) => [x.alert.subject, x.alert.level, x.opened])).toEqual([[{ kind: 'candidate', id: 'greenhouse:88001' }, 'high', true]]);
    expect(raised[0].alert.reason).toBe('candidate greenhouse:88001 rose from low to high (risk 72): contact-reuse (likelihood ratio 40), phone-line (likelihood ratio 6)');
    const d = (await svc.getCase(raised[0].alert.caseId))!;
    expect(d.steps.map((x) => x.step)).toEqual(['stop-hiring', 'preserve-evidence', 'hunt-infrastructure', 'report-authorities']);
    // Close it (benign) so the person cases below are the only open ones.
    expect((await svc.transition(d.case.id, { to: 'closed', verdict: 'benign', reason: 'the phone is a family line' }, 'ana')).ok).toBe(true);
  });

  it('a false-positive verdict feeds back: the suppression reaches the pipeline config, the verdict calibrates the detector', async () => {
    const [c] = await svc.listCases({ open: true, subject: { kind: 'person', id: adele.personId } });
    const detectors = adele.riskBreakdown!.contributions.map((x) => x.detector);
    clock = T0 + H;
    expect((await svc.transition(c.id, { to: 'triage' }, 'ana')).ok).toBe(true);
    const closed = await svc.transition(c.id, { to: 'closed', verdict: 'false-positive', reason: 'lab range', suppress: { detectors: [detectors[0]] } }, 'ana');
    expect(closed.ok).toBe(true);
    const eff = await effectiveConfig(store, config, T0 + 2 * H);
    expect(eff.suppressions).toHaveLength(1);
    const s = eff.config.suppressions.at(-1)!;
    expect(s).toMatchObject({ detector: detectors[0], person: adele.personId });
    // The detector wrapper now drops that detector's findings for that person (and only there).
    expect(isSuppressed(s, detectors[0], adele.personId, adele.identifiers, T0 + 2 * H)).toBe(true);
    expect(isSuppressed(s, detectors[0], 'someone-else', [], T0 + 2 * H)).toBe(false);
    expect(isSuppressed(s, detectors[0], adele.personId, adele.identifiers, T0 + 100 * 24 * H)).toBe(false); // expired (90 days)
    // One false positive lowers each contributing detector's likelihood ratio, which the scorer then uses.
    for (const { calibrated } of eff.calibration.filter((x) => x.kind === 'person')) {
      expect(calibrated.verdicts).toBe(1);
      expect(calibrated.lr).toBeLessThan(calibrated.priorLR);
      expect(eff.config.detectors[calibrated.detector].likelihoodRatio).toBe(calibrated.lr);
    }
    const before = scorePerson(adele.findings, config.scoring);
    const after = scorePerson(adele.findings, eff.config.scoring, { lrOverride: (d) => eff.config.detectors[d]?.likelihoodRatio });
    expect(after.odds).toBeLessThan(before.odds);
    const report = (await calibrationReport(store, config)).lines;
    expect(report.filter((l) => l.startsWith('detector '))).toHaveLength(detectors.length);
    for (const l of report.filter((x) => x.startsWith('detector '))) expect(l).toMatch(/0 true positives, 1 false positive or benign/);
    // The benign candidate verdict calibrates the vetting checks, into vetting.checks.
    expect(report.filter((l) => l.startsWith('check ')).map((l) => l.split(':')[0])).toEqual(['check contact-reuse', 'check phone-line']);
    expect(eff.config.vetting.checks['contact-reuse'].likelihoodRatio).toBeLessThan(40);
    // Listed (its expiry, 90 days after the test clock, has passed by the wall clock the CLI uses: not active).
    expect((await suppressionList(store, config)).lines).toEqual([expect.stringContaining(`\t${adele.personId}\t${detectors[0]}\tuntil `)]);
    expect((await suppressionList(store, config, { active: true })).lines).toEqual([]);
  });

  it('CLI functions: case list/show, audit list, audit verify with an anchor, and a deleted row detected', async () => {
    const lines = (await caseList(store, config)).lines;
    expect(lines.some((l) => /^case-\d+\tclosed:false-positive\thigh\tperson:/.test(l))).toBe(true);
    expect(lines.some((l) => /^case-\d+\tclosed:benign\thigh\tcandidate:greenhouse:88001/.test(l))).toBe(true);
    const c = (await caseList(store, config)).cases.find((x) => x.subject.kind === 'person')!;
    const show = await caseShow(store, config, c.id);
    expect(show.lines.join('\n')).toContain('[ ] Revoke sessions and tokens');
    expect((await caseShow(store, config, 'case-0')).found).toBe(false);
    const list = await auditList(store, { limit: 1000 });
    expect(list.rows.length).toBeGreaterThanOrEqual(5);
    const ok = await auditVerify(store);
    expect(ok.ok).toBe(true);
    expect(ok.lines[0]).toBe(`audit log intact: ${list.rows.length} rows verified`);
    const anchor = `${ok.head!.seq}:${ok.head!.hash}`;
    expect((await auditVerify(store, { anchor })).ok).toBe(true);
    expect(() => parseAnchor('7:abc')).toThrow(/--anchor: expected SEQ:HASH/);
    await store.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await tx.query('DELETE FROM audit_log WHERE seq = 2');
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const bad = await auditVerify(store);
    expect(bad).toMatchObject({ ok: false, rows: 1, firstBad: { seq: 2, kind: 'deleted' } });
    expect(bad.lines).toEqual(['audit log TAMPERED: row 2 is missing (the next row is 3): deleted', 'first bad row: 2 (deleted); 1 row before it verified']);
  });
});
