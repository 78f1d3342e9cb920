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
import { alertsFor, effectiveConfig, previousLevels, RespondService } from './respond.ts';
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

  it('a false-positive verdict feeds back: the suppression reaches the pipeline config, the verdict calibrates the detector', async () => {
    const [c] = await svc.listCases({ open: true });
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
    for (const { calibrated } of eff.calibration) {
      expect(calibrated.verdicts).toBe(1);
      expect(calibrated.lr).toBeLessThan(calibrated.priorLR);
      expect(eff.config.detectors[calibrated.detector].likelihoodRatio).toBe(calibrated.lr);
    }
    const before = scorePerson(adele.findings, config.scoring);
    const after = scorePerson(adele.findings, eff.config.scoring, { lrOverride: (d) => eff.config.detectors[d]?.likelihoodRatio });
    expect(after.odds).toBeLessThan(before.odds);
    expect((await calibrationReport(store, config)).lines[0]).toMatch(/^detector .*0 true positives, 1 false positive or benign/);
    // Listed (its expiry, 90 days after the test clock, has passed by the wall clock the CLI uses: not active).
    expect((await suppressionList(store, config)).lines).toEqual([expect.stringContaining(`\t${adele.personId}\t${detectors[0]}\tuntil `)]);
    expect((await suppressionList(store, config, { active: true })).lines).toEqual([]);
  });

  it('CLI functions: case list/show, audit list, audit verify with an anchor, and a deleted row detected', async () => {
    expect((await caseList(store, config)).lines[0]).toMatch(/^case-\d+\tclosed:false-positive\thigh\tperson:/);
    const [c] = (await caseList(store, config)).cases;
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
