// Peer check: Panther's own rule tests through our real reader, pipeline, detectors and offline intel. Writes the
// agreement table to docs/peer-check.md and pins the per-rule counts, so any behaviour change is noticed and has to
// be explained (see panther-peer.ts for the method and the fixed list of reasons).
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyDetector } from '../../src/core/detector.ts';
import { detectors as registered } from '../../src/detectors/registry.ts';
import { detector as vendorRisk } from '../../src/detectors/vendor-risk/detector.ts';
import { testIntel } from '../testkit.ts';
import { PANTHER_TESTS, loadPantherTests, REASONS, renderMarkdown, runTest, summarise, type Row } from './panther-peer.ts';

const DOC = new URL('../../docs/peer-check.md', import.meta.url);
// vendor-risk is not in the registry yet when this was written; never run a detector twice.
const detectors: AnyDetector[] = [...registered.filter((d) => d.definition.id !== vendorRisk.definition.id), vendorRisk];

describe('peer check against Panther rule tests', () => {
  let rows: Row[];
  beforeAll(async () => {
    const intel = await testIntel();
    rows = loadPantherTests().map((t) => runTest(t, detectors, intel));
    writeFileSync(DOC, renderMarkdown(rows, PANTHER_TESTS));
  });

  it('covers every test of the compared rules', () => {
    expect(rows.length).toBe(38);
    const perRule = Object.fromEntries(Object.entries(summarise(rows)).map(([r, s]) => [r, s.agree + s.disagree + s.notApplicable]));
    expect(perRule).toEqual({
      'Azure.Audit.HighRiskSignIn': 2,
      'Azure.Audit.RiskLevelPassthrough': 5,
      'GSuite.IsSuspiciousTag': 2,
      'Okta.Anonymizing.VPN.Login': 3,
      'Standard.ImpossibleTravel.Login': 13,
      'Standard.SignInFromRogueState': 13,
    });
  });

  it('agreement per rule is exactly what was measured (a change here is a behaviour change to explain)', () => {
    expect(summarise(rows)).toEqual({
      'Azure.Audit.HighRiskSignIn': { agree: 2, disagree: 0, notApplicable: 0 },
      'Azure.Audit.RiskLevelPassthrough': { agree: 3, disagree: 2, notApplicable: 0 },
      'GSuite.IsSuspiciousTag': { agree: 1, disagree: 1, notApplicable: 0 },
      'Okta.Anonymizing.VPN.Login': { agree: 1, disagree: 2, notApplicable: 0 },
      'Standard.ImpossibleTravel.Login': { agree: 2, disagree: 6, notApplicable: 5 },
      'Standard.SignInFromRogueState': { agree: 4, disagree: 2, notApplicable: 7 },
    });
  });

  it('every disagreement has a reason from the fixed list and a one-sentence explanation', () => {
    const disagreements = rows.filter((r) => r.ours !== undefined && !r.agree);
    for (const r of disagreements) {
      expect(Object.keys(REASONS), `${r.rule} / ${r.test}`).toContain(r.reason);
      expect(r.explanation, `${r.rule} / ${r.test}`).toMatch(/^[A-Z].{20,400}\.$/);
    }
    const byReason: Record<string, number> = {};
    for (const r of disagreements) byReason[r.reason!] = (byReason[r.reason!] ?? 0) + 1;
    expect(byReason).toEqual({ 'mocked-history': 6, 'vendor-enrichment': 1, 'failed-attempt': 2, 'not-a-person': 3, 'stub-record': 1 });
    // Agreeing and not-applicable rows carry no reason.
    expect(rows.filter((r) => (r.agree || r.ours === undefined) && r.reason !== undefined)).toEqual([]);
  });

  it('the Entra high-risk verdict agrees both ways, with the finding naming the vendor fields', () => {
    const hit = rows.find((r) => r.test === 'High Risk During Sign-In')!;
    expect(hit).toMatchObject({ expected: true, ours: true, agree: true });
    expect(hit.findings[0].explanation).toContain('riskState = atRisk');
    expect(rows.find((r) => r.test === 'High Risk Dismissed')).toMatchObject({ expected: false, ours: false, agree: true });
  });

  it('the rogue-state disagreement names both Panther\'s enrichment and our lookup of the real IP', () => {
    const r = rows.find((x) => x.test === 'Okta - Rogue State Sign-In')!;
    expect(r.reason).toBe('vendor-enrichment');
    expect(r.explanation).toContain('Moscow, RU');
    expect(r.explanation).toContain('1.1.1.1 = Cloudflare, Inc. AS13335');
  });

  it('formats we do not read are not applicable, never counted as agreement', () => {
    const na = rows.filter((r) => r.ours === undefined);
    expect(new Set(na.map((r) => /\(([^)]+)\)$/.exec(r.read)?.[1]))).toEqual(
      new Set(['AWS.CloudTrail', 'Asana.Audit', 'Notion.AuditLogs', 'Box.Event', 'OneLogin.Events', 'OnePassword.SignInAttempt', 'Zoom.Activity']),
    );
    expect(na.every((r) => r.agree === undefined && r.findings.length === 0)).toBe(true);
  });
});
