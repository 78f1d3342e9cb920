// Concurrent operators through the real parsers (Microsoft Graph signIn with deviceDetail.deviceId, Okta LogEvent,
// SCIM User), the real offline intel and the real pipeline. IPs: src/detectors/common/fixtures/ips.ts.
import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../../core/model.ts';
import { findingsFor, graphSignIn, oktaSignIn, runScenario, scimUser, type SignInSpec } from '../../../test/testkit.ts';
import { at, IP, sibling } from '../common/fixtures/ips.ts';
import { detector } from './detector.ts';

const UPN = 'dana.reyes@contoso.com';
const dana = scimUser({ upn: UPN, displayName: 'Dana Reyes', home: { locality: 'Houston', region: 'TX', postalCode: '77002', country: 'US' } });
const si = (time: number, ip: string, extra: Partial<SignInSpec> = {}) => graphSignIn({ upn: UPN, time, ip, ...extra });
/** Entra device ids (deviceDetail.deviceId): the laptop shipped to Houston and another machine. */
const FARM_LAPTOP = '3f0e8c1a-5b7d-4a42-9d1e-2c6b8a9f0e7d';
const OTHER_PC = 'b81f2c4e-0d3a-4e6f-8a5b-71c9d0e2f3a4';

async function run(records: Record<string, unknown>[]): Promise<Finding[]> {
  const res = await runScenario({ directory: [dana], records, detectors: [detector] });
  expect(res.errors).toEqual([]);
  return findingsFor(res, UPN, 'concurrent-operators');
}

const events = (f: Finding): Evidence[] => f.evidence.filter((e) => e.type === 'event');
const measure = (f: Finding, label: string): Evidence => {
  const ms = f.evidence.filter((e) => e.type === 'measure');
  const m = ms.find((e) => e.label === label) ?? ms.find((e) => e.label.includes(label));
  if (!m) throw new Error(`no measure "${label}" in ${JSON.stringify(ms.map((e) => e.label))}`);
  return m;
};

/** Houston laptop and Shenyang operator interleaved every ~20 min from hour h on day d. */
const interleave = (d: number, h: number, switches: number, devices = true) =>
  Array.from({ length: switches + 1 }, (_, i) =>
    i % 2 === 0
      ? si(at(d, h, i * 20), IP.HOUSTON.ip, devices ? { deviceId: FARM_LAPTOP } : {})
      : si(at(d, h, i * 20), IP.SHENYANG.ip, devices ? { deviceId: OTHER_PC } : {}),
  );

describe('concurrent-operators: positives', () => {
  it('laptop in Houston and an operator in Shenyang interleaved on two days, two device ids: high', async () => {
    const f = await run([si(at(0, 13), IP.HOUSTON.ip, { deviceId: FARM_LAPTOP }), ...interleave(0, 14, 4), ...interleave(2, 15, 3)]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].likelihoodRatio).toBe(15);
    expect(measure(f[0], 'Days with an alternation episode')).toMatchObject({ value: 2, threshold: 2 });
    expect(measure(f[0], 'Most switches in one episode')).toMatchObject({ value: 4, threshold: 3 });
    const ev = events(f[0]);
    // The interleaved sign-ins of the first episode, in order: Houston, Shenyang, Houston, Shenyang.
    expect(ev.slice(0, 4).map((e) => e.place?.city)).toEqual(['Houston', 'Shenyang', 'Houston', 'Shenyang']);
    expect(ev[1].network).toMatchObject({ class: 'residential', asn: 4837 });
    expect(f[0].explanation).toContain(`Two different device ids were in use: ${FARM_LAPTOP} at Houston, Texas, US and ${OTHER_PC} at Shenyang, Liaoning, CN`);
    expect(f[0].explanation).toMatch(/switched 4 times within 1\.3 h between Houston, Texas, US .* and Shenyang, Liaoning, CN/);
    expect(f[0].firstSeen).toBe(new Date(at(0, 14)).toISOString()); // the episode starts at the last Houston sign-in before the switch
    expect(f[0].lastSeen).toBe(new Date(at(2, 16)).toISOString());
  });

  it('one day of A-B-A-B interleaving without device ids (Okta System Log): medium', async () => {
    const okta = (t: number, ip: string) => oktaSignIn({ upn: UPN, time: t, ip });
    const f = await run([okta(at(0, 14), IP.HOUSTON.ip), okta(at(0, 14, 25), IP.DALIAN.ip), okta(at(0, 15), IP.HOUSTON2.ip), okta(at(0, 15, 40), IP.DALIAN.ip)]);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('medium');
    expect(f[0].likelihoodRatio).toBe(5);
    expect(measure(f[0], 'switches between the two places').value).toBe(3);
    expect(events(f[0]).map((e) => e.ip)).toEqual([IP.HOUSTON.ip, IP.DALIAN.ip, IP.HOUSTON2.ip, IP.DALIAN.ip]);
  });

  it('two operators inside the US (Houston and Phoenix, 1,630 km) alternating within half-hours across a VPN sign-in', async () => {
    const f = await run([
      si(at(0, 15), IP.HOUSTON.ip), si(at(0, 15, 20), IP.PHOENIX.ip), si(at(0, 15, 30), IP.ZSCALER_VA.ip),
      si(at(0, 15, 50), IP.HOUSTON.ip), si(at(0, 16, 20), IP.PHOENIX2.ip),
    ]);
    expect(f).toHaveLength(1);
    expect(events(f[0]).map((e) => e.place?.region)).toEqual(['Texas', 'Arizona', 'Texas', 'Arizona']);
  });
});

describe('concurrent-operators: hard negatives stay quiet', () => {
  it('a single impossible hop that stays (impossible travel, not concurrency)', async () => {
    const f = await run([si(at(0, 14), IP.HOUSTON.ip), si(at(0, 15), IP.SHENYANG.ip), si(at(0, 18), IP.SHENYANG.ip), si(at(1, 2), IP.SHENYANG.ip)]);
    expect(f).toEqual([]);
  });

  it('one outlying fix on one day (A-B-A once) is left to impossible-travel', async () => {
    const f = await run([si(at(0, 14), IP.HOUSTON.ip), si(at(0, 14, 30), IP.SHENYANG.ip), si(at(0, 15), IP.HOUSTON.ip), si(at(0, 20), IP.HOUSTON2.ip)]);
    expect(f).toEqual([]);
  });

  it('business traveller in Shanghai: laptop on hotel Wi-Fi, home-routed US phone (T-Mobile) in between', async () => {
    const f = await run(
      [5, 6, 7, 8].flatMap((d) => [si(at(d, 1), IP.SHANGHAI.ip), si(at(d, 1, 10), IP.TMOBILE.ip), si(at(d, 1, 30), IP.SHANGHAI.ip), si(at(d, 2), IP.TMOBILE.ip), si(at(d, 2, 30), IP.SHANGHAI.ip)]),
    );
    expect(f).toEqual([]);
  });

  it('Zscaler-egress staff switching between home and SASE egress in another state all day', async () => {
    const f = await run(
      [0, 1, 2].flatMap((d) => Array.from({ length: 8 }, (_, i) => si(at(d, 14, i * 10), i % 2 ? IP.ZSCALER_VA.ip : IP.HOUSTON.ip))),
    );
    expect(f).toEqual([]);
  });

  it('Apple iCloud Private Relay user alternating relay (Sydney, Dublin) and home', async () => {
    const f = await run(
      [0, 1].flatMap((d) => Array.from({ length: 8 }, (_, i) => si(at(d, 14, i * 10), [IP.HOUSTON.ip, IP.RELAY_SYD.ip, IP.HOUSTON2.ip, IP.RELAY_DUB.ip][i % 4]))),
    );
    expect(f).toEqual([]);
  });

  it('short-distance GeoIP jitter: Houston ↔ Dallas ↔ Austin every 10 minutes', async () => {
    const f = await run(
      [0, 1].flatMap((d) => Array.from({ length: 9 }, (_, i) => si(at(d, 14, i * 10), [IP.HOUSTON.ip, IP.DALLAS.ip, IP.AUSTIN.ip][i % 3]))),
    );
    expect(f).toEqual([]);
  });

  it('a company VPN on a business network shared by 5 colleagues, toggled on and off', async () => {
    const colleagues = ['ann', 'bob', 'cho', 'dev'].map((n, i) =>
      graphSignIn({ upn: `${n}@contoso.com`, userId: `5e1c0b7a-2f4d-4c8e-9a31-00000000000${i}`, time: at(0, 13, i), ip: sibling(IP.CORP_VPN_CA.ip, 20 + i) }),
    );
    const toggling = [0, 1].flatMap((d) => Array.from({ length: 6 }, (_, i) => si(at(d, 14, i * 15), i % 2 ? IP.CORP_VPN_CA.ip : IP.HOUSTON.ip)));
    expect(await run([...colleagues, ...toggling])).toEqual([]);
    // Control: the same toggling with nobody else on that network is two places at once.
    expect(await run(toggling)).toHaveLength(1);
  });

  it('a night at home after a day away: switches more than 6 h apart are not an alternation', async () => {
    const f = await run([si(at(0, 14), IP.HOUSTON.ip), si(at(0, 21), IP.PHOENIX.ip), si(at(1, 4), IP.HOUSTON.ip), si(at(1, 11), IP.PHOENIX.ip)]);
    expect(f).toEqual([]);
  });
});

describe('concurrent-operators: state stays small', () => {
  it('after 5,000 sign-ins the state is under 2,048 bytes of JSON', async () => {
    const { Pipeline } = await import('../../core/pipeline.ts');
    const { parseRecords, testIntel } = await import('../../../test/testkit.ts');
    const rot = [IP.HOUSTON, IP.SHENYANG, IP.CORP_VPN_CA, IP.PHOENIX, IP.LAKE_CHARLES, IP.DALIAN, IP.SEOUL_KT];
    const records = Array.from({ length: 5000 }, (_, i) =>
      si(at(0, 0) + i * 11 * 60_000, sibling(rot[(i % 2) + 2 * (Math.floor(i / 9) % 3)].ip, 1 + (i % 250)), {
        deviceId: `${i % 5}a0e8c1a-5b7d-4a42-9d1e-2c6b8a9f0e7d`,
      }),
    );
    const pipeline = new Pipeline({ detectors: [detector], intel: await testIntel() });
    for (const ev of parseRecords(records).events) pipeline.ingest(ev);
    const res = pipeline.finish();
    expect(res.errors).toEqual([]);
    const state = pipeline.exportState(pipeline.personIds()[0])!['concurrent-operators'] as { n: number; g: unknown[] };
    expect(state.n).toBe(5000);
    expect(state.g.length).toBeGreaterThan(1);
    expect(JSON.stringify(state).length).toBeLessThan(2048);
    // evaluate() leaves the state as it was: a second round gives the same findings
    expect(pipeline.evaluate().people.find((x) => x.personId === res.people[0].personId)!.findings).toEqual(res.people[0].findings);
    expect(res.people[0].findings.length).toBe(1);
  });
});
