// Away from home through the real parsers (Microsoft Graph signIn, Okta LogEvent, SCIM User with a home address),
// the real offline intel and geocoder, and the real pipeline. IPs: src/detectors/common/fixtures/ips.ts.
import { definition } from './definition.ts';
import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../../core/model.ts';
import { findingsFor, graphSignIn, oktaSignIn, runScenario, scimUser, type SignInSpec, type UserSpec } from '../../../test/testkit.ts';
import { at, IP } from '../common/fixtures/ips.ts';
import { detector } from './detector.ts';

const UPN = 'dana.reyes@contoso.com';
const HOUSTON_HOME: UserSpec['home'] = { street: '1400 Smith St', locality: 'Houston', region: 'TX', postalCode: '77002', country: 'US' };
const user = (home?: UserSpec['home'], extra: Partial<UserSpec> = {}) => scimUser({ upn: UPN, displayName: 'Dana Reyes', home, ...extra });
const si = (time: number, ip: string, extra: Partial<SignInSpec> = {}) => graphSignIn({ upn: UPN, time, ip, ...extra });

async function run(records: Record<string, unknown>[], directory = [user(HOUSTON_HOME)]): Promise<Finding[]> {
  const res = await runScenario({ directory, records, detectors: [detector] });
  expect(res.errors).toEqual([]);
  return findingsFor(res, UPN, 'away-from-home');
}

const measure = (f: Finding, label: string): Evidence => {
  const ms = f.evidence.filter((e) => e.type === 'measure');
  const m = ms.find((e) => e.label === label) ?? ms.find((e) => e.label.includes(label));
  if (!m) throw new Error(`no measure "${label}" in ${JSON.stringify(f.evidence.map((e) => e.label))}`);
  return m;
};

/** Two sign-ins a day (15:00 and 21:00 UTC = 09:00 and 15:00 in Houston) from `ip` on each listed day. */
const days = (list: number[], ip: string, ip2 = ip) => list.flatMap((d) => [si(at(d, 15), ip), si(at(d, 21), ip2)]);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('away-from-home: positives', () => {
  it('claims Houston, signs in from China Unicom in Liaoning on most days (VPN the rest): another country, high', async () => {
    const f = await run([
      ...days(range(0, 14), IP.SHENYANG.ip),
      ...days([14, 15, 16], IP.DALIAN.ip),
      ...days(range(17, 10), IP.ZSCALER_VA.ip), // SASE days: ignored, not counted as home
      ...days([27, 28], IP.HOUSTON.ip),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].likelihoodRatio).toBe(10);
    expect(measure(f[0], 'Located days').value).toBe(19);
    expect(measure(f[0], 'Located days in another country').value).toBe(17);
    expect(measure(f[0], 'Located days in another country').threshold).toBe(3);
    expect(measure(f[0], 'Share of located days away')).toMatchObject({ value: 89.5, threshold: 30, unit: '%' });
    const med = measure(f[0], 'Median distance').value as number;
    expect(med).toBeGreaterThan(11_000); // Houston–Shenyang ~11,600 km
    expect(measure(f[0], 'Max distance').value as number).toBeGreaterThanOrEqual(med);
    const claim = f[0].evidence.find((e) => e.type === 'directory');
    expect(claim?.place).toMatchObject({ country: 'US', region: 'Texas', city: 'Houston' });
    const samples = f[0].evidence.filter((e) => e.type === 'event');
    expect(samples.map((e) => e.ip)).toEqual([IP.SHENYANG.ip, IP.DALIAN.ip]);
    expect(samples[0].network).toMatchObject({ class: 'residential', asn: 4837 });
    expect(f[0].explanation).toContain('Shenyang, Liaoning, CN on 14 days');
    expect(f[0].explanation).toContain('Dalian, Liaoning, CN on 3 days');
    expect(f[0].explanation).toContain('outside the claimed home country (US)');
    expect(f[0].firstSeen).toBe(new Date(at(0, 15)).toISOString());
  });

  it('claims Houston, lives in Phoenix (Cox) — another US state, medium; Okta System Log format', async () => {
    const records = range(0, 20).flatMap((d) => [
      oktaSignIn({ upn: UPN, time: at(d, 16), ip: IP.PHOENIX.ip }),
      oktaSignIn({ upn: UPN, time: at(d, 22), ip: IP.PHOENIX2.ip }),
    ]);
    const f = await run([...records, si(at(21, 15), IP.HOUSTON.ip)]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
    expect(f[0].likelihoodRatio).toBe(definition.params.parse({}).likelihoodRatioRegion);
    expect(measure(f[0], 'away from the claimed state').value).toBe(20);
    expect(measure(f[0], 'Share of located days away').value).toBe(95.2);
    expect(f[0].explanation).toContain('outside the claimed home state (Texas, US)');
    expect(f[0].explanation).toMatch(/Phoenix, Arizona, US on 20 days \(1,[56]\d\d km from the claimed home\)/);
  });

  it('claims Seoul, signs in from Houston: another country', async () => {
    const f = await run(days(range(0, 10), IP.HOUSTON.ip), [user({ locality: 'Seoul', country: 'KR' })]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].explanation).toContain('outside the claimed home country (KR)');
  });

  it('frequent "trips" beyond the allowance count (1 + 1 per 30 located days)', async () => {
    // Two days at home, then 2–3 days in Shenyang, over and over: 4 bracketed runs in 22 located days, budget 1.
    const f = await run([
      ...days([0, 1, 2], IP.HOUSTON.ip), ...days([3, 4, 5], IP.SHENYANG.ip),
      ...days([6, 7], IP.HOUSTON.ip), ...days([8, 9, 10], IP.SHENYANG.ip),
      ...days([11, 12], IP.HOUSTON.ip), ...days([13, 14, 15], IP.SHENYANG.ip),
      ...days([16, 17], IP.HOUSTON.ip), ...days([18, 19], IP.SHENYANG.ip),
      ...days([20, 21], IP.HOUSTON.ip),
    ]);
    expect(f).toHaveLength(1);
    expect(measure(f[0], 'Trip days excused').value).toBe(3);
    expect(measure(f[0], 'Located days in another country').value).toBe(8);
    expect(measure(f[0], 'Share of located days away').value).toBe(36.4);
    expect(f[0].explanation).toContain('1 trip(s) excused (3 days)');
  });
});

describe('away-from-home: hard negatives stay quiet', () => {
  it('business traveller to China (Shanghai) for 4 days within a month at home', async () => {
    const f = await run([...days(range(0, 12), IP.HOUSTON.ip), ...days(range(12, 4), IP.SHANGHAI.ip), ...days(range(16, 12), IP.HOUSTON2.ip)]);
    expect(f).toEqual([]);
  });

  it('business traveller still abroad at the end of the data (an ongoing trip)', async () => {
    const f = await run([...days(range(0, 6), IP.HOUSTON.ip), ...days(range(6, 5), IP.SHANGHAI.ip)]);
    expect(f).toEqual([]);
  });

  it('Seoul office employee who claims a Seoul home', async () => {
    const f = await run(days(range(0, 20), IP.SEOUL_KT.ip, IP.SEOUL_LG.ip), [user({ locality: 'Seoul', country: 'KR' })]);
    expect(f).toEqual([]);
  });

  it('Zscaler-egress staff whose egress is in another state (Virginia)', async () => {
    const f = await run([...days(range(0, 20), IP.ZSCALER_VA.ip), ...days([20, 21], IP.HOUSTON.ip)]);
    expect(f).toEqual([]);
  });

  it('Apple iCloud Private Relay user (egress geolocated in Sydney and Dublin)', async () => {
    const f = await run(days(range(0, 20), IP.RELAY_SYD.ip, IP.RELAY_DUB.ip));
    expect(f).toEqual([]);
  });

  it('a person with no claimed home address is skipped, even signing in from China', async () => {
    const f = await run(days(range(0, 20), IP.SHENYANG.ip), [user(undefined)]);
    expect(f).toEqual([]);
  });

  it('short-distance GeoIP jitter: Houston home, fixes in Lake Charles, Louisiana (other state, ~205 km)', async () => {
    const f = await run(days(range(0, 20), IP.LAKE_CHARLES.ip, IP.HOUSTON.ip));
    expect(f).toEqual([]);
  });

  it('mobile IPs geolocated in another state (Verizon, Rhode Island) are not locations at home', async () => {
    const f = await run(days(range(0, 20), IP.VERIZON_RI.ip));
    expect(f).toEqual([]);
  });

  it('within the claimed state (Austin and Dallas for a Houston home) is home', async () => {
    const f = await run(days(range(0, 20), IP.AUSTIN.ip, IP.DALLAS.ip));
    expect(f).toEqual([]);
  });
});

describe('away-from-home: state stays small', () => {
  it('after 5,000 sign-ins the state is under 2,048 bytes of JSON', async () => {
    const { Pipeline } = await import('../../core/pipeline.ts');
    const { parseRecords, testIntel } = await import('../../../test/testkit.ts');
    const rot = [IP.HOUSTON, IP.SHENYANG, IP.PHOENIX, IP.DALIAN, IP.SEOUL_KT, IP.SHANGHAI, IP.LAKE_CHARLES, IP.ZSCALER_VA, IP.PHOENIX2];
    // One sign-in every 3 h for 625 days, places changing every 2 days: many runs, trips and places.
    const records = Array.from({ length: 5000 }, (_, i) => si(at(0, 0) + i * 3 * 3_600_000, rot[Math.floor(i / 16) % rot.length].ip));
    const pipeline = new Pipeline({ detectors: [detector], intel: await testIntel() });
    const { directory } = parseRecords([user(HOUSTON_HOME)]);
    pipeline.addDirectory(directory);
    for (const ev of parseRecords(records).events) pipeline.ingest(ev);
    const res = pipeline.finish();
    expect(res.errors).toEqual([]);
    const pid = pipeline.personIds()[0];
    const state = pipeline.exportState(pid)!['away-from-home'] as { n: number; days: number };
    expect(state.n).toBe(5000);
    expect(state.days).toBeGreaterThan(500);
    expect(JSON.stringify(state).length).toBeLessThan(2048);
    // evaluate() leaves the state as it was: a second round gives the same findings
    expect(pipeline.evaluate().people.find((x) => x.personId === res.people[0].personId)!.findings).toEqual(res.people[0].findings);
  });
});
