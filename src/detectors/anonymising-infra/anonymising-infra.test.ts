// anonymising-infra through the real parsers, the real offline intel and the real pipeline.
// IPs: see ../common/fixtures/net.ts (the first test asserts the intel facts the others rely on).
import { definition } from './definition.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../core/pipeline.ts';
import { upstreamPath } from '../../../test/samples.ts';
import { findingsFor, graphSignIn, oktaSignIn, parseRecords, runScenario, scimUser, testIntel } from '../../../test/testkit.ts';
import { days, distinctUpns, HOUR, IP, utc } from '../common/fixtures/net.ts';
import { detector } from './detector.ts';

const ID = 'anonymising-infra';
type Result = Awaited<ReturnType<typeof runScenario>>;
const levelOf = (r: Result, upn: string) => r.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn.toLowerCase()))!.level;

describe('anonymising-infra', () => {
  it('relies on the intel facts the fixtures name', async () => {
    const intel = await testIntel();
    expect(intel.lookupIp(IP.aws)).toMatchObject({ netClass: 'hosting', provider: 'Amazon AWS' });
    expect(intel.lookupIp(IP.digitalOcean)?.netClass).toBe('hosting');
    expect(intel.lookupIp(IP.mullvad)).toMatchObject({ netClass: 'vpn', provider: 'Mullvad VPN' });
    expect(intel.lookupIp(IP.proton)?.netClass).toBe('vpn');
    expect(intel.lookupIp(IP.zscalerChicago)).toMatchObject({ netClass: 'sase', provider: 'Zscaler' });
    expect(intel.lookupIp(IP.appleRelay)).toMatchObject({ netClass: 'relay', provider: 'Apple iCloud Private Relay' });
    expect(intel.lookupIp(IP.torEmeraldOnion)?.netClass).toBe('tor');
    expect(intel.lookupIp(IP.charterAustin)?.netClass).toBe('residential');
  });

  it('hosting-only access (AWS, DigitalOcean) on every day → high', async () => {
    const upn = 'vps.dev@contoso.com';
    const records = days('2025-04-07', 10, true).flatMap((d, i) => [
      graphSignIn({ upn, time: utc(d, 1), ip: i % 2 ? IP.aws : IP.digitalOcean }),
      graphSignIn({ upn, time: utc(d, 4), ip: IP.aws }),
      graphSignIn({ upn, time: utc(d, 8), ip: IP.digitalOcean }),
    ]);
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: definition.params.parse({}).highLikelihoodRatio });
    expect(f[0].explanation).toMatch(/^30 of 30 successful sign-ins \(100%\) on 10 of 10 active days \(100%\)/);
    expect(f[0].explanation).toMatch(/Amazon AWS \(AS14618/);
    expect(f[0].explanation).toMatch(/DigitalOcean/);
    const ev = f[0].evidence.filter((e) => e.type === 'event');
    expect(ev.length).toBe(2);
    expect(ev.every((e) => e.network?.class === 'hosting')).toBe(true);
    expect(f[0].evidence.find((e) => e.label.startsWith('share of successful'))).toMatchObject({ value: 1, threshold: 0.1 });
  });

  it('mostly commercial VPN (Mullvad, Proton; Okta) → medium', async () => {
    const upn = 'vpn.mostly@contoso.com';
    const records = days('2025-04-07', 10, true).flatMap((d) => [
      oktaSignIn({ upn, time: utc(d, 13), ip: IP.mullvad }),
      oktaSignIn({ upn, time: utc(d, 15), ip: IP.proton }),
      oktaSignIn({ upn, time: utc(d, 17), ip: IP.mullvad2 }),
      oktaSignIn({ upn, time: utc(d, 19), ip: IP.charterAustin }),
      oktaSignIn({ upn, time: utc(d, 21), ip: IP.charterAustin }),
    ]);
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 5 });
    expect(f[0].explanation).toMatch(/^30 of 50 successful sign-ins \(60%\)/);
    expect(f[0].explanation).toMatch(/Mullvad VPN/);
    expect(f[0].explanation).toMatch(/Proton VPN/);
  });

  it('negative: occasional personal VPN (3 of 43 sign-ins) stays quiet', async () => {
    const upn = 'privacy.fan@contoso.com';
    const records = [
      ...days('2025-04-01', 20).flatMap((d) => [
        graphSignIn({ upn, time: utc(d, 14), ip: IP.charterAustin }),
        graphSignIn({ upn, time: utc(d, 19), ip: IP.charterAustin2 }),
      ]),
      graphSignIn({ upn, time: utc('2025-04-05', 2), ip: IP.mullvad }),
      graphSignIn({ upn, time: utc('2025-04-12', 2), ip: IP.mullvad }),
      graphSignIn({ upn, time: utc('2025-04-19', 2), ip: IP.proton }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
    expect(levelOf(result, upn)).toBe('none');
  });

  it('watched providers raise the ratio: the same occasional VPN use, with Mullvad configured as watched, is low ×2', async () => {
    const upn = 'privacy.fan@contoso.com';
    const records = [
      ...days('2025-04-01', 20).map((d) => graphSignIn({ upn, time: utc(d, 14), ip: IP.charterAustin })),
      ...['2025-04-05', '2025-04-12', '2025-04-19'].map((d) => graphSignIn({ upn, time: utc(d, 2), ip: IP.mullvad })),
    ];
    const config = { detectors: { [ID]: { params: { watchedProviders: ['Mullvad'] } } } };
    const result = await runScenario({ records, detectors: [detector], config: config as never });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: 4 });
    expect(f[0].explanation).toMatch(/3 sign-ins went through Mullvad/);
  });

  it('negative: staff behind Zscaler egress in another state are not anonymised', async () => {
    const upns = distinctUpns(['zoe@contoso.com', 'zack@contoso.com', 'zelda@contoso.com']);
    const directory = upns.map((upn) => scimUser({ upn, home: { locality: 'Houston', region: 'TX' } }));
    const records = upns.flatMap((upn) =>
      days('2025-04-01', 15).flatMap((d) => [
        graphSignIn({ upn, time: utc(d, 14), ip: IP.zscalerChicago }),
        graphSignIn({ upn, time: utc(d, 18), ip: IP.zscalerReston }),
      ]),
    );
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const upn of upns) {
      expect(findingsFor(result, upn, ID)).toEqual([]);
      expect(levelOf(result, upn)).toBe('none');
    }
  });

  it('hosting egress shared by 6 colleagues is corporate: quiet for them, excluded (with the colleague count) for a VPN user', async () => {
    const [vpnUser, ...staff] = distinctUpns(['al@contoso.com', 'bea@contoso.com', 'carl@contoso.com', 'diana@contoso.com', 'edward@contoso.com', 'fernanda@contoso.com']);
    const workdays = days('2025-04-07', 10, true);
    const records: Record<string, unknown>[] = [];
    for (const upn of staff)
      for (const d of workdays) {
        records.push(graphSignIn({ upn, time: utc(d, 14), ip: IP.digitalOcean })); // company VPN concentrator on DigitalOcean
        records.push(graphSignIn({ upn, time: utc(d, 20), ip: IP.charterAustin }));
      }
    for (const d of workdays) {
      records.push(graphSignIn({ upn: vpnUser, time: utc(d, 14), ip: IP.digitalOcean }));
      for (const h of [2, 4, 6]) records.push(graphSignIn({ upn: vpnUser, time: utc(d, h), ip: IP.mullvad }));
    }
    const result = await runScenario({ records, detectors: [detector] });
    for (const upn of staff) expect(findingsFor(result, upn, ID)).toEqual([]);
    const f = findingsFor(result, vpnUser, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 5 });
    expect(f[0].explanation).toMatch(/^30 of 40 successful sign-ins \(75%\)/);
    expect(f[0].explanation).toMatch(/Not counted: 10 sign-in\(s\) via 165\.22\.33\.0\/24 .*shared by 6 people on its \/24 \(threshold 5, config shared\.corporateEgressMinPeople\)/);
    expect(f[0].evidence.find((e) => e.label.includes('excluded as corporate egress'))).toMatchObject({ value: 6, threshold: 5, unit: 'people' });
  });

  it('negative: Apple iCloud Private Relay is a consumer privacy feature, not anonymising', async () => {
    const upn = 'iphone.user@contoso.com';
    const directory = [scimUser({ upn, home: { locality: 'Nashville', region: 'TN' } })];
    const records = days('2025-04-01', 20).flatMap((d) => [
      oktaSignIn({ upn, time: utc(d, 14), ip: IP.appleRelay }),
      oktaSignIn({ upn, time: utc(d, 20), ip: IP.appleRelay }),
    ]);
    const result = await runScenario({ directory, records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
    expect(levelOf(result, upn)).toBe('none');
  });

  it('any Tor sign-in is at least medium', async () => {
    const upn = 'onion@contoso.com';
    const records = [
      ...days('2025-04-01', 20).map((d) => graphSignIn({ upn, time: utc(d, 14), ip: IP.charterAustin })),
      graphSignIn({ upn, time: utc('2025-04-10', 3), ip: IP.torEmeraldOnion }),
    ];
    const result = await runScenario({ records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 6, title: 'Sign-ins from Tor' });
    expect(f[0].explanation).toMatch(/1 sign-in\(s\) came from Tor exit nodes/);
  });

  it('negative: a quiet new hire with 4 sign-ins, all hosting, gets no share-based verdict', async () => {
    const upn = 'quiet@contoso.com';
    const records = days('2025-04-01', 4).map((d) => graphSignIn({ upn, time: utc(d, 14), ip: IP.aws }));
    const result = await runScenario({ records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('state stays under 2 KB after 5,000 sign-ins over many VPN /24s', async () => {
    const intel = await testIntel();
    // 40 Mullvad exits in distinct /24s from the real x4bnet list, plus hosting, Tor, relay, SASE and home.
    const seen = new Set<string>();
    const mullvad: string[] = [];
    for (const line of readFileSync(upstreamPath('ipintel/x4bnet/input/vpn/ips/mullvadvpn.txt'), 'utf8').split('\n')) {
      const ip = line.trim().split('/')[0];
      if (!ip || ip.includes(':')) continue;
      const p24 = ip.split('.').slice(0, 3).join('.');
      if (seen.has(p24)) continue;
      seen.add(p24);
      mullvad.push(ip);
      if (mullvad.length === 40) break;
    }
    const ips = [...mullvad, IP.aws, IP.digitalOcean, IP.torEmeraldOnion, IP.appleRelay, IP.zscalerChicago, IP.charterAustin];
    const upn = 'busy.user@contoso.com';
    const start = utc('2025-01-01', 0);
    const p = new Pipeline({ detectors: [detector], intel });
    const records = Array.from({ length: 5000 }, (_, i) => graphSignIn({ upn, time: start + i * 1.3 * HOUR, ip: ips[(i * 7) % ips.length] }));
    for (const ev of parseRecords(records).events) p.ingest(ev);
    const result = p.finish();
    const state = p.exportState(result.people[0].personId)![ID];
    expect(JSON.stringify(state).length).toBeLessThan(2048);
    const f = findingsFor(result, upn, ID);
    expect(f[0].severity).toBe('high');
    expect(f[0].explanation).toMatch(/other networks ×\d+/);
  });
});
