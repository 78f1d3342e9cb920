// working-hours through the real parsers (SCIM users with time zones, Graph and Okta sign-ins) and the real pipeline.
// Times: April 2025, when America/Chicago is UTC−5 (CDT) and Asia/Seoul / Asia/Pyongyang are UTC+9.
import { definition } from './definition.ts';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../core/pipeline.ts';
import { findingsFor, graphSignIn, oktaSignIn, parseRecords, runScenario, scimUser, testIntel } from '../../../test/testkit.ts';
import { days, distinctUpns, HOUR, IP, utc } from '../common/fixtures/net.ts';
import { hourDistance, meanHour, resultantLength, shortestArc, hourAngle } from './circular.ts';
import { claimedZone, zoneOffsetHours } from './zones.ts';
import { detector } from './detector.ts';

const ID = 'working-hours';
type Result = Awaited<ReturnType<typeof runScenario>>;
const levelOf = (r: Result, upn: string) => r.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn.toLowerCase()))!.level;

/** Sign-ins on each day at the given UTC hours. */
const at = (upn: string, ip: string, dayList: string[], utcHours: number[], okta = false) =>
  dayList.flatMap((d) => utcHours.map((h) => (okta ? oktaSignIn : graphSignIn)({ upn, time: utc(d, h), ip })));

const WORKDAYS = days('2025-04-07', 10, true);
/** 09:00, 11:30, 14:00, 16:30 CDT */
const CHICAGO_DAY = [14, 16.5, 19, 21.5];
/** 19:30, 22:00, 00:30, 03:00 CDT = 09:30, 12:00, 14:30, 17:00 in Pyongyang / Seoul */
const PYONGYANG_DAY = [0.5, 3, 5.5, 8];

function engineeringPeers() {
  const upns = distinctUpns(['amy@contoso.com', 'brad@contoso.com', 'chloe@contoso.com', 'daniel@contoso.com']);
  return {
    upns,
    directory: upns.map((upn) => scimUser({ upn, home: { locality: 'Austin', region: 'TX' }, timezone: 'America/Chicago', department: 'Engineering' })),
    records: upns.flatMap((upn, i) => at(upn, IP.charterAustin, WORKDAYS, CHICAGO_DAY.map((h) => h + i * 0.25))),
  };
}

describe('working-hours: circular statistics and zones', () => {
  it('means, resultant length and arcs wrap around midnight', () => {
    let s = 0, c = 0;
    for (const h of [23, 1]) {
      s += Math.sin(hourAngle(h));
      c += Math.cos(hourAngle(h));
    }
    expect(hourDistance(meanHour(s, c), 0)).toBeLessThan(1e-9);
    expect(resultantLength(s, c, 2)).toBeCloseTo(Math.cos(Math.PI / 12), 9);
    expect(hourDistance(22, 2)).toBe(4);
    const bins = new Array(24).fill(0);
    bins[22] = 5; bins[23] = 5; bins[0] = 5; bins[1] = 5; bins[12] = 1;
    expect(shortestArc(bins, 0.8)).toMatchObject({ start: 22, width: 4 });
  });

  it('zone offsets follow daylight saving time; claimed zones come from the directory or the home', () => {
    expect(zoneOffsetHours(utc('2025-03-08', 12), 'America/Chicago')).toBe(-6);
    expect(zoneOffsetHours(utc('2025-03-10', 12), 'America/Chicago')).toBe(-5);
    expect(zoneOffsetHours(utc('2025-03-09', 7.5), 'America/Chicago')).toBe(-6); // 01:30 CST
    expect(zoneOffsetHours(utc('2025-03-09', 8.5), 'America/Chicago')).toBe(-5); // 03:30 CDT
    expect(zoneOffsetHours(utc('2025-04-07', 3), 'Asia/Kolkata')).toBe(5.5);
    expect(zoneOffsetHours(utc('2025-04-07', 3), 'Asia/Pyongyang')).toBe(9);
    expect(claimedZone('Europe/Berlin', 'US', 'TX')).toEqual({ tz: 'Europe/Berlin', from: 'directory' });
    expect(claimedZone(undefined, 'US', 'Texas')).toEqual({ tz: 'America/Chicago', from: 'home' });
    expect(claimedZone('Not/AZone', 'KR', undefined)).toEqual({ tz: 'Asia/Seoul', from: 'home' });
    expect(claimedZone(undefined, 'US', undefined)).toBeUndefined(); // several zones, no state
    expect(claimedZone(undefined, 'RU', 'Moscow')).toBeUndefined(); // multi-zone country not in the table
  });
});

describe('working-hours', () => {
  it('an engineer "in Texas" working 19:30–03:00 Central (business hours in Pyongyang) among day-shift peers → high', async () => {
    const peers = engineeringPeers();
    const upn = 'kevin.t@contoso.com';
    distinctUpns([...peers.upns, upn]);
    const directory = [...peers.directory, scimUser({ upn, displayName: 'Kevin T', home: { locality: 'Dallas', region: 'TX' }, timezone: 'America/Chicago', department: 'Engineering' })];
    const records = [...peers.records, ...at(upn, IP.mullvad, WORKDAYS, PYONGYANG_DAY)];
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const p of peers.upns) expect(findingsFor(result, p, ID)).toEqual([]);
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: definition.params.parse({}).likelihoodRatioPeersSuspect, title: 'Works the business hours of UTC+9, not of the claimed zone' });
    expect(f[0].explanation).toMatch(/centre on 23:\d\d America\/Chicago \(UTC−5, from the directory time zone\)/);
    expect(f[0].explanation).toMatch(/100% of 40 sign-ins on 10 days fall between 19:00 and 04:00/);
    expect(f[0].explanation).toMatch(/only 0 \(0%\) within business hours 08:00–18:00/);
    expect(f[0].explanation).toMatch(/The Engineering department \(4 peers with a regular pattern, agreement R = 1\.00\) centres on 13:\d\d/);
    expect(f[0].explanation).toMatch(/UTC\+8 \(Asia\/Shanghai.*UTC\+9 \(Asia\/Pyongyang/);
    expect(f[0].explanation).toMatch(/09:00–18:00 in UTC\+9/);
    const mean = f[0].evidence.find((e) => e.label.startsWith('mean sign-in hour'))!;
    expect(mean).toMatchObject({ threshold: '08:00–18:00', unit: 'local time' });
    expect(String(mean.value)).toMatch(/^23:/);
    expect(f[0].evidence.filter((e) => e.type === 'peer').map((e) => e.personId).length).toBe(3);
    expect(f[0].firstSeen).toBe(new Date(utc(WORKDAYS[0], 0.5)).toISOString());
  });

  it('the claimed zone can come from the claimed home (no SCIM timezone); Okta sign-ins count too', async () => {
    const peers = engineeringPeers();
    const upn = 'noah.will@contoso.com';
    distinctUpns([...peers.upns, upn]);
    const directory = [...peers.directory, scimUser({ upn, home: { locality: 'Houston', region: 'TX' }, department: 'Engineering' })];
    const records = [...peers.records, ...at(upn, IP.mullvad, WORKDAYS, PYONGYANG_DAY, true)];
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('high');
    expect(f[0].explanation).toMatch(/America\/Chicago \(UTC−5, from the zone of the claimed home\)/);
  });

  it('negative: a night-shift team (the whole department works 22:00–06:00) is not anomalous', async () => {
    const upns = distinctUpns(['ops.a@contoso.com', 'ops.bb@contoso.com', 'ops.ccc@contoso.com', 'ops.dddd@contoso.com', 'ops.eeeee@contoso.com']);
    const directory = upns.map((upn) => scimUser({ upn, home: { locality: 'Chicago', region: 'IL' }, timezone: 'America/Chicago', department: 'Network Operations' }));
    // 22:00, 00:30, 03:00, 05:30 CDT
    const records = upns.flatMap((upn, i) => at(upn, IP.comcastHouston, WORKDAYS, [3, 5.5, 8, 10.5].map((h) => h + i * 0.2)));
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const upn of upns) {
      expect(findingsFor(result, upn, ID)).toEqual([]);
      expect(levelOf(result, upn)).toBe('none');
    }
  });

  it('negative: Seoul office staff claiming Seoul work Seoul business hours (the same UTC hours as the Pyongyang pattern)', async () => {
    const upns = distinctUpns(['jiho@contoso.com', 'minji@contoso.com', 'seojun@contoso.com']);
    const directory = upns.map((upn) => scimUser({ upn, home: { locality: 'Seoul', country: 'KR' }, timezone: 'Asia/Seoul', department: 'Engineering' }));
    const records = upns.flatMap((upn, i) => at(upn, i % 2 ? IP.ktSeoul : IP.ktSeoul2, WORKDAYS, PYONGYANG_DAY));
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const upn of upns) expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('negative: a quiet engineer (6 night sign-ins over 2 days) gets no verdict', async () => {
    const upn = 'quiet.q@contoso.com';
    const directory = [scimUser({ upn, home: { locality: 'Austin', region: 'TX' }, timezone: 'America/Chicago' })];
    const records = at(upn, IP.charterAustin, ['2025-04-08', '2025-04-09'], [3, 5, 7]);
    const result = await runScenario({ directory, records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('negative: activity spread around the clock (on-call) is not concentrated enough for a verdict', async () => {
    const upn = 'oncall@contoso.com';
    const directory = [scimUser({ upn, home: { locality: 'Austin', region: 'TX' }, timezone: 'America/Chicago' })];
    const records = at(upn, IP.charterAustin, WORKDAYS, [0, 3, 6, 9, 12, 15, 18, 21]);
    const result = await runScenario({ directory, records, detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('without a department baseline the same pattern is medium, and says so', async () => {
    const upn = 'solo.s@contoso.com';
    const directory = [scimUser({ upn, home: { locality: 'Austin', region: 'TX' }, timezone: 'America/Chicago', department: 'Data Science' })];
    const records = at(upn, IP.charterAustin, WORKDAYS, PYONGYANG_DAY);
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 5 });
    expect(f[0].explanation).toMatch(/No department baseline \(0 peer\(s\) with a regular pattern; 2 needed\)/);
  });

  it('two operators in a small team do not vouch for each other: disagreeing peers are no baseline', async () => {
    const [day, other, upn] = distinctUpns(['pat.day@contoso.com', 'op.other@contoso.com', 'op.suspect1@contoso.com']);
    const claim = { home: { locality: 'Austin', region: 'TX' }, timezone: 'America/Chicago', department: 'Platform' };
    const directory = [day, other, upn].map((u) => scimUser({ upn: u, ...claim }));
    const records = [...at(day, IP.charterAustin, WORKDAYS, CHICAGO_DAY), ...at(other, IP.mullvad, WORKDAYS, PYONGYANG_DAY), ...at(upn, IP.mullvad2, WORKDAYS, PYONGYANG_DAY)];
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 5 });
    expect(f[0].explanation).toMatch(/No department baseline: the 2 peers' hours disagree \(agreement R = 0\.\d\d, threshold 0\.5\)/);
    expect(findingsFor(result, day, ID)).toEqual([]);
  });

  it('negative: no claimed zone (no directory entry) → no verdict', async () => {
    const upn = 'nodir@contoso.com';
    const result = await runScenario({ records: at(upn, IP.charterAustin, WORKDAYS, PYONGYANG_DAY), detectors: [detector] });
    expect(findingsFor(result, upn, ID)).toEqual([]);
  });

  it('state stays under 2 KB after 5,000 sign-ins', async () => {
    const intel = await testIntel();
    const upn = 'busy.user@contoso.com';
    const p = new Pipeline({ detectors: [detector], intel });
    p.addDirectory(parseRecords([scimUser({ upn, home: { locality: 'Austin', region: 'TX' }, timezone: 'America/Chicago' })]).directory);
    const start = utc('2025-01-01', 0);
    const records = Array.from({ length: 5000 }, (_, i) => graphSignIn({ upn, time: start + i * 1.37 * HOUR, ip: IP.charterAustin }));
    for (const ev of parseRecords(records).events) p.ingest(ev);
    const result = p.finish();
    const state = p.exportState(result.people[0].personId)![ID] as { nl: number };
    expect(state.nl).toBe(5000);
    expect(JSON.stringify(state).length).toBeLessThan(2048);
  });
});
