// high-risk-network through the real parsers, the real offline intel and the real pipeline.
// IPs: see ../common/fixtures/net.ts (each test asserts the intel facts it relies on).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../core/pipeline.ts';
import type { NormalizedEvent } from '../../core/model.ts';
import { openIntel, type IntelService } from '../../intel/index.ts';
import { readInputFile } from '../../sources/reader.ts';
import { samplePath } from '../../../test/samples.ts';
import { findingsFor, graphSignIn, oktaSignIn, parseRecords, runScenario, scimUser, testIntel } from '../../../test/testkit.ts';
import { days, HOUR, IP, utc } from '../common/fixtures/net.ts';
import { detector } from './detector.ts';

const ID = 'high-risk-network';
const SAMPLE = samplePath('entra/training_lab_sign-in_adelete_EXCERPT.csv');

function levelOf(result: Awaited<ReturnType<typeof runScenario>>, upn: string) {
  return result.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn.toLowerCase()))!.level;
}

/** Indicators as a company would import them (LevelBlue's published Astrill VPN IOCs). */
let indicatorIntel: Promise<IntelService> | undefined;
function intelWithIndicators(): Promise<IntelService> {
  indicatorIntel ??= openIntel({
    dataDir: mkdtempSync(join(tmpdir(), 'sw-hrn-')),
    geoSource: 'geolite2', // the fixtures name GeoLite2's places (see test/testkit.ts)
    indicators: [
      { id: 'ind-levelblue-1', type: 'ip', value: IP.astrillIoc1, label: 'Astrill VPN node used by a North Korea-linked IT worker (LevelBlue OTX)', source: 'LevelBlue SpiderLabs 2026-03-17' },
      { id: 'ind-levelblue-2', type: 'ip', value: IP.astrillIoc2, label: 'Astrill VPN node used by a North Korea-linked IT worker (LevelBlue OTX)', source: 'LevelBlue SpiderLabs 2026-03-17' },
    ],
  });
  return indicatorIntel;
}

function pipelineWith(intel: IntelService, directory: Record<string, unknown>[], records: Record<string, unknown>[]): Pipeline {
  const p = new Pipeline({ detectors: [detector], intel });
  p.addDirectory(parseRecords(directory).directory);
  for (const ev of parseRecords(records).events) p.ingest(ev);
  return p;
}

describe('high-risk-network', () => {
  it('relies on the intel facts the fixtures name', async () => {
    const intel = await testIntel();
    expect(intel.lookupIp(IP.kp)?.risks.map((r) => r.tag)).toEqual(['kp']);
    expect(intel.lookupIp(IP.chinaUnicom)).toMatchObject({ asn: 4837, netClass: 'residential', geo: { country: 'CN' } });
    expect(intel.lookupIp(IP.chinaUnicom)?.risks.map((r) => r.tag)).toEqual(['cn']);
    expect(intel.lookupIp(IP.rostelecom)).toMatchObject({ asn: 12389, geo: { country: 'RU' } });
    expect(intel.lookupIp(IP.mullvad)?.netClass).toBe('vpn');
    expect(intel.lookupIp(IP.proton)?.netClass).toBe('vpn');
    expect(intel.lookupIp(IP.zscalerReston)?.netClass).toBe('sase');
    expect(intel.lookupIp(IP.comcastSeattle)).toMatchObject({ netClass: 'residential', geo: { country: 'US' } });
  });

  it('the real Entra sample: 175.45.176.99 labelled "Azor, Tel Aviv, IL" by Microsoft is North Korea → critical', async () => {
    const intel = await testIntel();
    const p = new Pipeline({ detectors: [detector], intel });
    const events: NormalizedEvent[] = [];
    const summary = await readInputFile(SAMPLE, { event: (e) => events.push(e), directory: () => undefined });
    expect(summary.rejected).toBe(0);
    for (const e of events) p.ingest(e);
    const result = p.finish();
    const adele = findingsFor(result, 'adelev@m365x816222.onmicrosoft.com', ID);
    expect(adele).toHaveLength(1);
    const f = adele[0];
    expect(f.severity).toBe('critical');
    expect(f.likelihoodRatio).toBe(1000);
    expect(f.explanation).toMatch(/North Korea/);
    expect(f.explanation).toMatch(/Tel Aviv/);
    expect(f.explanation).toMatch(/1 successful sign-in/);
    expect(f.explanation).toMatch(/1 failed sign-in/); // ResultType 50058 in the second row
    const ev = f.evidence.find((e) => e.type === 'event')!;
    expect(ev.ip).toBe('175.45.176.99');
    expect(ev.place?.country).toBe('KP');
    expect(ev.vendorPlace).toMatchObject({ country: 'IL', region: 'Tel Aviv', city: 'Azor' });
    expect(f.firstSeen).toBe('2021-04-28T14:08:45.221Z');
    expect(levelOf(result, 'adelev@m365x816222.onmicrosoft.com')).toBe('high');
  });

  it('North Korean address space only in failed sign-ins → high, not critical', async () => {
    const upn = 'mina.lee@contoso.com';
    const records = [
      ...days('2025-04-07', 5).map((d) => graphSignIn({ upn, time: utc(d, 14), ip: IP.comcastSeattle })),
      graphSignIn({ upn, time: utc('2025-04-09', 3), ip: IP.kp2, errorCode: 50126 }),
      graphSignIn({ upn, time: utc('2025-04-09', 3.1), ip: IP.kp2, errorCode: 50126 }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].likelihoodRatio).toBe(20);
    expect(f[0].explanation).toMatch(/2 failed sign-in\(s\)/);
    expect(f[0].evidence.filter((e) => e.type === 'event').every((e) => e.label.includes('failed'))).toBe(true);
  });

  it('China Unicom sign-ins leaking between VPN sign-ins for weeks → high with the leak likelihood ratio', async () => {
    const upn = 'jake.miller@contoso.com';
    const directory = [scimUser({ upn, displayName: 'Jake Miller', home: { locality: 'Austin', region: 'TX', postalCode: '78701' }, timezone: 'America/Chicago' })];
    const workdays = days('2025-04-01', 20, true);
    const leakDays = new Set([workdays[1], workdays[6], workdays[11], workdays[17]]);
    const records: Record<string, unknown>[] = [];
    for (const d of workdays) {
      records.push(graphSignIn({ upn, time: utc(d, 1), ip: IP.mullvad }));
      records.push(graphSignIn({ upn, time: utc(d, 4), ip: IP.proton }));
      if (leakDays.has(d)) records.push(graphSignIn({ upn, time: utc(d, 5), ip: IP.chinaUnicom }));
      records.push(graphSignIn({ upn, time: utc(d, 7), ip: IP.mullvad2 }));
    }
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].likelihoodRatio).toBe(100);
    expect(f[0].title).toMatch(/leaking between VPN/);
    expect(f[0].explanation).toMatch(/4 of 64 successful sign-ins \(6%\) came from Chinese networks/);
    expect(f[0].explanation).toMatch(/4 of them \(on 4 day\(s\)\) came within 12 h of a VPN/);
    expect(f[0].explanation).toMatch(/Austin, Texas, US/);
    const leaks = f[0].evidence.find((e) => e.label.startsWith('leaks next to'))!;
    expect(leaks).toMatchObject({ value: 4, threshold: 2 });
    expect(f[0].evidence.filter((e) => e.type === 'event').every((e) => e.ip === IP.chinaUnicom && e.place?.country === 'CN')).toBe(true);
  });

  it('Rostelecom leaking before VPN sign-ins (Okta System Log) → high', async () => {
    const upn = 'dmitri.k@contoso.com';
    const records: Record<string, unknown>[] = [];
    for (const d of days('2025-05-05', 15, true)) {
      records.push(oktaSignIn({ upn, time: utc(d, 6), ip: IP.rostelecom })); // VPN not up yet…
      records.push(oktaSignIn({ upn, time: utc(d, 6.5), ip: IP.pia })); // …then it connects
      records.push(oktaSignIn({ upn, time: utc(d, 11), ip: IP.pia }));
    }
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].title).toBe('Russian network leaking between VPN sign-ins');
    expect(f[0].evidence.find((e) => e.label.startsWith('leaks next to'))?.value).toBe(15);
  });

  it('Chinese sign-ins for a month without VPN → medium presence', async () => {
    const upn = 'li.wei@contoso.com';
    const directory = [scimUser({ upn, home: { locality: 'Houston', region: 'TX' } })];
    const records = days('2025-04-01', 30).flatMap((d, i) => [
      graphSignIn({ upn, time: utc(d, 15), ip: IP.comcastHouston }),
      ...(i % 3 === 0 ? [graphSignIn({ upn, time: utc(d, 2), ip: IP.chinaUnicomBeijing })] : []),
    ]);
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
    expect(f[0].likelihoodRatio).toBe(10);
    expect(f[0].explanation).toMatch(/longer than a 14-day trip/);
  });

  it('negative: a business trip to China (hotel network, personal VPN, Zscaler) stays low and the person stays at none', async () => {
    const upn = 'sarah.oconnor@contoso.com';
    const directory = [scimUser({ upn, displayName: "Sarah O'Connor", home: { locality: 'Seattle', region: 'WA', postalCode: '98103' }, timezone: 'America/Los_Angeles' })];
    const records: Record<string, unknown>[] = [];
    for (const d of days('2025-04-01', 14, true)) records.push(graphSignIn({ upn, time: utc(d, 16), ip: IP.comcastSeattle }));
    for (const d of days('2025-04-21', 5)) {
      records.push(graphSignIn({ upn, time: utc(d, 1), ip: IP.chinaUnicomBeijing })); // hotel Wi-Fi
      records.push(graphSignIn({ upn, time: utc(d, 1.5), ip: IP.mullvad })); // personal VPN to reach Google
      records.push(graphSignIn({ upn, time: utc(d, 9), ip: IP.zscalerReston })); // company SASE
    }
    for (const d of days('2025-04-28', 14, true)) records.push(graphSignIn({ upn, time: utc(d, 16), ip: IP.comcastSeattle }));
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('low');
    expect(f[0].likelihoodRatio).toBe(1.5);
    expect(f[0].explanation).toMatch(/consistent with a trip/);
    expect(levelOf(result, upn)).toBe('none');
  });

  it('negative: one Chinese sign-in alone is low; staff who claim to live in China are not reported', async () => {
    const traveller = 'tom.b@contoso.com';
    const shanghai = 'wang.fang@contoso.com';
    const directory = [
      scimUser({ upn: traveller, home: { locality: 'Austin', region: 'TX' } }),
      scimUser({ upn: shanghai, home: { locality: 'Shanghai', country: 'CN' }, timezone: 'Asia/Shanghai' }),
    ];
    const records = [
      graphSignIn({ upn: traveller, time: utc('2025-04-02', 3), ip: IP.chinaUnicom }),
      graphSignIn({ upn: traveller, time: utc('2025-04-03', 15), ip: IP.charterAustin }),
      ...days('2025-04-01', 20).map((d) => graphSignIn({ upn: shanghai, time: utc(d, 2), ip: IP.chinaUnicom })),
      ...days('2025-04-01', 20).map((d) => graphSignIn({ upn: shanghai, time: utc(d, 3), ip: IP.mullvad })),
    ];
    const result = await runScenario({ directory, records, detectors: [detector] });
    const t = findingsFor(result, traveller, ID);
    expect(t).toHaveLength(1);
    expect(t[0].severity).toBe('low');
    expect(t[0].title).toMatch(/Single sign-in/);
    expect(levelOf(result, traveller)).toBe('none');
    expect(findingsFor(result, shanghai, ID)).toEqual([]);
    expect(levelOf(result, shanghai)).toBe('none');
  });

  it('negative: an ordinary employee on home broadband and Zscaler gets nothing', async () => {
    const upn = 'ann.p@contoso.com';
    const records = days('2025-04-01', 20).flatMap((d) => [
      graphSignIn({ upn, time: utc(d, 14), ip: IP.charterAustin }),
      graphSignIn({ upn, time: utc(d, 18), ip: IP.zscalerChicago }),
    ]);
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('imported indicators: success → high, failures only → medium', async () => {
    const intel = await intelWithIndicators();
    expect(intel.lookupIp(IP.astrillIoc1)?.risks.map((r) => r.tag)).toContain('indicator');
    const a = 'new.hire@contoso.com';
    const b = 'other.hire@contoso.com';
    const records = [
      ...days('2025-04-01', 4).map((d) => graphSignIn({ upn: a, time: utc(d, 3), ip: IP.astrillIoc1 })),
      graphSignIn({ upn: b, time: utc('2025-04-02', 3), ip: IP.astrillIoc2, errorCode: 50126 }),
      graphSignIn({ upn: b, time: utc('2025-04-02', 15), ip: IP.charterAustin }),
    ];
    const result = pipelineWith(intel, [], records).finish();
    const fa = findingsFor(result, a, ID);
    expect(fa).toHaveLength(1);
    expect(fa[0]).toMatchObject({ severity: 'high', likelihoodRatio: 30 });
    expect(fa[0].explanation).toMatch(/Astrill VPN node/);
    expect(fa[0].explanation).toMatch(/4 successful sign-in\(s\) on 4 day\(s\)/);
    const fb = findingsFor(result, b, ID);
    expect(fb).toHaveLength(1);
    expect(fb[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 4 });
  });

  it('state stays under 2 KB after 5,000 sign-ins over every kind of network', async () => {
    const intel = await intelWithIndicators();
    const upn = 'busy.user@contoso.com';
    const ips = [IP.kp, IP.kp2, IP.chinaUnicom, IP.chinaUnicomBeijing, IP.rostelecom, IP.astrillIoc1, IP.mullvad, IP.proton, IP.aws, IP.charterAustin, IP.zscalerChicago];
    const start = utc('2025-01-01', 0);
    const records = Array.from({ length: 5000 }, (_, i) =>
      graphSignIn({ upn, time: start + i * 1.7 * HOUR, ip: ips[(i * 7) % ips.length], errorCode: i % 13 === 0 ? 50126 : 0 }),
    );
    const p = pipelineWith(intel, [], records);
    const result = p.finish();
    const pid = result.people[0].personId;
    const state = p.exportState(pid)![ID];
    const size = JSON.stringify(state).length;
    expect(size).toBeLessThan(2048);
    expect(findingsFor(result, upn, ID).map((f) => f.severity)).toContain('critical');
  });
});
