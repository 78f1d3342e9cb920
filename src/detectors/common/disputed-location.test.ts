// A location is an opinion: a home line the local database misplaces, while the identity provider places it at the
// claimed home, must not make an honest person "impossible travel", "two operators", "away from home" or a laptop
// farm day after day. Through the real Graph parser, intel (GeoLite2, as the fixtures name its places) and pipeline.
// The same events without the vendor's location are the control: then the database's opinion is all there is, and
// the detectors do fire, so the tests below show the vendor's opinion is what keeps the person quiet.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/model.ts';
import { findingsFor, graphSignIn, runScenario, scimUser } from '../../../test/testkit.ts';
import { detector as awayFromHome } from '../away-from-home/detector.ts';
import { detector as concurrentOperators } from '../concurrent-operators/detector.ts';
import { detector as impossibleTravel } from '../impossible-travel/detector.ts';
import { detectors as registry } from '../registry.ts';
import { at, IP } from './fixtures/ips.ts';

const UPN = 'maria.lopez@contoso.com';
const SPOUSE = 'jon.lopez@contoso.com';
const home = { street: '1200 Westheimer Rd', locality: 'Houston', region: 'TX', postalCode: '77006', country: 'US' };
const maria = scimUser({ upn: UPN, displayName: 'Maria Lopez', home });
const jon = scimUser({ upn: SPOUSE, displayName: 'Jon Lopez', home });
/** Where Entra places both lines: Houston (the truth; GeoLite2 places IP.PHOENIX in Phoenix, 1,630 km away). */
const HOUSTON_BY_ENTRA = { city: 'Houston', state: 'Texas', countryOrRegion: 'US', lat: 29.7633, lon: -95.3633 };
const sharedInfrastructure = registry.find((d) => d.definition.id === 'shared-infrastructure')!;
const DETECTORS = [impossibleTravel, concurrentOperators, awayFromHome, sharedInfrastructure];

/**
 * 20 workdays: Maria's laptop on the cable line (placed correctly) and, every hour or two, on the second home line
 * that GeoLite2 misplaces in Phoenix; her husband works from the misplaced line all day.
 */
function records(vendorLocation: boolean) {
  const loc = vendorLocation ? { location: HOUSTON_BY_ENTRA } : {};
  const out: Record<string, unknown>[] = [];
  for (let d = 0; d < 20; d++) {
    for (let h = 0; h < 8; h++) {
      const ip = h % 2 === 0 ? IP.HOUSTON.ip : IP.PHOENIX.ip;
      out.push(graphSignIn({ upn: UPN, time: at(d, 14 + h, 5), ip, ...loc }));
      out.push(graphSignIn({ upn: SPOUSE, time: at(d, 14 + h, 35), ip: IP.PHOENIX.ip, ...loc }));
    }
  }
  return out;
}

async function findings(vendorLocation: boolean): Promise<{ maria: Finding[]; jon: Finding[] }> {
  const res = await runScenario({ directory: [maria, jon], records: records(vendorLocation), detectors: DETECTORS });
  expect(res.errors).toEqual([]);
  return { maria: findingsFor(res, UPN), jon: findingsFor(res, SPOUSE) };
}

describe('a home line one database misplaces', () => {
  it('control: with only the database opinion, the misplaced line looks like travel, two places and another state', async () => {
    const f = await findings(false);
    const ids = (xs: Finding[]) => new Set(xs.map((x) => x.detector));
    expect(ids(f.maria)).toEqual(new Set(['impossible-travel', 'concurrent-operators', 'away-from-home', 'shared-infrastructure']));
    expect(ids(f.jon)).toEqual(new Set(['away-from-home', 'shared-infrastructure']));
    // the shared line reads as a laptop farm: two people whose claimed home is 1,600 km from it
    expect(f.jon.find((x) => x.detector === 'shared-infrastructure' && x.explanation.includes(IP.PHOENIX.ip))?.severity).toBe('high');
    // but hops within one country on one database's city-level opinion stay low, and say why
    for (const id of ['impossible-travel', 'concurrent-operators']) {
      const x = f.maria.find((y) => y.detector === id)!;
      expect(x.severity, id).toBe('low');
      expect(x.title, id).toMatch(/one location source only \(possibly a misplaced line\)/);
      expect(x.explanation, id).toMatch(/within one country on a single location source's city-level opinion/);
    }
  });

  it('the same alternation with both places confirmed by the vendor is firm: high', async () => {
    // Entra places each line where GeoLite2 does (Houston, Phoenix): two agreeing opinions on both ends.
    const PHOENIX_BY_ENTRA = { city: 'Phoenix', state: 'Arizona', countryOrRegion: 'US', lat: 33.4484, lon: -112.074 };
    const records: Record<string, unknown>[] = [];
    for (let d = 0; d < 5; d++) {
      for (let h = 0; h < 8; h++) {
        const phoenix = h % 2 === 1;
        records.push(graphSignIn({ upn: UPN, time: at(d, 14 + h, 5), ip: phoenix ? IP.PHOENIX.ip : IP.HOUSTON.ip, location: phoenix ? PHOENIX_BY_ENTRA : HOUSTON_BY_ENTRA }));
      }
    }
    const res = await runScenario({ directory: [maria], records, detectors: [impossibleTravel, concurrentOperators] });
    const fs = findingsFor(res, UPN);
    expect(fs.map((x) => `${x.detector}:${x.severity}`).sort()).toEqual(['concurrent-operators:high', 'impossible-travel:high']);
  });

  it('with the identity provider placing it at home, the location is disputed and nobody is flagged', async () => {
    const f = await findings(true);
    // What remains is the truth: one household at one address (low), nothing about places.
    for (const person of [f.maria, f.jon]) {
      expect(person.map((x) => `${x.detector}:${x.severity}:${x.title}`)).toEqual(['shared-infrastructure:low:Shares a home address with another person']);
    }
  });

  it('a disputed fix says so with both opinions when it is shown as evidence', async () => {
    // The husband also signs in twice from Shenyang: impossible travel against a disputed home fix still holds
    // (Shenyang is far from every opinion), and the evidence names both opinions of the home line.
    const extra = [graphSignIn({ upn: SPOUSE, time: at(3, 15, 50), ip: IP.SHENYANG.ip }), graphSignIn({ upn: SPOUSE, time: at(9, 15, 50), ip: IP.SHENYANG.ip })];
    const res = await runScenario({ directory: [maria, jon], records: [...records(true), ...extra], detectors: [impossibleTravel] });
    const [trip] = findingsFor(res, SPOUSE, 'impossible-travel');
    expect(trip.severity).toBe('high');
    const disputed = trip.evidence.filter((e) => e.disputed);
    expect(disputed.length).toBeGreaterThan(0);
    expect(disputed[0].opinions?.map((o) => `${o.city}:${o.source}`).sort()).toEqual(['Houston:vendor', 'Phoenix:geolite2']);
    expect(trip.explanation).toMatch(/Phoenix, Arizona, US \(GeoLite2\) or Houston, Texas, US \(the identity provider\)/);
    expect(trip.explanation).toMatch(/location disputed, ±\d+ km/);
  });
});
