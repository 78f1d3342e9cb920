// The four network detectors together (high-risk-network, anonymising-infra, working-hours, shared-infrastructure)
// over one small company: every ordinary employee — including the hard negatives — must end at level none,
// and one operator persona must rank first at level high. Real formats, real intel, real pipeline and scoring.
import { describe, expect, it } from 'vitest';
import { graphSignIn, oktaSignIn, runScenario, scimUser } from '../../../test/testkit.ts';
import { detector as highRisk } from '../high-risk-network/detector.ts';
import { detector as anonymising } from '../anonymising-infra/detector.ts';
import { detector as workingHours } from '../working-hours/detector.ts';
import { detectors as registry } from '../registry.ts';
import { days, distinctUpns, IP, utc } from './fixtures/net.ts';

const WORKDAYS = days('2025-04-07', 15, true); // April 2025: Chicago UTC−5, Seattle UTC−7
const shared = registry.find((d) => d.definition.id === 'shared-infrastructure')!;
const detectors = [highRisk, anonymising, workingHours, shared];

describe('network detectors together', () => {
  it('ordinary staff (Zscaler, personal VPN, China trip, Private Relay, night shift, Seoul office, co-working) stay at none; the operator ranks first', async () => {
    const directory: Record<string, unknown>[] = [];
    const records: Record<string, unknown>[] = [];
    const add = (upn: string, user: Omit<Parameters<typeof scimUser>[0], 'upn'>, ips: (d: string, i: number) => [number, string][]) => {
      directory.push(scimUser({ ...user, upn }));
      WORKDAYS.forEach((d, i) => {
        for (const [h, ip] of ips(d, i)) records.push(graphSignIn({ upn, time: utc(d, h), ip }));
      });
    };
    const austin = { locality: 'Austin', region: 'TX' };
    const ordinary = distinctUpns(
      ["al", "bea", "carl", "diana", "edward", "fatimah", "gabriela", "hieronymo", "noc.night1", "noc.night22", "noc.night333", "seoul.kim.jho", "seoul.park.mji", "seoul.lee.sjun1", "cowork.alexandra", "cowork.bartholome"].map((n) => `${n}@contoso.com`),
    );
    const [al, bea, carl, diana, edward, fatimah, gabriela, hieronymo, n1, n2, n3, s1, s2, s3, w1, w2] = ordinary;
    const eng = { home: austin, timezone: 'America/Chicago', department: 'Engineering' };
    // Day-shift engineers at home in Austin, ~30% behind Zscaler (egress in Chicago / Virginia).
    add(al, eng, () => [[14, IP.charterAustin], [17, IP.zscalerChicago], [21, IP.charterAustin]]);
    add(bea, eng, () => [[14.5, IP.charterAustin2], [18, IP.zscalerReston], [20, IP.charterAustin2]]);
    add(carl, eng, () => [[15, IP.charterAustin], [19, IP.charterAustin], [22, IP.zscalerChicago]]);
    // Occasional personal VPN.
    add(diana, eng, (_d, i) => [[14, IP.charterAustin2], [19, IP.charterAustin2], ...(i % 7 === 3 ? [[2, IP.mullvad] as [number, string]] : [])]);
    // A business trip to China in the middle (hotel network, personal VPN, corporate SASE).
    add(edward, { home: { locality: 'Seattle', region: 'WA' }, timezone: 'America/Los_Angeles', department: 'Sales' }, (d, i) =>
      i >= 6 && i <= 9 ? [[1, IP.chinaUnicomBeijing], [1.5, IP.mullvad2], [8, IP.zscalerReston]] : [[16, IP.comcastSeattle], [20, IP.comcastSeattle]],
    );
    // Apple iCloud Private Relay user in Nashville.
    add(fatimah, { home: { locality: 'Nashville', region: 'TN' }, timezone: 'America/Chicago', department: 'Finance' }, () => [[14, IP.appleRelay], [19, IP.appleRelay]]);
    // A household: same family name, same address, same home IP in Houston.
    const household = { street: '4411 Westheimer Rd', locality: 'Houston', region: 'TX', postalCode: '77027' };
    add(gabriela, { displayName: 'Gabriela Garcia', home: household, timezone: 'America/Chicago', department: 'Finance' }, () => [[15, IP.comcastHouston], [20, IP.comcastHouston]]);
    add(hieronymo, { displayName: 'Hieronymo Garcia', home: household, timezone: 'America/Chicago', department: 'Support' }, () => [[14, IP.comcastHouston], [21, IP.comcastHouston]]);
    // Night-shift NOC team (22:00–06:00 Central).
    for (const upn of [n1, n2, n3]) add(upn, { home: austin, timezone: 'America/Chicago', department: 'Network Operations' }, () => [[3, IP.charterAustin], [6, IP.charterAustin2], [9, IP.charterAustin]]);
    // Seoul office claiming Seoul, working Seoul business hours.
    for (const upn of [s1, s2, s3]) add(upn, { home: { locality: 'Seoul', country: 'KR' }, timezone: 'Asia/Seoul', department: 'Engineering Korea' }, () => [[0.5, IP.ktSeoul], [3, IP.ktSeoul2], [6, IP.ktSeoul]]);
    // Two colleagues at a co-working space in Austin, the city they claim.
    for (const upn of [w1, w2]) add(upn, eng, () => [[15, IP.googleFiberAustin], [18, IP.googleFiberAustin], [22, IP.charterAustin]]);

    // The operator: claims Dallas, works Pyongyang hours through VPN/hosting, China Unicom leaks, laptop at a Vallejo farm.
    const op = 'kevin.the.operator@contoso.com';
    const farmMate = 'lena.rodriguez.farm@contoso.com';
    distinctUpns([...ordinary, op, farmMate]);
    add(op, { displayName: 'Kevin T', home: { locality: 'Dallas', region: 'TX' }, timezone: 'America/Chicago', department: 'Engineering' }, (_d, i) => [
      [0.5, IP.mullvad], [3, IP.aws], [4, IP.comcastVallejo], ...(i % 4 === 1 ? [[4.5, IP.chinaUnicom] as [number, string]] : []), [5.5, IP.mullvad2], [8, IP.comcastVallejo],
    ]);
    add(farmMate, { home: { locality: 'New York', region: 'NY' }, timezone: 'America/New_York', department: 'Data' }, () => [[1, IP.comcastVallejo], [7, IP.comcastVallejo]]);
    records.push(oktaSignIn({ upn: op, time: utc(WORKDAYS[3], 2), ip: IP.proton }));

    const result = await runScenario({ directory, records, detectors });
    const byUpn = (upn: string) => result.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn))!;
    for (const upn of ordinary) {
      const p = byUpn(upn);
      expect({ upn, level: p.level, findings: p.findings.filter((f) => f.severity !== 'low').map((f) => f.title) }).toEqual({ upn, level: 'none', findings: [] });
    }
    expect(result.people[0].identifiers).toContain(op);
    expect(result.people[0].level).toBe('high');
    const detectorsHit = new Set(result.people[0].findings.map((f) => f.detector));
    expect([...detectorsHit].sort()).toEqual(['anonymising-infra', 'high-risk-network', 'shared-infrastructure', 'working-hours']);
    expect(byUpn(farmMate).findings.some((f) => f.detector === 'shared-infrastructure' && f.severity === 'high')).toBe(true);
  });
});
