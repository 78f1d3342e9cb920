import { describe, expect, it } from 'vitest';
import { RespondConfig } from './respond-config.ts';
import {
  alertDrafts,
  auditPreimage,
  calibratedLR,
  canonicalJson,
  isDuplicateAlert,
  openCase,
  playbookFor,
  slaOf,
  suppressionsFromClosing,
  transition,
  TransitionRequest,
  updateStep,
  verdictDetectors,
  type AlertDraft,
  type Case,
  type PlaybookStep,
} from './respond.ts';

const cfg = RespondConfig.parse({});
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const H = 3_600_000;

const draft: AlertDraft = {
  subject: { kind: 'person', id: 'p_adele' },
  displayName: 'Adele Vance',
  level: 'high',
  previousLevel: 'low',
  risk: 81,
  reason: 'rose',
  contributions: [{ detector: 'sanctioned-network', likelihoodRatio: 1000 }],
};

const fresh = (): Case => openCase('case-1', draft, T0, cfg.sla);
const steps = (kind: 'person' | 'candidate' = 'person'): PlaybookStep[] => playbookFor(kind);
const go = (c: Case, req: TransitionRequest, at = T0 + H, st = steps()) => transition(c, req, { now: at, sla: cfg.sla, steps: st });
const must = <T>(o: { ok: true; case: T } | { ok: false; reason: string }): T => {
  if (!o.ok) throw new Error(o.reason);
  return o.case;
};

describe('alerts', () => {
  it('raises on a rise to the alert level or above, with the strongest contributions in the reason', () => {
    const prev = new Map<string, 'none' | 'low' | 'medium' | 'high' | undefined>([
      ['a', 'low'],
      ['b', 'high'],
      ['c', 'none'],
      ['d', 'medium'],
    ]);
    const ch = (id: string, level: 'none' | 'low' | 'medium' | 'high', risk: number) => ({
      subject: { kind: 'person' as const, id },
      level,
      risk,
      contributions: [
        { detector: 'impossible-travel', likelihoodRatio: 6 },
        { detector: 'voip-phone', likelihoodRatio: 2.5 },
        { detector: 'sanctioned-network', likelihoodRatio: 1000 },
        { detector: 'remote-access-tool', likelihoodRatio: 4 },
      ],
    });
    const out = alertDrafts([ch('a', 'high', 75), ch('b', 'high', 90), ch('c', 'low', 20), ch('d', 'low', 16), ch('new', 'medium', 45)], prev, 'medium');
    expect(out.map((a) => `${a.subject.id} ${a.previousLevel}->${a.level}`)).toEqual(['a low->high', 'new none->medium']);
    expect(out[0].reason).toBe(
      'person a rose from low to high (risk 75): sanctioned-network (likelihood ratio 1000), impossible-travel (likelihood ratio 6), remote-access-tool (likelihood ratio 4)',
    );
    expect(alertDrafts([ch('c', 'low', 20)], prev, 'low')).toHaveLength(1);
  });

  it('de-duplicates against the open case: an alert at a level it already has (or above) is a repeat', () => {
    expect(isDuplicateAlert('medium', ['high'])).toBe(true);
    expect(isDuplicateAlert('high', ['high'])).toBe(true);
    expect(isDuplicateAlert('high', ['medium'])).toBe(false);
    expect(isDuplicateAlert('low', [])).toBe(false);
  });
});

describe('case workflow', () => {
  it('walks new → triage → investigating → escalated → contained → closed, with an SLA clock per state', () => {
    let c = fresh();
    expect(c).toMatchObject({ state: 'new', level: 'high', dueAt: new Date(T0 + 4 * H).toISOString() });
    expect(slaOf(c, T0 + 3 * H)).toEqual({ dueAt: c.dueAt, breached: false });
    expect(slaOf(c, T0 + 5 * H)).toEqual({ dueAt: c.dueAt, breached: true, overdueMinutes: 60 });
    c = must(go(c, { to: 'triage' }));
    expect(c.dueAt).toBe(new Date(T0 + H + 24 * H).toISOString());
    c = must(go(c, { to: 'investigating' }));
    expect(go(c, { to: 'escalated' })).toEqual({ ok: false, reason: 'escalating needs escalateTo: insider-risk, hr or legal' });
    c = must(go(c, { to: 'escalated', escalateTo: 'insider-risk' }));
    expect(c.escalatedTo).toBe('insider-risk');
    expect(go(c, { to: 'escalated', escalateTo: 'insider-risk' })).toEqual({ ok: false, reason: 'the case is already escalated to insider-risk' });
    c = must(go(c, { to: 'escalated', escalateTo: 'legal' }));
    expect(go(c, { to: 'contained' })).toEqual({ ok: false, reason: 'containment steps still pending: revoke-sessions, disable-account (mark them done or skipped first)' });
    const done = steps().map((s) => (s.step === 'revoke-sessions' || s.step === 'disable-account' ? { ...s, status: 'done' as const } : s));
    c = must(go(c, { to: 'contained' }, T0 + 2 * H, done));
    expect(go(c, { to: 'closed', verdict: 'true-positive' })).toEqual({ ok: false, reason: 'closing needs a reason: why this verdict' });
    c = must(go(c, { to: 'closed', verdict: 'true-positive', reason: 'laptop farm confirmed by the serial' }, T0 + 3 * H));
    expect(c).toMatchObject({ state: 'closed', verdict: 'true-positive', closedAt: new Date(T0 + 3 * H).toISOString() });
    expect(c.dueAt).toBeUndefined();
    expect(slaOf(c, T0 + 1000 * H)).toEqual({ breached: false });
    expect(go(c, { to: 'triage' })).toEqual({ ok: false, reason: 'case case-1 is closed (true-positive); a new alert opens a new case' });
  });

  it('refuses illegal transitions with the allowed ones, and misplaced fields', () => {
    const c = fresh();
    expect(go(c, { to: 'contained' })).toEqual({ ok: false, reason: 'a case cannot go from new to contained; from new it can go to triage or closed' });
    expect(go(c, { to: 'new' })).toEqual({ ok: false, reason: 'a case cannot go from new to new; from new it can go to triage or closed' });
    expect(go(c, { to: 'triage', verdict: 'benign' })).toEqual({ ok: false, reason: 'a verdict is only given when closing' });
    expect(go(c, { to: 'closed', verdict: 'true-positive', reason: 'x' })).toEqual({
      ok: false,
      reason: 'a true positive is closed after containment: mark the case contained first (revoke access, disable the account)',
    });
    expect(go(c, { to: 'closed', reason: 'x' })).toEqual({ ok: false, reason: 'closing needs a verdict: true-positive, false-positive or benign' });
    expect(must(go(c, { to: 'closed', verdict: 'false-positive', reason: 'sanctioned VPN' })).verdict).toBe('false-positive');
  });

  it('validates requests: control characters and unknown keys are refused', () => {
    expect(TransitionRequest.safeParse({ to: 'closed', verdict: 'benign', reason: 'ok\u0000' }).success).toBe(false);
    expect(TransitionRequest.safeParse({ to: 'closed', extra: 1 }).success).toBe(false);
    expect(TransitionRequest.safeParse({ to: 'closed', verdict: 'benign', reason: 'line one\nline two' }).success).toBe(true);
  });
});

describe('verdict feedback', () => {
  it('closing as false positive makes one scoped suppression per detector, with a default expiry', () => {
    const c = fresh();
    const req: TransitionRequest = { to: 'closed', verdict: 'false-positive', reason: 'approved travel', suppress: { detectors: ['impossible-travel', 'impossible-travel', 'vpn'] } };
    expect(go(c, req).ok).toBe(true);
    const s = suppressionsFromClosing(c, req, { actor: 'ana', now: T0, suppressionDays: 90 });
    expect(s).toEqual([
      { person: 'p_adele', detector: 'impossible-travel', reason: 'case case-1 closed as false-positive: approved travel', until: new Date(T0 + 90 * 24 * H).toISOString(), createdBy: 'ana', createdAt: new Date(T0).toISOString(), caseId: 'case-1' },
      { person: 'p_adele', detector: 'vpn', reason: 'case case-1 closed as false-positive: approved travel', until: new Date(T0 + 90 * 24 * H).toISOString(), createdBy: 'ana', createdAt: new Date(T0).toISOString(), caseId: 'case-1' },
    ]);
    expect(go(c, { ...req, suppress: { detectors: ['vpn'], until: '2020-01-01T00:00:00Z' } })).toEqual({ ok: false, reason: 'suppression expiry 2020-01-01T00:00:00Z is not in the future' });
    const cand = openCase('case-2', { ...draft, subject: { kind: 'candidate', id: 'c1' } }, T0, cfg.sla);
    expect(go(cand, req, T0 + H, steps('candidate'))).toEqual({ ok: false, reason: 'suppressions apply to monitored people, not candidates' });
  });

  it('calibrates a likelihood ratio with a Beta prior on precision, within floor and cap', () => {
    const prior = { ...cfg.calibration, lr: 20, priorProbability: 0.01 };
    const none = calibratedLR('impossible-travel', { truePositive: 0, falsePositive: 0, benign: 0 }, prior);
    expect(none).toMatchObject({ lr: 20, verdicts: 0, applied: false });
    // o = 1/99, p0 = 20o/(1+20o) = 20/119; 8 false positives + 2 benign: p = (10·20/119)/20 = 10/119 → LR = (10/109)·99 = 9.08
    const fp = calibratedLR('impossible-travel', { truePositive: 0, falsePositive: 8, benign: 2 }, prior);
    expect(fp.lr).toBeCloseTo((10 / 109) * 99, 10);
    expect(fp.verdicts).toBe(10);
    expect(fp.explanation).toContain('0 true positives, 10 false positive or benign');
    // Many true positives push the precision towards 1: the cap holds.
    const tp = calibratedLR('sanctioned-network', { truePositive: 500, falsePositive: 0, benign: 0 }, prior);
    expect(tp.lr).toBe(1000);
    expect(tp.explanation).toContain('capped at 1000');
    // Many false positives: the floor holds (a detector is neutralised, never exonerating).
    const low = calibratedLR('vpn', { truePositive: 0, falsePositive: 400, benign: 0 }, prior);
    expect(low.lr).toBe(1);
    // Monotone: a true positive never lowers the value, a false positive never raises it.
    const base = calibratedLR('x', { truePositive: 3, falsePositive: 3, benign: 0 }, prior).lr;
    expect(calibratedLR('x', { truePositive: 4, falsePositive: 3, benign: 0 }, prior).lr).toBeGreaterThan(base);
    expect(calibratedLR('x', { truePositive: 3, falsePositive: 4, benign: 0 }, prior).lr).toBeLessThan(base);
  });

  it("a verdict is about the detectors of the case's alerts, each at its highest likelihood ratio", () => {
    expect(
      verdictDetectors([
        { contributions: [{ detector: 'b', likelihoodRatio: 2 }, { detector: 'a', likelihoodRatio: 6 }] },
        { contributions: [{ detector: 'b', likelihoodRatio: 5 }] },
      ]),
    ).toEqual([
      { detector: 'a', likelihoodRatio: 6 },
      { detector: 'b', likelihoodRatio: 5 },
    ]);
  });
});

describe('playbook', () => {
  it('gives people the containment steps and candidates the hiring ones', () => {
    expect(steps().map((s) => s.step)).toEqual([
      'revoke-sessions',
      'disable-account',
      'stop-payments',
      'preserve-evidence',
      'retrieve-laptop',
      'review-access',
      'hunt-infrastructure',
      'report-authorities',
    ]);
    expect(steps('candidate').map((s) => s.step)).toEqual(['stop-hiring', 'preserve-evidence', 'hunt-infrastructure', 'report-authorities']);
  });

  it('tracks who did a step and when; the laptop step verifies the serial', () => {
    const c = fresh();
    const laptop = steps().find((s) => s.step === 'retrieve-laptop')!;
    const ctx = { actor: 'ivan', now: T0 + H };
    expect(updateStep(c, laptop, { status: 'done' }, ctx)).toEqual({ ok: false, reason: 'retrieve-laptop is done with the serial number of the device received (serial)' });
    const swapped = updateStep(c, laptop, { status: 'done', serial: 'PF3ABCD1', shippedSerial: 'PF3-XYZ9' }, ctx);
    expect(swapped.ok).toBe(false);
    expect(!swapped.ok && swapped.reason).toContain('is not the one shipped');
    const ok = updateStep(c, laptop, { status: 'done', serial: 'pf3 abcd1', shippedSerial: 'PF3-ABCD1' }, ctx);
    expect(ok).toEqual({ ok: true, step: { step: 'retrieve-laptop', title: 'Retrieve the laptop and verify its serial', status: 'done', by: 'ivan', at: new Date(T0 + H).toISOString(), serial: 'pf3 abcd1', shippedSerial: 'PF3-ABCD1' } });
    if (!ok.ok) throw new Error();
    expect(updateStep(c, ok.step, { status: 'skipped', comment: 'x' }, ctx)).toEqual({ ok: false, reason: `step retrieve-laptop was already done by ivan at ${new Date(T0 + H).toISOString()}` });
    const report = steps().find((s) => s.step === 'report-authorities')!;
    expect(updateStep(c, report, { status: 'skipped' }, ctx)).toEqual({ ok: false, reason: 'skipping report-authorities needs a comment: why' });
    expect(updateStep(c, report, { status: 'done', serial: 'x' }, ctx)).toEqual({ ok: false, reason: 'serial numbers belong to the retrieve-laptop step' });
    expect(updateStep(c, report, { status: 'done', reference: 'IC3 I2601010000000' }, ctx)).toMatchObject({ ok: true, step: { reference: 'IC3 I2601010000000' } });
  });
});

describe('audit canonical form', () => {
  it('sorts keys, drops undefined members, is stable whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: undefined }, e: null })).toBe('{"a":{"d":[1,null,"x"]},"b":1,"e":null}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow('nested deeper than 32');
    expect(auditPreimage({ seq: 1, at: 'T', actor: 'a', action: 'b', subject: 'c', detail: '{}', prevHash: '00' })).toBe('[1,"T","a","b","c","{}","00"]');
  });
});
