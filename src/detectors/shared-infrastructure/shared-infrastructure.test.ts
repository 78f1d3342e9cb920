// shared-infrastructure through the real parsers (SCIM users, Graph and Okta sign-ins), the real offline intel and
// geocoder, and the real pipeline. IPs: see ../common/fixtures/net.ts.
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../../core/pipeline.ts';
import { findingsFor, graphSignIn, oktaSignIn, parseRecords, runScenario, scimUser, testIntel } from '../../../test/testkit.ts';
import { days, distinctUpns, HOUR, IP, utc } from '../common/fixtures/net.ts';
import { addressKey, emailKey, phoneKey, streetKey } from './normalise.ts';
import { detector } from './detector.ts';

const ID = 'shared-infrastructure';
type Result = Awaited<ReturnType<typeof runScenario>>;
const personOf = (r: Result, upn: string) => r.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn.toLowerCase()))!;
const WORKDAYS = days('2025-04-07', 10, true);

describe('shared-infrastructure: normalisation', () => {
  it('phone numbers, mailboxes and street lines compare the way people read them', () => {
    expect(phoneKey('+1 (512) 555-0147')).toBe('5125550147');
    expect(phoneKey('512.555.0147')).toBe(phoneKey('001 512 555 0147'));
    expect(phoneKey('512-555-0147 ext. 22')).toBe('5125550147');
    expect(phoneKey('555-01')).toBeUndefined();
    expect(emailKey('J.Smith+jobs@Gmail.com')).toBe(emailKey('jsmith@googlemail.com'));
    expect(emailKey('j.smith@outlook.com')).not.toBe(emailKey('jsmith@outlook.com')); // dots matter outside Gmail
    expect(emailKey('not-an-email')).toBeUndefined();
    expect(streetKey('123 Main Street, Apt. #4')).toBe(streetKey('123 main st apt 4'));
    expect(streetKey('500 North Lamar Boulevard Suite 200')).toBe('500 n lamar blvd apt 200');
    expect(addressKey({ street: '123 Main St', postalCode: '78701-1234', country: 'US' })).toBe(addressKey({ street: '123 MAIN STREET', postalCode: '78701', country: 'US' }));
    expect(addressKey({ street: '123 Main St Apt 4', postalCode: '78701' })).not.toBe(addressKey({ street: '123 Main St Apt 5', postalCode: '78701' }));
    expect(addressKey({ locality: 'Austin', region: 'TX' })).toBeUndefined(); // a city alone is not a shared address
  });
});

describe('shared-infrastructure', () => {
  it('relies on the intel facts the fixtures name', async () => {
    const intel = await testIntel();
    expect(intel.lookupIp(IP.comcastVallejo)).toMatchObject({ netClass: 'residential', asn: 7922, geo: { city: 'Vallejo', region: 'California' } });
    expect(intel.lookupIp(IP.googleFiberAustin)).toMatchObject({ netClass: 'business', geo: { city: 'Austin' } });
    expect(intel.lookupIp(IP.comcastHouston)).toMatchObject({ netClass: 'residential', geo: { city: 'Houston' } });
  });

  it('laptop farm: four identities claiming TX, NY, FL and WA all work from one Comcast home in Vallejo, CA → high for each', async () => {
    const farm = [
      { upn: 'mark.d@contoso.com', home: { locality: 'Austin', region: 'TX' } },
      { upn: 'lena.ro@contoso.com', home: { locality: 'New York', region: 'NY' } },
      { upn: 'chris.pa@contoso.com', home: { locality: 'Miami', region: 'FL' } },
      { upn: 'victor.hal@contoso.com', home: { locality: 'Seattle', region: 'WA' } },
    ];
    distinctUpns(farm.map((x) => x.upn));
    const directory = farm.map((x) => scimUser({ upn: x.upn, home: x.home }));
    const records = farm.flatMap((x, i) => WORKDAYS.flatMap((d) => [graphSignIn({ upn: x.upn, time: utc(d, 1 + i * 0.1), ip: IP.comcastVallejo }), graphSignIn({ upn: x.upn, time: utc(d, 6 + i * 0.1), ip: IP.comcastVallejo })]));
    const result = await runScenario({ directory, records, detectors: [detector] });
    const ids = farm.map((x) => personOf(result, x.upn).personId);
    for (const [i, x] of farm.entries()) {
      const f = findingsFor(result, x.upn, ID);
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: 30, title: 'Several people sign in from one home they do not claim (laptop farm)' });
      expect(f[0].explanation).toMatch(/^4 people signed in from 73\.162\.11\.20 \(residential network AS7922 Comcast Cable Communications, LLC, located in Vallejo, California, US\)/);
      expect(f[0].explanation).toMatch(/4 of them claim\(s\) homes more than 250 km from this IP, 4 on at least 5 days/);
      const peers = f[0].evidence.filter((e) => e.type === 'peer');
      expect(peers.map((e) => e.personId).sort()).toEqual(ids.filter((_, j) => j !== i).sort());
      expect(peers.every((e) => e.place?.country === 'US' && e.value === 20)).toBe(true);
      expect(f[0].evidence.find((e) => e.type === 'event')).toMatchObject({ ip: IP.comcastVallejo, network: { class: 'residential' }, place: { city: 'Vallejo' } });
      expect(f[0].evidence.find((e) => e.label.startsWith('people signing in'))).toMatchObject({ value: 4, threshold: 2 });
    }
  });

  it('mobile carrier NAT is not a farm: five colleagues in different states on one T-Mobile address → nothing', async () => {
    const intel = await testIntel();
    expect(intel.lookupIp('172.58.1.1')).toMatchObject({ netClass: 'mobile', provider: 'T-Mobile US' });
    const staff = [
      { upn: 'm1.tm@contoso.com', home: { locality: 'Austin', region: 'TX' } },
      { upn: 'm2.tm@contoso.com', home: { locality: 'Denver', region: 'CO' } },
      { upn: 'm3.tm@contoso.com', home: { locality: 'Chicago', region: 'IL' } },
      { upn: 'm4.tm@contoso.com', home: { locality: 'Atlanta', region: 'GA' } },
      { upn: 'm5.tm@contoso.com', home: { locality: 'Boston', region: 'MA' } },
    ];
    const directory = staff.map((x) => scimUser({ upn: x.upn, home: x.home }));
    const records = staff.flatMap((x, i) => WORKDAYS.map((d) => graphSignIn({ upn: x.upn, time: utc(d, 15 + i * 0.2), ip: '172.58.1.1' })));
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const x of staff) expect(findingsFor(result, x.upn, ID)).toEqual([]);
  });

  it('a host and one remote identity: the far claimant is high, the local host medium', async () => {
    const host = 'hostess.v@contoso.com';
    const remote = 'remote.w@contoso.com';
    const directory = [scimUser({ upn: host, home: { locality: 'Vallejo', region: 'CA' } }), scimUser({ upn: remote, home: { locality: 'Dallas', region: 'TX' } })];
    const records = [host, remote].flatMap((upn, i) => WORKDAYS.map((d) => graphSignIn({ upn, time: utc(d, 16 + i), ip: IP.comcastVallejo })));
    const result = await runScenario({ directory, records, detectors: [detector] });
    expect(findingsFor(result, remote, ID)[0]).toMatchObject({ severity: 'high', likelihoodRatio: 30 });
    const h = findingsFor(result, host, ID);
    expect(h[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 6, title: "People who claim to live elsewhere sign in from this person's network (laptop-farm host)" });
    expect(h[0].explanation).toMatch(/this person \(10 sign-ins on 10 days, claims Vallejo, California, US \(\d+ km away\)\)/);
  });

  it('negative: colleagues at a co-working space in the city they all claim (Austin) are not a farm', async () => {
    const upns = distinctUpns(['ana@contoso.com', 'ben.k@contoso.com', 'cleo.mm@contoso.com']);
    const directory = upns.map((upn) => scimUser({ upn, home: { locality: 'Austin', region: 'TX' } }));
    const records = upns.flatMap((upn) =>
      WORKDAYS.flatMap((d) => [graphSignIn({ upn, time: utc(d, 15), ip: IP.googleFiberAustin }), graphSignIn({ upn, time: utc(d, 23), ip: IP.charterAustin })]),
    );
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const upn of upns) {
      expect(findingsFor(result, upn, ID)).toEqual([]);
      expect(personOf(result, upn).level).toBe('none');
    }
  });

  it('negative: a household (same family name, same address, home IP in their city) stays at none', async () => {
    const a = 'maria.garcia@contoso.com';
    const b = 'jose.garcia@contoso.com';
    const home = { street: '4411 Westheimer Rd', locality: 'Houston', region: 'TX', postalCode: '77027' };
    const directory = [scimUser({ upn: a, displayName: 'Maria Garcia', home }), scimUser({ upn: b, displayName: 'Jose Garcia', home: { ...home, street: '4411 Westheimer Road' } })];
    const records = [a, b].flatMap((upn) => WORKDAYS.map((d) => graphSignIn({ upn, time: utc(d, 15), ip: IP.comcastHouston })));
    const result = await runScenario({ directory, records, detectors: [detector] });
    for (const upn of [a, b]) {
      const f = findingsFor(result, upn, ID);
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: 1.5 });
      expect(f[0].explanation).toMatch(/most likely one household/);
      expect(personOf(result, upn).level).toBe('none');
    }
  });

  it('a phone number shared in different spellings → high, naming the other person', async () => {
    const a = 'applicant.one@contoso.com';
    const b = 'applicant.three@contoso.com';
    const directory = [scimUser({ upn: a, phone: '+1 (512) 555-0147', home: { locality: 'Austin', region: 'TX' } }), scimUser({ upn: b, phone: '512.555.0147', home: { locality: 'Denver', region: 'CO' } })];
    const result = await runScenario({ directory, records: [], detectors: [detector] });
    const f = findingsFor(result, a, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: 25, title: 'Shares a phone number with another person' });
    expect(f[0].explanation).toMatch(/"\+1 \(512\) 555-0147" is also listed for .*\("512\.555\.0147"\) \(compared as "5125550147"/);
    expect(f[0].evidence.find((e) => e.type === 'peer')).toMatchObject({ personId: personOf(result, b).personId, value: '512.555.0147' });
    expect(findingsFor(result, b, ID)).toHaveLength(1);
  });

  it('a personal Gmail shared with dots and +tags → high', async () => {
    const a = 'dev.alpha@contoso.com';
    const b = 'dev.bravo1@contoso.com';
    const directory = [scimUser({ upn: a, personalEmail: 'J.Smith+jobs@gmail.com' }), scimUser({ upn: b, personalEmail: 'jsmith@googlemail.com' })];
    const result = await runScenario({ directory, records: [], detectors: [detector] });
    const f = findingsFor(result, b, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: 30, title: 'Shares a personal e-mail with another person' });
  });

  it('one street address for three different families → high; for two → medium', async () => {
    const three = distinctUpns(['p.one@contoso.com', 'p.twoo@contoso.com', 'p.three@contoso.com']);
    const streets = ['123 Main Street, Apt 4', '123 main st. #4', '123 Main St Apt. 4'];
    const names = ['Paul One', 'Peter Twoo', 'Pam Three'];
    const pair = distinctUpns(['q.alpha.x@contoso.com', 'q.bravo.yy@contoso.com']);
    const directory = [
      ...three.map((upn, i) => scimUser({ upn, displayName: names[i], home: { street: streets[i], locality: 'Austin', region: 'TX', postalCode: i === 1 ? '78701-1234' : '78701' } })),
      ...pair.map((upn, i) => scimUser({ upn, displayName: ['Quinn Alpha', 'Quentin Bravo'][i], home: { street: '9 Elm Ct', locality: 'Boise', region: 'ID', postalCode: '83702' } })),
    ];
    const result = await runScenario({ directory, records: [], detectors: [detector] });
    for (const upn of three) {
      const f = findingsFor(result, upn, ID);
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: 25 });
      expect(f[0].evidence.filter((e) => e.type === 'peer')).toHaveLength(2);
      expect(f[0].evidence.find((e) => e.type === 'measure')).toMatchObject({ value: 3, threshold: 3 });
    }
    for (const upn of pair) expect(findingsFor(result, upn, ID)[0]).toMatchObject({ severity: 'medium', likelihoodRatio: 6 });
  });

  it('one Entra device id signing in as two people who claim homes 2,000 km apart → high; an Okta fingerprint in one city → nothing', async () => {
    const a = 'device.a@contoso.com';
    const b = 'device.bb@contoso.com';
    const c = 'okta.user1@contoso.com';
    const d = 'okta.user22@contoso.com';
    const dev = 'c8d2e4f6-1a3b-4c5d-9e7f-2b4d6f8a0c1e';
    const directory = [
      scimUser({ upn: a, home: { locality: 'Austin', region: 'TX' } }),
      scimUser({ upn: b, home: { locality: 'New York', region: 'NY' } }),
      scimUser({ upn: c, home: { locality: 'Austin', region: 'TX' } }),
      scimUser({ upn: d, home: { locality: 'Austin', region: 'TX' } }),
    ];
    const records = [
      ...WORKDAYS.map((day) => graphSignIn({ upn: a, time: utc(day, 2), ip: IP.mullvad, deviceId: dev })),
      ...WORKDAYS.map((day) => graphSignIn({ upn: b, time: utc(day, 5), ip: IP.proton, deviceId: dev })),
      ...WORKDAYS.map((day) => oktaSignIn({ upn: c, time: utc(day, 15), ip: IP.charterAustin, deviceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' })),
      ...WORKDAYS.map((day) => oktaSignIn({ upn: d, time: utc(day, 16), ip: IP.charterAustin2, deviceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' })),
    ];
    const result = await runScenario({ directory, records, detectors: [detector] });
    const f = findingsFor(result, a, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', likelihoodRatio: 25, title: 'One device signs in as several people' });
    expect(f[0].explanation).toMatch(/up to 2,\d{3} km apart \(threshold 250 km\)/);
    expect(f[0].evidence.find((e) => e.type === 'peer')?.personId).toBe(personOf(result, b).personId);
    expect(findingsFor(result, c, ID)).toEqual([]);
    expect(findingsFor(result, d, ID)).toEqual([]);
  });

  it('state stays under 2 KB after 5,000 sign-ins over many IPs and devices', async () => {
    const intel = await testIntel();
    const upn = 'busy.user@contoso.com';
    const ips = [IP.charterAustin, IP.charterAustin2, IP.comcastHouston, IP.comcastVallejo, IP.comcastSeattle, IP.comcastHayward, IP.ktSeoul, IP.ktSeoul2, IP.googleFiberAustin, IP.rostelecom, IP.chinaUnicom];
    const p = new Pipeline({ detectors: [detector], intel });
    const start = utc('2025-01-01', 0);
    const records = Array.from({ length: 5000 }, (_, i) =>
      graphSignIn({ upn, time: start + i * 1.3 * HOUR, ip: ips[(i * 7) % ips.length], deviceId: `5f0c2b7e-9d41-4a8e-b3c6-${String(i % 50).padStart(12, '0')}` }),
    );
    for (const ev of parseRecords(records).events) p.ingest(ev);
    const result = p.finish();
    const state = p.exportState(result.people[0].personId)![ID];
    expect(JSON.stringify(state).length).toBeLessThan(2048);
  });
});
