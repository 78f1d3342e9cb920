// vendor-risk through the real parsers, the real offline intel and the real pipeline.
// Records: Microsoft Graph signIn resources from test/testkit.ts graphSignIn() with Entra ID Protection's own fields
// set (riskLevelDuringSignIn, riskLevelAggregated, riskState, riskEventTypes_v2 — property names and values from the
// Graph signIn resource), Okta System Log LogEvents from oktaSignIn() with securityContext.isProxy /
// debugData.threatSuspected / logOnlySecurityData set as Okta writes them, the Google Reports API login page of
// src/sources/gworkspace/fixtures (Azure-Sentinel sample data) and the real Panther Azure sign-in logs of
// Azure.Audit.HighRiskSignIn (panther-labs/panther-analysis @ daa10c88, Apache-2.0, via test/samples/panther).
// IPs: ../common/fixtures/net.ts (the first test asserts the intel facts the others rely on).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../core/pipeline.ts';
import { pantherTestsText } from '../../../test/samples.ts';
import { findingsFor, graphSignIn, oktaSignIn, parseRecords, runScenario, testIntel } from '../../../test/testkit.ts';
import { days, distinctUpns, IP, utc } from '../common/fixtures/net.ts';
import { detector, type State } from './detector.ts';

const ID = 'vendor-risk';
type Rec = Record<string, unknown>;
type Result = Awaited<ReturnType<typeof runScenario>>;
const levelOf = (r: Result, upn: string) => r.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn.toLowerCase()))!.level;

/** Entra ID Protection's verdict on a Graph signIn record. */
function entraRisk(rec: Rec, risk: { during?: string; aggregated?: string; state?: string; types?: string[] }): Rec {
  if (risk.during !== undefined) rec.riskLevelDuringSignIn = risk.during;
  if (risk.aggregated !== undefined) rec.riskLevelAggregated = risk.aggregated;
  if (risk.state !== undefined) rec.riskState = risk.state;
  if (risk.types !== undefined) rec.riskEventTypes_v2 = risk.types;
  if (risk.state === 'atRisk') rec.riskDetail = 'none';
  return rec;
}

/** Okta's verdict on a LogEvent: ThreatInsight, proxy, risk-engine level (logOnlySecurityData as Okta writes it). */
function oktaRisk(rec: Rec, risk: { threat?: boolean; proxy?: boolean; level?: 'LOW' | 'MEDIUM' | 'HIGH' }): Rec {
  const dbg = (rec.debugContext as { debugData: Rec }).debugData;
  if (risk.threat !== undefined) dbg.threatSuspected = String(risk.threat);
  if (risk.proxy !== undefined) (rec.securityContext as Rec).isProxy = risk.proxy;
  if (risk.level) {
    dbg.logOnlySecurityData = JSON.stringify({
      risk: { level: risk.level },
      behaviors: { 'New Geo-Location': 'POSITIVE', 'New Device': 'POSITIVE', 'New IP': 'POSITIVE', 'New State': 'NEGATIVE', 'New Country': 'POSITIVE', Velocity: 'NEGATIVE', 'New City': 'POSITIVE' },
    });
  }
  return rec;
}

const pantherLogs = (rule: string) =>
  pantherTestsText()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { RuleID: string; TestName: string; ExpectedResult: boolean; Log: Rec })
    .filter((r) => r.RuleID === rule);

/** Twenty ordinary weekday sign-ins from home (Charter, Austin) with Entra's usual "none" verdicts. */
const homeDays = (upn: string, start = '2025-03-03', n = 20) => days(start, n, true).map((d) => graphSignIn({ upn, time: utc(d, 15), ip: IP.charterAustin }));

describe('vendor-risk', () => {
  it('relies on the intel facts the fixtures name', async () => {
    const intel = await testIntel();
    expect(intel.lookupIp(IP.charterAustin)?.netClass).toBe('residential');
    expect(intel.lookupIp(IP.mullvad)).toMatchObject({ netClass: 'vpn', provider: 'Mullvad VPN' });
    expect(intel.lookupIp(IP.appleRelay)).toMatchObject({ netClass: 'relay', provider: 'Apple iCloud Private Relay' });
    expect(intel.lookupIp(IP.zscalerChicago)).toMatchObject({ netClass: 'sase', provider: 'Zscaler' });
    expect(intel.lookupIp(IP.googleFiberAustin)?.netClass).toBe('business');
    expect(intel.lookupIp(IP.comcastSeattle)?.netClass).toBe('residential');
    // The Panther logs' 4.4.4.4, labelled Moscow by the log: Level 3 in the US for GeoLite2.
    expect(intel.lookupIp('4.4.4.4')).toMatchObject({ asn: 3356, geo: { country: 'US' } });
  });

  it('Panther Azure.Audit.HighRiskSignIn "High Risk During Sign-In" (real diagnostic record) → medium, naming the vendor fields', async () => {
    const [log] = pantherLogs('Azure.Audit.HighRiskSignIn').filter((t) => t.TestName === 'High Risk During Sign-In');
    const result = await runScenario({ records: [log.Log], detectors: [detector] });
    const f = findingsFor(result, 'john@justice.org', ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 4, firstSeen: '2025-01-15T14:23:10.123Z' });
    expect(f[0].explanation).toMatch(/^Microsoft Entra ID Protection rated 1 of 1 successful sign-ins \(100%\) high risk on 1 day\(s\) \(threshold 1/);
    expect(f[0].explanation).toContain('riskLevelDuringSignIn/riskLevelAggregated (the higher) = high ×1');
    expect(f[0].explanation).toContain('riskState = atRisk ×1');
    expect(f[0].explanation).toContain('riskEventTypes: unfamiliarFeatures ×1, anonymizedIPAddress ×1');
    const ev = f[0].evidence.find((e) => e.type === 'event')!;
    // Microsoft's own place (Moscow) is kept next to ours (Level 3, US) for the analyst.
    expect(ev).toMatchObject({ ip: '4.4.4.4', vendorPlace: { country: 'RU', city: 'Moscow' }, place: { country: 'US' }, network: { asn: 3356 } });
    expect(f[0].evidence.find((e) => e.type === 'measure')).toMatchObject({ value: 1, threshold: 1, unit: 'sign-ins' });
  });

  it('Panther "High Risk Dismissed" (riskState dismissed, both levels high) stays quiet', async () => {
    const [log] = pantherLogs('Azure.Audit.HighRiskSignIn').filter((t) => t.TestName === 'High Risk Dismissed');
    expect(log.ExpectedResult).toBe(false);
    const result = await runScenario({ records: [log.Log], detectors: [detector] });
    expect(findingsFor(result, 'cross@lotr.com', ID)).toEqual([]);
  });

  it('one high-risk Graph sign-in among ordinary ones → medium; the explanation says 1 of 21', async () => {
    const upn = 'risky.once@contoso.com';
    const records = [
      ...homeDays(upn),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-20', 3), ip: IP.mullvad }), {
        during: 'high',
        aggregated: 'medium',
        state: 'atRisk',
        types: ['anonymizedIPAddress', 'unfamiliarFeatures'],
      }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 4, firstSeen: '2025-03-20T03:00:00.000Z' });
    expect(f[0].explanation).toMatch(/rated 1 of 21 successful sign-ins \(5%\) high risk/);
    const ev = f[0].evidence.filter((e) => e.type === 'event');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ ip: IP.mullvad, network: { class: 'vpn', provider: 'Mullvad VPN' } });
    expect(ev[0].label).toMatch(/^high-risk verdict \(Microsoft Entra ID Protection: .*riskEventTypes: anonymizedIPAddress, unfamiliarFeatures\)$/);
  });

  it('riskState confirmedCompromised counts as high even with a low level', async () => {
    const upn = 'confirmed.bad@contoso.com';
    const records = [...homeDays(upn, '2025-03-03', 5), entraRisk(graphSignIn({ upn, time: utc('2025-03-12', 15), ip: IP.charterAustin }), { during: 'low', state: 'confirmedCompromised' })];
    const f = findingsFor(await runScenario({ records, detectors: [detector] }), upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
    expect(f[0].explanation).toContain('riskState = confirmedCompromised ×1');
  });

  it('medium-risk verdicts on 3 of 23 sign-ins over 3 days → low; a tenant without P2 ("hidden" + types) counts as medium', async () => {
    const upn = 'unfamiliar.often@contoso.com';
    const records = [
      ...homeDays(upn),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-05', 2), ip: IP.proton }), { during: 'medium', aggregated: 'low', state: 'atRisk', types: ['unfamiliarFeatures'] }),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-12', 2), ip: IP.proton }), { during: 'medium', state: 'atRisk', types: ['unfamiliarFeatures'] }),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-19', 2), ip: IP.comcastSeattle }), { during: 'hidden', aggregated: 'hidden', state: 'atRisk', types: ['generic'] }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: 2 });
    expect(f[0].explanation).toMatch(/rated 3 of 23 \(13%\) medium risk on 3 day\(s\) \(a low finding needs ≥ 2 days and ≥ 10% of sign-ins\)/);
    expect(f[0].explanation).toContain('riskEventTypes: unfamiliarFeatures ×2, generic ×1');
    expect(f[0].evidence.find((e) => e.label.startsWith('days with a medium-risk'))).toMatchObject({ value: 3, threshold: 2 });
    expect(f[0].evidence.find((e) => e.label.startsWith('share of successful'))).toMatchObject({ value: 0.13, threshold: 0.1 });
  });

  it('negative: a business trip with one "unfamiliar sign-in properties" verdict stays quiet', async () => {
    const upn = 'traveller@contoso.com';
    const records = [
      ...homeDays(upn),
      // Trip to Seoul: first sign-in there is unfamiliar to Entra (medium), later ones are learnt (none).
      entraRisk(graphSignIn({ upn, time: utc('2025-03-17', 1), ip: IP.ktSeoul }), { during: 'medium', state: 'atRisk', types: ['unfamiliarFeatures'] }),
      graphSignIn({ upn, time: utc('2025-03-18', 1), ip: IP.ktSeoul }),
      graphSignIn({ upn, time: utc('2025-03-19', 1), ip: IP.ktSeoul2 }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
    expect(levelOf(result, upn)).toBe('none');
  });

  it('negative: dismissed, remediated and confirmed-safe risk is never counted', async () => {
    const upn = 'cleared.risk@contoso.com';
    const records = [
      ...homeDays(upn, '2025-03-03', 10),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-04', 2), ip: IP.mullvad }), { during: 'high', aggregated: 'high', state: 'dismissed', types: ['anonymizedIPAddress'] }),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-05', 2), ip: IP.mullvad }), { during: 'high', state: 'remediated', types: ['unfamiliarFeatures'] }),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-06', 2), ip: IP.proton }), { during: 'medium', state: 'confirmedSafe', types: ['unfamiliarFeatures'] }),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-07', 2), ip: IP.proton }), { during: 'medium', state: 'confirmedSafe', types: ['unfamiliarFeatures'] }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
    expect(levelOf(result, upn)).toBe('none');
  });

  it('cleared risk next to counted risk is named as not counted', async () => {
    const upn = 'mixed.risk@contoso.com';
    const records = [
      ...homeDays(upn, '2025-03-03', 10),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-04', 2), ip: IP.mullvad }), { during: 'high', state: 'dismissed' }),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-10', 2), ip: IP.mullvad }), { during: 'high', state: 'atRisk', types: ['unlikelyTravel'] }),
    ];
    const f = findingsFor(await runScenario({ records, detectors: [detector] }), upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].explanation).toMatch(/rated 1 of 12 successful sign-ins \(8%\) high risk/);
    expect(f[0].explanation).toContain('Not counted: 1 risky sign-in(s) with riskState = dismissed (the risk was cleared).');
  });

  it('negative: anonymous-IP verdicts on Apple iCloud Private Relay and Okta isProxy on Zscaler are not counted', async () => {
    const relayUser = 'relay.user@contoso.com';
    const saseUser = 'zscaler.user@contoso.com';
    const records = [
      ...homeDays(relayUser),
      ...days('2025-03-03', 8, true).map((d) =>
        entraRisk(graphSignIn({ upn: relayUser, time: utc(d, 20), ip: IP.appleRelay }), { during: 'medium', state: 'atRisk', types: ['anonymizedIPAddress'] }),
      ),
      ...days('2025-03-03', 10, true).map((d) => oktaRisk(oktaSignIn({ upn: saseUser, time: utc(d, 15), ip: IP.zscalerChicago }), { proxy: true })),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, relayUser, ID)).toEqual([]);
    expect(findingsFor(result, saseUser, ID)).toEqual([]);
    expect(levelOf(result, relayUser)).toBe('none');
  });

  it('negative: Entra anonymous-IP-only verdicts on a known VPN are left to anonymising-infra (not counted twice)', async () => {
    const upn = 'vpn.known@contoso.com';
    const records = [
      ...homeDays(upn, '2025-03-03', 10),
      ...days('2025-03-03', 5, true).map((d) =>
        entraRisk(graphSignIn({ upn, time: utc(d, 2), ip: IP.mullvad }), { during: 'medium', state: 'atRisk', types: ['anonymizedIPAddress'] }),
      ),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('negative: Okta isProxy on a business /24 shared by 6 colleagues (company proxy) is corporate egress', async () => {
    const upns = distinctUpns(['proxy.a@contoso.com', 'proxy.b@contoso.com', 'proxy.c@contoso.com', 'proxy.d@contoso.com', 'proxy.e@contoso.com', 'proxy.f@contoso.com']);
    const records = upns.flatMap((upn) => days('2025-03-03', 6, true).map((d) => oktaRisk(oktaSignIn({ upn, time: utc(d, 14), ip: IP.googleFiberAustin }), { proxy: true })));
    const result = await runScenario({ records, detectors: [detector] });
    for (const upn of upns) expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('Okta isProxy on a network our intel calls residential → low; on a known VPN it is left to anonymising-infra', async () => {
    const upn = 'okta.proxy@contoso.com';
    const records = [
      ...days('2025-03-03', 6, true).map((d) => oktaSignIn({ upn, time: utc(d, 15), ip: IP.charterAustin })),
      // A proxy Okta knows and our catalogues don't (Comcast residential: a residential proxy / laptop farm).
      ...days('2025-03-03', 3, true).map((d) => oktaRisk(oktaSignIn({ upn, time: utc(d, 2), ip: IP.comcastSeattle }), { proxy: true })),
      // Mullvad: our intel already says VPN; anonymising-infra weighs it, vendor-risk does not count it twice.
      ...days('2025-03-10', 2, true).map((d) => oktaRisk(oktaSignIn({ upn, time: utc(d, 2), ip: IP.mullvad }), { proxy: true })),
    ];
    const f = findingsFor(await runScenario({ records, detectors: [detector] }), upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: 2 });
    expect(f[0].explanation).toMatch(/^Okta rated 3 of 11 \(27%\) medium risk on 3 day\(s\)/);
    expect(f[0].explanation).toContain('securityContext.isProxy = true ×3');
    expect(f[0].explanation).toContain('Not counted: 2 proxy/anonymous-IP verdict(s) on networks our intel already classifies as VPN, hosting or Tor');
    expect(f[0].evidence.filter((e) => e.type === 'event').every((e) => e.ip === IP.comcastSeattle && e.network?.class === 'residential')).toBe(true);
  });

  it('Okta ThreatInsight + risk level HIGH → medium', async () => {
    const upn = 'okta.threat@contoso.com';
    const records = [
      ...days('2025-03-03', 6, true).map((d) => oktaSignIn({ upn, time: utc(d, 15), ip: IP.comcastHouston })),
      oktaRisk(oktaSignIn({ upn, time: utc('2025-03-11', 4), ip: IP.digitalOcean }), { threat: true, level: 'HIGH' }),
    ];
    const t = findingsFor(await runScenario({ records, detectors: [detector] }), upn, ID);
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 4 });
    expect(t[0].explanation).toContain('debugContext.debugData risk level = HIGH ×1');
    expect(t[0].explanation).toContain('debugContext.debugData.threatSuspected = true ×1');
    expect(t[0].explanation).toContain('debugContext.debugData behaviors (POSITIVE): New Geo-Location ×1');
  });

  it('Google Workspace is_suspicious (real Reports API page): one day → quiet; a second day → low', async () => {
    const page = JSON.parse(readFileSync(new URL('../../sources/gworkspace/fixtures/reports-api-login-page.json', import.meta.url), 'utf8')) as { items: Rec[] };
    const flag = (a: Rec): Rec => {
      const copy = structuredClone(a) as { events: { name: string; parameters: { name: string; boolValue?: boolean }[] }[] };
      for (const e of copy.events) for (const p of e.parameters) if (p.name === 'is_suspicious') p.boolValue = true;
      return copy as unknown as Rec;
    };
    const success = page.items.filter((a) => (a.events as { name: string }[]).some((e) => e.name === 'login_success'));
    expect(success.length).toBeGreaterThan(0);
    const upn = ((success[0].actor as Rec).email as string).toLowerCase();
    const flagged = page.items.map((a) => (a === success[0] ? flag(a) : a));
    const oneDay = await runScenario({ records: flagged, detectors: [detector] });
    expect(findingsFor(oneDay, upn, ID)).toEqual([]);
    // The same suspicious login a week later (new time and uniqueQualifier: another activity).
    const later = flag(success[0]);
    const id = later.id as Rec;
    later.id = { ...id, time: new Date(Date.parse(id.time as string) + 7 * 86_400_000).toISOString(), uniqueQualifier: '580457398999' };
    const twoDays = await runScenario({ records: [...flagged, later], detectors: [detector] });
    const f = findingsFor(twoDays, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: 2 });
    // The page holds 2 successful logins (one flagged) and the flagged copy a week later: 2 of 3.
    expect(success).toHaveLength(2);
    expect(f[0].explanation).toMatch(/^Google Workspace rated 2 of 3 \(67%\) medium risk on 2 day\(s\)/);
    expect(f[0].explanation).toContain('is_suspicious = true ×2');
  });

  it('risky failed attempts are not counted by default (Panther "Anonymizing Proxy Used" is a failed Okta sign-in); countFailed counts them', async () => {
    const upn = 'sprayed@contoso.com';
    const records = [
      ...homeDays(upn, '2025-03-03', 10),
      entraRisk(graphSignIn({ upn, time: utc('2025-03-06', 3), ip: IP.torEmeraldOnion, errorCode: 50126 }), { during: 'high', state: 'atRisk', types: ['anonymizedIPAddress', 'passwordSpray'] }),
    ];
    expect(findingsFor(await runScenario({ records, detectors: [detector] }), upn, ID)).toEqual([]);
    const on = await runScenario({ records, detectors: [detector], config: { detectors: { [ID]: { enabled: true, params: { countFailed: true } } } } });
    const f = findingsFor(on, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].explanation).toContain('1 of the verdicts were on failed sign-in attempts (counted: countFailed is on).');

    const [vpn] = pantherLogs('Okta.Anonymizing.VPN.Login').filter((t) => t.TestName === 'Anonymizing Proxy Used');
    const r = await runScenario({ records: [vpn.Log], detectors: [detector] });
    expect(findingsFor(r, 'homer.simpson@duff.com', ID)).toEqual([]);
  });

  it('state stays ≤ 2 KB after 10,000 events with verdicts from three vendors', async () => {
    const intel = await testIntel();
    const pipeline = new Pipeline({ detectors: [detector], intel, mode: 'stream' });
    const upn = 'busy.risky@contoso.com';
    const ips = [IP.mullvad, IP.proton, IP.aws, IP.digitalOcean, IP.pia, IP.charterAustin, IP.comcastHouston];
    const types = ['anonymizedIPAddress', 'unfamiliarFeatures', 'unlikelyTravel', 'maliciousIPAddress', 'newCountry', 'nationStateIP', 'passwordSpray', 'suspiciousBrowser', 'anomalousToken', 'generic'];
    const records: Rec[] = [];
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    for (let i = 0; i < 10_000; i++) {
      const t = t0 + i * 1_800_000;
      const ip = ips[i % ips.length];
      if (i % 3 === 0) records.push(entraRisk(graphSignIn({ upn, time: t, ip }), { during: i % 2 ? 'medium' : 'high', state: 'atRisk', types: [types[i % types.length], types[(i + 3) % types.length]] }));
      else if (i % 3 === 1) records.push(oktaRisk(oktaSignIn({ upn, time: t, ip: `23.144.160.${i % 250}` }), { proxy: true, threat: i % 5 === 0 }));
      else records.push(graphSignIn({ upn, time: t, ip }));
    }
    for (const ev of parseRecords(records).events) pipeline.ingest(ev);
    const pid = pipeline.personIds()[0];
    const st = pipeline.exportState(pid)![ID] as State;
    expect(st.n).toBe(10_000);
    expect(st.s.length).toBeLessThanOrEqual(5);
    expect(st.np.length).toBeLessThanOrEqual(4);
    expect(Object.keys(st.why).length).toBeLessThanOrEqual(16);
    expect(JSON.stringify(st).length).toBeLessThan(2048);
    const f = pipeline.finish().people[0].findings.filter((x) => x.detector === ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
  });
});
