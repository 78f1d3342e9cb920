// Impossible travel through the real parsers (Microsoft Graph signIn, Okta LogEvent, SCIM User), the real offline
// intel and the real pipeline. IPs and what they stand for: src/detectors/common/fixtures/ips.ts.
import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../../core/model.ts';
import { findingsFor, graphSignIn, oktaSignIn, runScenario, scimUser, type SignInSpec } from '../../../test/testkit.ts';
import { at, IP, sibling } from '../common/fixtures/ips.ts';
import { detector } from './detector.ts';

const UPN = 'dana.reyes@contoso.com';
const dana = scimUser({ upn: UPN, displayName: 'Dana Reyes', home: { locality: 'Houston', region: 'TX', postalCode: '77002', country: 'US' } });
const si = (time: number, ip: string, extra: Partial<SignInSpec> = {}) => graphSignIn({ upn: UPN, time, ip, ...extra });

async function run(records: Record<string, unknown>[], directory = [dana]): Promise<Finding[]> {
  const res = await runScenario({ directory, records, detectors: [detector] });
  expect(res.errors).toEqual([]);
  return findingsFor(res, UPN, 'impossible-travel');
}

const events = (f: Finding): Evidence[] => f.evidence.filter((e) => e.type === 'event');
const measure = (f: Finding, label: string): Evidence => {
  const m = f.evidence.find((e) => e.type === 'measure' && e.label.includes(label));
  if (!m) throw new Error(`no measure "${label}" in ${JSON.stringify(f.evidence.map((e) => e.label))}`);
  return m;
};

/** A week of ordinary days at home in Houston (09:00 and 15:00 UTC-ish sign-ins). */
const homeWeek = (from: number, days: number): Record<string, unknown>[] =>
  Array.from({ length: days }, (_, d) => [si(at(from + d, 14), IP.HOUSTON.ip), si(at(from + d, 20), IP.HOUSTON2.ip)]).flat();

describe('impossible-travel: positives', () => {
  it('Houston (Comcast) then Shenyang (China Unicom) 90 minutes later: one isolated episode, medium', async () => {
    const f = await run([...homeWeek(0, 3), si(at(3, 14), IP.HOUSTON.ip), si(at(3, 15, 30), IP.SHENYANG.ip)]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
    expect(f[0].likelihoodRatio).toBe(4);
    const ev = events(f[0]);
    expect(ev.map((e) => e.ip)).toEqual([IP.HOUSTON.ip, IP.SHENYANG.ip]);
    expect(ev[0].place?.city).toBe('Houston');
    expect(ev[0].network).toMatchObject({ class: 'residential', asn: 7922 });
    expect(ev[1].place?.city).toBe('Shenyang');
    expect(ev[1].network).toMatchObject({ class: 'residential', asn: 4837 });
    // Houston–Shenyang is ~11,600 km; 1.5 h → ~7,700 km/h after removing 25 + 50 km of uncertainty.
    const speed = measure(f[0], 'speed needed');
    expect(speed.threshold).toBe(900);
    expect(speed.value as number).toBeGreaterThan(7000);
    expect(measure(f[0], 'distance beyond').value as number).toBeGreaterThan(11000);
    expect(measure(f[0], 'time between').value).toBe(1.5);
    expect(f[0].firstSeen).toBe(new Date(at(3, 14)).toISOString());
    expect(f[0].lastSeen).toBe(new Date(at(3, 15, 30)).toISOString());
    expect(f[0].explanation).toMatch(/Houston, Texas, US .*Shenyang, Liaoning, CN/);
    expect(f[0].explanation).toContain('against a limit of 900 km/h');
  });

  it('works from the very first sign-ins of a new hire (no learning period), Okta System Log format', async () => {
    const newHire = scimUser({ upn: UPN, displayName: 'Dana Reyes', created: '2025-03-03T08:00:00Z', home: { locality: 'Houston', region: 'TX', country: 'US' } });
    const f = await run(
      [oktaSignIn({ upn: UPN, time: at(0, 15), ip: IP.HOUSTON.ip }), oktaSignIn({ upn: UPN, time: at(0, 16), ip: IP.DALIAN.ip })],
      [newHire],
    );
    expect(f).toHaveLength(1);
    expect(events(f[0]).map((e) => e.place?.city)).toEqual(['Houston', 'Dalian']);
  });

  it('repeated episodes on separate days (Houston ↔ Shenyang) are high', async () => {
    const f = await run([
      ...homeWeek(0, 2),
      si(at(2, 14), IP.HOUSTON.ip), si(at(2, 14, 40), IP.SHENYANG.ip), si(at(2, 16), IP.HOUSTON.ip), // episode 1 (out and back)
      ...homeWeek(3, 2),
      si(at(5, 14), IP.HOUSTON2.ip),
      // episode 2; Microsoft's own label disagrees (as in the real Entra sample where a North Korean IP is labelled Tel Aviv)
      si(at(5, 15), IP.DALIAN.ip, { location: { city: 'Tel Aviv', state: 'Tel Aviv', countryOrRegion: 'IL', lat: 32.0809, lon: 34.7806 } }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].likelihoodRatio).toBe(12);
    expect(measure(f[0], 'Separate episodes').value).toBe(2);
    expect(measure(f[0], 'Impossible hops').value).toBe(3);
    const ev = events(f[0]);
    expect(ev.map((e) => e.ip)).toEqual([IP.HOUSTON.ip, IP.SHENYANG.ip, IP.HOUSTON2.ip, IP.DALIAN.ip]);
    expect(ev[3].place?.city).toBe('Dalian');
    expect(ev[3].vendorPlace).toMatchObject({ country: 'IL', city: 'Tel Aviv' });
    expect(ev[0].vendorPlace).toBeUndefined();
  });

  it('compares the located sign-ins on either side of a VPN/SASE sign-in, never the SASE fix itself', async () => {
    const f = await run([si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 10), IP.ZSCALER_VA.ip), si(at(0, 14, 40), IP.SHENYANG.ip)]);
    expect(f).toHaveLength(1);
    expect(events(f[0]).map((e) => e.ip)).toEqual([IP.HOUSTON.ip, IP.SHENYANG.ip]);
    expect(measure(f[0], 'skipped as not a location').value).toBe(1);
  });

  it('a business network used by this person alone is a location (Houston ↔ Milpitas within minutes)', async () => {
    const f = await run([si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 15), IP.CORP_VPN_CA.ip), si(at(0, 14, 30), IP.HOUSTON.ip)]);
    expect(f).toHaveLength(1);
    expect(events(f[0]).map((e) => e.ip)).toEqual([IP.HOUSTON.ip, IP.CORP_VPN_CA.ip]);
  });
});

describe('impossible-travel: hard negatives stay quiet', () => {
  it('business traveller to China for 4 days (flights ~20 h each way)', async () => {
    const f = await run([
      ...homeWeek(0, 5),
      si(at(5, 14), IP.HOUSTON.ip), // 08:00 in Houston, leaves for a ~15 h flight
      si(at(6, 12), IP.SHANGHAI.ip), // 20:00 at the hotel in Shanghai, 22 h later (~580 km/h door to door)
      ...[7, 8, 9].flatMap((d) => [si(at(d, 1), IP.SHANGHAI.ip), si(at(d, 9), IP.SHANGHAI.ip)]),
      si(at(10, 14), IP.HOUSTON.ip), // back home 29 h after the last Shanghai sign-in
      ...homeWeek(11, 5),
    ]);
    expect(f).toEqual([]);
  });

  it('a traveller in Shanghai whose US phone is home-routed (T-Mobile, Fort Worth) while the laptop is on hotel Wi-Fi', async () => {
    const f = await run([
      ...homeWeek(0, 3),
      si(at(4, 1), IP.SHANGHAI.ip), si(at(4, 1, 5), IP.TMOBILE.ip), si(at(4, 1, 20), IP.SHANGHAI.ip), si(at(4, 2), IP.TMOBILE.ip),
    ]);
    expect(f).toEqual([]);
  });

  it('Zscaler-egress staff: home in Houston, SASE egress in Virginia, switching every few minutes', async () => {
    const f = await run(
      Array.from({ length: 5 }, (_, d) => [
        si(at(d, 14), IP.HOUSTON.ip), si(at(d, 14, 5), IP.ZSCALER_VA.ip), si(at(d, 15), IP.HOUSTON.ip), si(at(d, 15, 3), sibling(IP.ZSCALER_VA.ip, 9)),
      ]).flat(),
    );
    expect(f).toEqual([]);
  });

  it('Apple iCloud Private Relay user (relay egress in Sydney and Dublin between home sign-ins)', async () => {
    const f = await run([
      si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 2), IP.RELAY_SYD.ip), si(at(0, 14, 30), IP.RELAY_DUB.ip), si(at(0, 15), IP.HOUSTON2.ip),
    ]);
    expect(f).toEqual([]);
  });

  it('short-distance GeoIP jitter: Houston ↔ Austin ↔ Dallas ↔ Lake Charles within minutes', async () => {
    const f = await run([
      si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 5), IP.AUSTIN.ip), si(at(0, 14, 10), IP.DALLAS.ip),
      si(at(0, 14, 15), IP.LAKE_CHARLES.ip), si(at(0, 14, 20), IP.HOUSTON.ip),
    ]);
    expect(f).toEqual([]);
  });

  it('a company VPN egress on a business network shared by 5 colleagues is corporate egress, not a location', async () => {
    const colleagues = ['ann', 'bob', 'cho', 'dev'].map((n, i) =>
      graphSignIn({ upn: `${n}@contoso.com`, userId: `5e1c0b7a-2f4d-4c8e-9a31-00000000000${i}`, time: at(0, 13, i), ip: sibling(IP.CORP_VPN_CA.ip, 20 + i) }),
    );
    const f = await run([...colleagues, si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 15), IP.CORP_VPN_CA.ip), si(at(0, 14, 30), IP.HOUSTON.ip)]);
    expect(f).toEqual([]);
  });

  it('Seoul office employee signing in from Seoul networks only', async () => {
    const seoul = scimUser({ upn: UPN, displayName: 'Min-jun Park', home: { locality: 'Seoul', country: 'KR' } });
    const f = await run(
      Array.from({ length: 5 }, (_, d) => [si(at(d, 0), IP.SEOUL_KT.ip), si(at(d, 0, 30), IP.SEOUL_LG.ip), si(at(d, 8), IP.SEOUL_KT.ip)]).flat(),
      [seoul],
    );
    expect(f).toEqual([]);
  });

  it('failed sign-ins from far away are not presence', async () => {
    const f = await run([si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 20), IP.SHENYANG.ip, { errorCode: 50126 }), si(at(0, 15), IP.HOUSTON.ip)]);
    expect(f).toEqual([]);
  });
});

describe('impossible-travel: state stays small', () => {
  it('after 5,000 sign-ins the state is under 2,048 bytes of JSON', async () => {
    const { Pipeline } = await import('../../core/pipeline.ts');
    const { parseRecords, testIntel } = await import('../../../test/testkit.ts');
    const rot = [IP.HOUSTON, IP.SHENYANG, IP.CORP_VPN_CA, IP.DALIAN, IP.ZSCALER_VA, IP.PHOENIX, IP.LAKE_CHARLES, IP.SEOUL_KT];
    const records = Array.from({ length: 5000 }, (_, i) =>
      si(at(0, 0) + i * 7 * 60_000, sibling(rot[i % rot.length].ip, 1 + (i % 200)), { deviceId: `d${i % 7}-3f0e8c1a-5b7d-4a42-9d1e-2c6b8a9f0e7d` }),
    );
    const pipeline = new Pipeline({ detectors: [detector], intel: await testIntel() });
    for (const ev of parseRecords(records).events) pipeline.ingest(ev);
    const res = pipeline.finish();
    expect(res.errors).toEqual([]);
    const state = pipeline.exportState(pipeline.personIds()[0])!['impossible-travel'] as { n: number };
    expect(state.n).toBe(5000);
    expect(JSON.stringify(state).length).toBeLessThan(2048);
    // evaluate() leaves the state as it was: a second round gives the same findings
    expect(pipeline.evaluate().people[0].findings).toEqual(res.people[0].findings);
    expect(res.people[0].findings).toHaveLength(1);
  });
});
