// The stories of the synthetic company: the planted fraudulent workers and the honest people who look odd.
// README.md explains each one and the published indicator it mirrors.
import type { Mix, NetChoice, Stream } from './activity.ts';
import type { Device } from './formats.ts';
import { ASN, GEO_ERROR, type NetIp } from './ip-pools.ts';
import { formatUsStreet, usStreet } from './people.ts';
import { GEO_DBS } from './netdata.ts';
import type { Rng } from './prng.ts';
import type { Person, Roster } from './roster.ts';
import type { HardNegativeTruth, NetworkTruth, PlantedPattern, PlantedTruth } from './truth.ts';
import { DAY } from './tz.ts';
import { km, type World } from './world.ts';

export interface Stories {
  planted: PlantedTruth[];
  hardNegatives: HardNegativeTruth[];
  networks: NetworkTruth[];
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An unmanaged browser on a machine the company never issued (a second operator's computer). */
function foreignBrowser(r: Roster): Device {
  const d = r.rng;
  return {
    entraDeviceId: '',
    displayName: '',
    operatingSystem: 'Windows10',
    browser: 'Chrome 129.0.0',
    isCompliant: false,
    isManaged: false,
    trustType: '',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
    fingerprint: d.hex(32),
    okta: { os: 'Windows 10', browser: 'CHROME', device: 'Computer' },
    mobile: false,
  };
}

class StoryBook {
  readonly planted: PlantedTruth[] = [];
  readonly hard = new Map<string, HardNegativeTruth>();
  private readonly nets = new Map<string, NetworkTruth>();

  constructor(
    readonly r: Roster,
    readonly w: World,
  ) {}

  get rng() {
    return this.r.rng;
  }

  net(role: string, ips: NetIp[], p: Person): void {
    for (const x of ips) {
      const key = `${role}|${x.ip}`;
      let t = this.nets.get(key);
      if (!t) {
        t = { role, ip: x.ip, netClass: x.netClass, country: x.country, region: x.region, city: x.city, risks: x.risks, asn: x.asn, upns: [] };
        this.nets.set(key, t);
      }
      if (!t.upns.includes(p.upn)) t.upns.push(p.upn);
    }
  }

  networks(): NetworkTruth[] {
    return [...this.nets.values()];
  }

  plant(p: Person, pattern: PlantedPattern, description: string, group?: string[]): void {
    this.planted.push({ upn: p.upn, pattern, description, hired: iso(p.hiredMs), idp: p.idp, group });
    p.tags.push(`planted:${pattern}`);
  }

  negative(category: string, description: string, p: Person): void {
    let h = this.hard.get(category);
    if (!h) this.hard.set(category, (h = { category, description, upns: [] }));
    h.upns.push(p.upn);
    p.tags.push(category);
  }

  /** A stream in the person's claimed zone with a given network mix. */
  stream(p: Person, mix: Mix, over: Partial<Stream> = {}): Stream {
    return this.r.ordinary(p, { mix, ...over });
  }
}

const choice = (label: string, ips: NetChoice['ips'], device: NetChoice['device'], extra: Partial<NetChoice> = {}): NetChoice => ({ label, ips, device, ...extra });

function plantAll(b: StoryBook): void {
  const { r, w, rng } = b;
  const spread = Math.max(2, Math.floor(r.days * 0.45));
  const hire = (): number => rng.int(1, spread);
  const eng = (): { department: string; title: string } => ({ department: 'Engineering', title: rng.pick(['Software Engineer', 'Senior Software Engineer', 'Frontend Engineer', 'Backend Engineer', 'Full Stack Developer', 'Mobile Engineer']) });

  // 1. A commercial VPN (Astrill-like) in front of every sign-in, with leaks from China Unicom in Liaoning.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), ...eng() });
    const vpn = w.vpnIn('US', 3);
    const cn = w.foreign('cn-liaoning', ASN.cn, { country: 'CN', region: 'Liaoning', risk: 'cn' }, 4);
    p.streams = [b.stream(p, [[choice('vpn', vpn, 'laptop', { stickyPerDay: true }), 0.88], [choice('cn-leak', cn, 'laptop', { firstWithinDays: 3 }), 0.12]], { perDay: [2, 5] })];
    b.net('vpn-astrill-like', vpn, p);
    b.net('cn-leak', cn, p);
    b.plant(p, 'vpn-with-cn-leaks', 'Every sign-in through a commercial VPN exit in the US, except when the VPN drops: then China Unicom addresses in Liaoning (Shenyang/Dalian) show through.');
  }

  // 2-4. A laptop farm: three new hires claiming homes in three states, all signing in from one residential line in a fourth.
  {
    const farm = w.takeUsHome(undefined, 'laptop-farm');
    const states = new Set<string>([farm.region ?? '']);
    const members: Person[] = [];
    for (let i = 0; i < 3; i++) {
      const home = w.takeUsHome((x) => !states.has(x.region ?? '') && km(x, farm) > 500);
      states.add(home.region ?? '');
      const p = r.add({ place: home, hireDay: hire(), ...eng() });
      members.push(p);
    }
    members.forEach((p, i) => {
      const mix: Mix = [[choice('farm', [farm], 'laptop'), i === 1 ? 0.88 : 1]];
      // The operator behind the second account sometimes uses the first account's laptop.
      if (i === 1) mix.push([choice('farm-shared-device', [farm], members[0].devices.laptop), 0.12]);
      p.streams = [b.stream(p, mix, { perDay: [2, 5] })];
      b.net('laptop-farm', [farm], p);
    });
    const upns = members.map((m) => m.upn);
    for (const p of members) {
      b.plant(p, 'laptop-farm', `Claims a home in ${p.homePlace.region}; every sign-in comes from one residential address in ${farm.city}, ${farm.region}, shared with two other new hires who claim other states.`, upns);
    }
  }

  // 5. North Korean addresses (175.45.176.0/22) between ordinary US residential sign-ins.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), ...eng() });
    const kp = w.kp(3);
    p.streams = [b.stream(p, [[choice('home', 'home', 'laptop'), 0.9], [choice('kp', kp, 'laptop', { firstWithinDays: 4 }), 0.1]])];
    b.net('kp', kp, p);
    b.net('home', [p.homePlace], p);
    b.plant(p, 'north-korea-ip', "Signs in from a residential line in the claimed city, and now and then from Star JV's North Korean space (175.45.176.0/22).");
  }

  // 6. Russian addresses (Rostelecom, Far East) between US ones.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), ...eng() });
    let ru: NetIp[];
    try {
      ru = w.foreign('ru-far-east', ASN.ru, { country: 'RU', region: ['Primorye', 'Khabarovsk'], risk: 'ru' }, 3);
    } catch {
      ru = w.foreign('ru', ASN.ru, { country: 'RU', risk: 'ru' }, 3);
    }
    p.streams = [b.stream(p, [[choice('home', 'home', 'laptop'), 0.88], [choice('ru', ru, 'laptop', { firstWithinDays: 4 }), 0.12]])];
    b.net('ru', ru, p);
    b.plant(p, 'russia-ip', `Signs in from a residential line in the claimed city and from Rostelecom addresses in ${ru[0].city ?? 'Russia'}.`);
  }

  // 7-8. Two identities with one phone number and one street address, written differently.
  {
    const place = w.takeUsHome();
    const st = usStreet(rng);
    st.unit = st.unit ?? `${rng.int(1, 20)}B`;
    const a = r.add({ place, hireDay: hire(), ...eng(), street: formatUsStreet(st, false), regionStyle: 'code', phoneStyle: 1 });
    const bHire = Math.min(r.days - 5, (a.hireDay ?? 1) + rng.int(2, 6));
    const bb = r.add({ place, hireDay: bHire, ...eng(), street: formatUsStreet(st, true), regionStyle: 'name', phoneStyle: 3, phoneDigits: a.phoneDigits });
    for (const p of [a, bb]) {
      p.streams = [r.ordinary(p)];
      b.net('shared-identity-home', [place], p);
    }
    const upns = [a.upn, bb.upn];
    b.plant(a, 'shared-phone-and-address', `Shares phone ${a.phones[0].value} and home "${a.home.streetAddress}" with ${bb.upn} (written "${bb.phones[0].value}", "${bb.home.streetAddress}").`, upns);
    b.plant(bb, 'shared-phone-and-address', `Shares phone ${bb.phones[0].value} and home "${bb.home.streetAddress}" with ${a.upn} (written "${a.phones[0].value}", "${a.home.streetAddress}").`, upns);
  }

  // 9. Only ever from a datacentre (a rented cloud desktop / RDP jump host). Okta subsidiary.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), idp: 'okta', ...eng() });
    const dc = w.hosting(2);
    p.streams = [b.stream(p, [[choice('hosting', dc, 'laptop', { stickyPerDay: true }), 1]])];
    b.net('hosting', dc, p);
    b.plant(p, 'hosting-only', `Every sign-in from cloud hosting (${dc.map((x) => x.ip).join(', ')}); never from a home or carrier network.`);
  }

  // 10. A contractor who claims a US home and signs in from China on China's clock. Okta subsidiary.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), idp: 'okta', userType: 'Contractor', ...eng() });
    const cn = w.foreign('cn-north', ASN.cn, { country: 'CN', region: ['Liaoning', 'Beijing', 'Tianjin', 'Shandong'], risk: 'cn' }, 3);
    const vpn = w.vpnIn('US', 2);
    p.streams = [b.stream(p, [[choice('cn', cn, 'laptop'), 0.9], [choice('vpn', vpn, 'laptop'), 0.1]], { tz: 'Asia/Shanghai', start: 9 + rng.range(0, 0.5), end: 18.5 })];
    b.net('contractor-cn', cn, p);
    b.plant(p, 'contractor-from-china', `Contractor claiming a home in ${p.home.locality}, ${p.home.region}; signs in from ${cn[0].city ?? 'China'} (China) in China's business hours (UTC+8).`);
  }

  // 11. The subtle one: claims Texas, lives on a Florida residential line, works 19:00-04:00 Central (UTC+8/+9 daytime).
  {
    const tx = w.takeUsHome((x) => x.region === 'Texas' && x.tz === 'America/Chicago', 'texas-claim');
    const fl = w.takeUsHome((x) => x.region === 'Florida', 'florida-line');
    const p = r.add({ place: tx, hireDay: hire(), ...eng(), tz: 'America/Chicago' });
    p.homes = [{ fromDay: 0, ip: fl }];
    p.streams = [b.stream(p, [[choice('home', 'home', 'laptop'), 0.94], [choice('phone-home', 'home', 'phone'), 0.06]], { tz: 'America/Chicago', start: 19 + rng.range(0, 0.5), end: 27.5 + rng.range(0, 0.5) })];
    b.net('wrong-state-line', [fl], p);
    b.plant(p, 'wrong-state-foreign-hours', `Claims ${p.home.locality}, Texas; every sign-in from a residential line in ${fl.city}, Florida, between 19:00 and 04:00 Central time (08:00-17:00 UTC+8, 09:00-18:00 UTC+9).`);
  }

  // 12. Two operators on one account: the claimed city by day, and Vietnam at the same hours.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), ...eng() });
    const vn = w.foreign('vn', ASN.vn, { country: 'VN' }, 3);
    const other = foreignBrowser(r);
    p.streams = [
      r.ordinary(p, { label: 'main', perDay: [2, 4] }),
      b.stream(p, [[choice('vn', vn, other), 1]], { label: 'second-operator', tz: 'Asia/Ho_Chi_Minh', start: 20.5, end: 26, perDay: [2, 4] }),
    ];
    b.net('concurrent-vn', vn, p);
    b.plant(p, 'concurrent-operators', `Signs in from ${p.home.locality} and, in the same hours, from ${vn[0].city ?? 'Vietnam'} (Vietnam) on an unmanaged browser.`);
  }

  // 13. Impossible hops: a sign-in from London, Paris or Dubai one to three hours after one at home.
  {
    const p = r.add({ place: w.takeUsHome(), hireDay: hire(), ...eng() });
    const gb = w.foreign('gb-london', ASN.gb, { country: 'GB', city: 'London' }, 2);
    const fr = w.foreign('fr-paris', ASN.fr, { country: 'FR', city: 'Paris' }, 2);
    const ae = w.foreign('ae', ASN.ae, { country: 'AE', classes: ['residential', 'unknown', 'business'] }, 2);
    const hop = [...gb, ...fr, ...ae];
    const main = r.ordinary(p);
    const hops: Stream = { ...b.stream(p, [[choice('hop', hop, foreignBrowser(r)), 1]]), label: 'hops', anchor: { stream: 'main', p: 0.4, lagHours: [1, 3] } };
    p.streams = [main, hops];
    b.net('hop', hop, p);
    b.plant(p, 'impossible-travel', `Signs in at home in ${p.home.locality}, then one to three hours later from London, Paris or the UAE, on about 40% of workdays.`);
  }
}

/** Everyone else, with the honest oddities in realistic numbers. */
function staffAll(b: StoryBook, total: number): void {
  const { r, w, rng } = b;
  const N = total;
  const regional: [string, readonly number[], { country: string; region?: string; city?: string }, number][] = [
    ['kr-seoul', ASN.kr, { country: 'KR', region: 'Seoul' }, Math.max(3, Math.round(N * 0.03))],
    ['de-berlin', ASN.de, { country: 'DE', city: 'Berlin' }, Math.max(3, Math.round(N * 0.03))],
    ['in-bengaluru', ASN.in, { country: 'IN', city: 'Bengaluru' }, Math.max(3, Math.round(N * 0.04))],
  ];
  const regionalPeople: Person[] = [];
  for (const [label, asns, where, k] of regional) {
    const pool = w.foreign(label, asns, { ...where, classes: label.startsWith('in') ? ['residential', 'mobile'] : ['residential'] }, k, Math.max(20_000, k * 250)); // about 1 candidate in 100 fits in Bengaluru
    for (const place of pool) {
      const p = r.add({ place, department: rng.chance(0.7) ? 'Engineering' : rng.pick(['Sales', 'Customer Support', 'Data']), title: rng.pick(['Software Engineer', 'Senior Software Engineer', 'Support Engineer', 'Data Engineer', 'Account Executive']) });
      const s = r.ordinary(p);
      if (rng.chance(0.4)) s.end = Math.max(s.end, 20 + rng.range(0, 1.5)); // late calls with the US
      p.streams = [s];
      r.maybeRotateHome(p);
      regionalPeople.push(p);
      b.negative(label === 'kr-seoul' ? 'regional-office-seoul' : label === 'de-berlin' ? 'regional-office-berlin' : 'regional-office-bengaluru', 'Staff of a regional office who claim homes and time zones there and sign in from local broadband in local business hours (which are the US night).', p);
      b.net(label, [place], p);
    }
  }

  const remaining = N - r.people.length;
  const us: Person[] = [];
  // A co-working space: three or four people who claim the same city share its line on workdays.
  const cw0 = r.add({ place: w.takeUsHome() });
  const coworkers = [cw0];
  for (let i = 0; i < 3; i++) {
    const near = w.neighbour(cw0.homePlace);
    if (near) coworkers.push(r.add({ place: near }));
  }
  const space = w.neighbour(cw0.homePlace, ['residential', 'business']);
  // A household: two colleagues married to each other, one address, one line, their own phones.
  const hh0 = r.add({ place: w.takeUsHome() });
  const hh1 = r.add({ place: hh0.homePlace, street: hh0.home.streetAddress, regionStyle: /^[A-Z]{2}$/.test(hh0.home.region ?? '') ? 'code' : 'name', family: hh0.family, given: rng.pick(['Alex', 'Jordan', 'Sam', 'Taylor', 'Morgan', 'Casey']) });
  us.push(...coworkers, hh0, hh1);
  // Database error: a share of ordinary staff live on a line the two databases place 100-3,000 km apart (the truth,
  // which the vendors report and the claimed home follows, is one of the two answers).
  const plain = Math.max(0, remaining - us.length);
  const misplaced = new Set(rng.sample([...Array(plain).keys()], Math.round(plain * GEO_ERROR.misplacedHomeShare)));
  for (let i = 0; i < plain; i++) us.push(r.add({ place: w.takeUsHome(undefined, 'us-home', misplaced.has(i)), idp: rng.chance(0.12) ? 'okta' : 'entra' }));
  for (const p of us) {
    p.streams = [r.ordinary(p)];
    if (p !== hh1 && !coworkers.includes(p)) r.maybeRotateHome(p);
  }
  hh1.homes = hh0.homes;
  for (const p of [hh0, hh1]) {
    b.negative('household', 'Two colleagues married to each other: one home address (written the same way), one broadband line, different phone numbers and e-mails.', p);
    b.net('household-line', [hh0.homePlace], p);
  }
  if (space) {
    for (const p of coworkers) {
      const s = p.streams[0];
      s.mix = [[choice('cowork', [space], 'laptop'), 0.6], [choice('home', 'home', 'laptop'), 0.3], [choice('phone-home', 'home', 'phone'), 0.05], [s.mix[2][0], 0.05]];
      b.negative('coworking', `Staff who all claim ${cw0.home.locality} and work from one co-working space's line there on most workdays.`, p);
      b.net('coworking-space', [space], p);
    }
  }

  // Exclusive hard-negative traits among ordinary US staff.
  const free = rng.shuffle(us.filter((p) => p.tags.length === 0));
  const takeFree = (k: number, ok: (p: Person) => boolean = () => true): Person[] => {
    const out: Person[] = [];
    for (let i = 0; i < free.length && out.length < k; i++) {
      if (ok(free[i])) {
        out.push(free[i]);
        free.splice(i, 1);
        i--;
      }
    }
    return out;
  };

  for (const p of takeFree(Math.max(4, Math.round(N * 0.03)), (x) => x.idp === 'entra')) {
    p.department = 'Support Operations';
    p.title = rng.pick(['Support Engineer', 'Senior Support Engineer', 'Security Operations Analyst', 'Support Team Lead']);
    const s = p.streams[0];
    s.start = 21.5 + rng.range(0, 1);
    s.end = s.start + 8.5;
    s.weekendP = 0.3;
    b.negative('night-shift', 'The whole Support Operations department works nights (about 21:30-07:00 local) from home in the US.', p);
  }

  for (const p of takeFree(Math.max(4, Math.round(N * 0.06)))) {
    const day = rng.int(1, Math.max(2, r.days - 8));
    p.hireDay = day;
    p.hiredMs = r.startMs + day * DAY + rng.int(13, 16) * 3_600_000;
    p.lastModifiedMs = p.hiredMs;
    p.streams = [r.ordinary(p)];
    b.negative('new-hire', 'Ordinary new hires, starting in the same weeks as the planted fraud, working from home in the city they claim.', p);
  }

  for (const p of takeFree(Math.max(3, Math.round(N * 0.05)))) {
    const s = p.streams[0];
    s.perDay = [1, 1];
    s.skipP = 0.65;
    s.weekendP = 0;
    p.department = 'Engineering';
    p.title = rng.pick(['Senior Software Engineer', 'Staff Engineer', 'Backend Engineer']);
    b.negative('quiet', 'Quiet engineers whose long-lived sessions produce only a few interactive sign-ins a week.', p);
  }

  for (const p of takeFree(Math.max(2, Math.round(N * 0.02)))) {
    const mobile = w.mobileFor(p.homePlace, 3);
    p.streams[0].mix = [[choice('mobile', mobile, 'phone'), 0.85], [choice('phone-home', 'home', 'phone'), 0.15]];
    b.negative('phone-only', 'People who only use the phone (Outlook/Teams mobile) on their carrier network, whose gateway can be in another city of their state (or the nearest state with one).', p);
    b.net('mobile', mobile, p);
  }

  // Moved house within the state: only people whose state has another town 80-600 km away among the candidates.
  let movers = 0;
  for (const p of [...free]) {
    if (movers >= Math.max(2, Math.round(N * 0.02))) break;
    const old = w.tryUsHome((x) => x.region === p.homePlace.region && km(x, p.homePlace) > 80 && km(x, p.homePlace) < 600);
    if (!old) continue;
    free.splice(free.indexOf(p), 1);
    movers++;
    const moveDay = rng.int(7, Math.max(8, r.days - 10));
    p.homes = [{ fromDay: 0, ip: old }, { fromDay: moveDay, ip: p.homePlace }];
    p.lastModifiedMs = r.startMs + moveDay * DAY + rng.int(14, 20) * 3_600_000;
    b.negative('moved-in-state', 'Moved house within their state during the window (80-600 km); the directory already has the new address, earlier sign-ins come from the old town.', p);
  }

  const vpnUsers = takeFree(Math.max(3, Math.round(N * 0.06)));
  for (const p of vpnUsers) {
    const abroad = w.vpnCountries().filter((c) => c !== 'US').slice(0, 8);
    const vpn = w.vpnIn(rng.chance(0.75) || abroad.length === 0 ? 'US' : rng.pick(abroad), 2);
    const s = p.streams[0];
    s.mix = [...s.mix.map(([c, wt]) => [c, wt * 0.93] as [NetChoice, number]), [choice('personal-vpn', vpn, 'laptop', { stickyPerDay: true }), 0.07]];
    b.negative('personal-vpn', 'Employees who now and then (at most 10% of sign-ins) turn on a consumer VPN (Mullvad, Proton, PIA).', p);
    b.net('personal-vpn', vpn, p);
  }

  for (const p of takeFree(Math.max(3, Math.round(N * 0.04)))) {
    const relay = w.relayNear(p.homePlace, 3);
    const s = p.streams[0];
    s.mix = [...s.mix.map(([c, wt]) => [c, wt * 0.7] as [NetChoice, number]), [choice('relay', relay, 'safari'), 0.3]];
    b.negative('apple-private-relay', 'iCloud+ subscribers whose Safari sign-ins egress through Apple iCloud Private Relay.', p);
    b.net('relay', relay, p);
  }

  // A long weekend at family in another state, working the Friday and the Monday from there.
  for (const p of takeFree(Math.max(2, Math.round(N * 0.05)))) {
    const there = w.tryUsHome((x) => x.region !== p.homePlace.region && km(x, p.homePlace) > 400);
    if (!there) continue;
    const fridays: number[] = [];
    for (let d = 2; d + 4 < r.days; d++) if (new Date(r.startMs + d * DAY).getUTCDay() === 5) fridays.push(d);
    if (fridays.length === 0) continue;
    const fri = rng.pick(fridays);
    for (let d = fri; d < fri + 4; d++) p.streams[0].offDays.delete(d); // the visit is not leave
    const tz = there.tz ?? p.tz;
    p.streams[0].segments.push({ label: 'family-visit', fromDay: fri, toDay: fri + 4, tz, mix: [[choice('family', [there], 'laptop'), 0.85], [choice('family-phone', [there], 'phone'), 0.15]] });
    b.negative('family-visit', 'A long weekend at relatives in another state (their home broadband), working the Friday and the Monday from there.', p);
    b.net('family-visit', [there], p);
  }

  // Laptops tethered to the phone now and then (a carrier address on the company laptop).
  for (const p of takeFree(Math.max(3, Math.round(N * 0.06)))) {
    const s = p.streams[0];
    const mobile = s.mix.find(([c]) => c.label === 'mobile')?.[0];
    if (!mobile || mobile.ips === 'home') continue;
    s.mix = [...s.mix.map(([c, wt]) => [c, wt * 0.95] as [NetChoice, number]), [choice('hotspot', mobile.ips, 'laptop'), 0.05]];
    b.negative('hotspot', 'Now and then (about 5% of sign-ins) the company laptop is tethered to the phone, so it signs in from a carrier address.', p);
  }

  travel(b, takeFree(1, (p) => p.idp === 'entra')[0], 'china');
  travel(b, takeFree(1, (x) => x.idp === 'entra')[0], 'europe');
  for (const p of takeFree(Math.max(2, Math.round(N * 0.025)))) travel(b, p, 'domestic');

  // About 30% of all staff sit behind the corporate SASE (Zscaler) on their laptops.
  const saseTarget = Math.round(0.3 * N);
  const saseFrom = rng.shuffle([...free, ...regionalPeople.filter(() => rng.chance(0.5))]);
  for (const p of saseFrom.slice(0, saseTarget)) {
    const node = w.saseFor(p.homePlace);
    const s = p.streams[0];
    const mobile = s.mix.find(([c]) => c.label === 'mobile')?.[0];
    s.mix = [[choice('sase', node, 'laptop', { stickyPerDay: true }), 0.82], [choice('home', 'home', 'laptop'), 0.08], [choice('phone-home', 'home', 'phone'), 0.05]];
    if (mobile) s.mix.push([mobile, 0.05]);
    b.negative('sase', 'Laptop traffic through the corporate Zscaler cloud; the nearest egress node is often in another state or country.', p);
    b.net('sase', node, p);
  }

  // A second residential line at home for a share of the people who mostly work from home on the laptop.
  const homeWorkers = us.filter((p) => !p.tags.some((t) => ['household', 'coworking', 'moved-in-state'].includes(t)) && (p.streams[0].mix.find(([c]) => c.ips === 'home' && c.device === 'laptop')?.[1] ?? 0) >= 0.5);
  for (const p of rng.shuffle(homeWorkers).slice(0, Math.round(homeWorkers.length * GEO_ERROR.secondLineShare))) {
    const line = w.secondLine(p.homePlace);
    if (!line) continue;
    r.addSecondLine(p, line, rng.range(...GEO_ERROR.secondLineUse));
    b.negative('second-home-line', 'A second residential line at home (another ISP or another address of the same one) for a fifth to a third of the laptop sign-ins; the databases may place it away from home, the vendor places it at home.', p);
  }

  // Honest people whose home line a local database misplaces (tagged last: the traits above were drawn among everyone).
  for (const p of us) {
    if (p.homes.some((h) => GEO_DBS.some((db) => h.ip.db[db].km >= GEO_ERROR.misplacedKm[0]))) {
      b.negative('misplaced-home-line', 'Home broadband that one of the two databases places 100-3,000 km from where it is (and from the claimed home); the vendor places it correctly.', p);
    }
  }
}

/** A business trip: flights out and back, hotel broadband at the destination in its time zone. */
function travel(b: StoryBook, p: Person | undefined, kind: 'china' | 'europe' | 'domestic'): void {
  if (!p) return;
  const { r, w, rng } = b;
  const s = p.streams[0];
  const depart = rng.int(8, Math.max(9, r.days - 12));
  for (let d = depart; d < depart + 7; d++) s.offDays.delete(d); // no leave booked over a business trip
  const segs = s.segments;
  if (kind === 'china') {
    const hotel = w.foreign('cn-shanghai', ASN.cnShanghai, { country: 'CN', region: 'Shanghai', risk: 'cn' }, 2);
    segs.push({ label: 'flight-out', fromDay: depart, toDay: depart + 1, perDay: [1, 1] });
    segs.push({ label: 'shanghai', fromDay: depart + 1, toDay: depart + 5, tz: 'Asia/Shanghai', start: 8, end: 20, perDay: [2, 4], weekends: true, mix: [[choice('hotel', hotel, 'laptop'), 0.75], [choice('hotel-phone', hotel, 'phone'), 0.25]] });
    segs.push({ label: 'flight-back', fromDay: depart + 5, toDay: depart + 6, perDay: [0, 0] });
    b.negative('traveller-china', 'A long-tenured sales lead on a 4-day trip to Shanghai (hotel broadband of China Telecom), with flights out and back.', p);
    b.net('travel-china', hotel, p);
    p.department = 'Sales';
    p.title = 'Regional Sales Director';
  } else if (kind === 'europe') {
    const london = w.foreign('gb-london-hotel', ASN.gb, { country: 'GB', city: 'London' }, 2);
    const paris = w.foreign('fr-paris-hotel', ASN.fr, { country: 'FR', city: 'Paris' }, 2);
    const roaming = w.mobileFor(p.homePlace, 2); // US carriers route roaming data home: the phone keeps a US address
    segs.push({ label: 'flight-out', fromDay: depart, toDay: depart + 1, perDay: [1, 1] });
    segs.push({ label: 'london', fromDay: depart + 1, toDay: depart + 4, tz: 'Europe/London', start: 8.5, end: 19, perDay: [2, 4], mix: [[choice('hotel', london, 'laptop'), 0.7], [choice('roaming', roaming, 'phone'), 0.3]] });
    segs.push({ label: 'paris', fromDay: depart + 4, toDay: depart + 6, tz: 'Europe/Paris', start: 8.5, end: 19, perDay: [2, 4], mix: [[choice('hotel', paris, 'laptop'), 0.7], [choice('roaming', roaming, 'phone'), 0.3]] });
    segs.push({ label: 'flight-back', fromDay: depart + 6, toDay: depart + 7, perDay: [0, 1], tz: 'Europe/Paris', start: 7, end: 9 });
    b.negative('traveller-europe', 'A trip to London and Paris: hotel broadband there, while the phone roams on its US carrier (home-routed, so a US address at the same hours).', p);
    b.net('travel-europe', [...london, ...paris], p);
  } else {
    const dest = rng.pick([['Nevada', 'Las Vegas', 'America/Los_Angeles'], ['Florida', 'Orlando', 'America/New_York'], ['California', 'San Francisco', 'America/Los_Angeles'], ['Illinois', 'Chicago', 'America/Chicago']] as const);
    const avoid = p.homePlace.city === dest[1];
    if (avoid) return;
    let hotel: NetIp;
    try {
      hotel = w.takeUsHome((x) => x.region === dest[0] && x.city === dest[1], `hotel-${dest[1]}`);
    } catch {
      return; // no broadband address placed in that city among real candidates: no trip for this person
    }
    segs.push({ label: 'conference', fromDay: depart, toDay: depart + 3, tz: dest[2], start: 8, end: 18, perDay: [2, 4], mix: [[choice('hotel', [hotel], 'laptop'), 0.75], [choice('mobile', w.mobileNear(hotel, 2), 'phone'), 0.25]] });
    b.negative('traveller-domestic', 'A 3-day conference in another US city (hotel broadband and the phone on the carrier there).', p);
    b.net('travel-domestic', [hotel], p);
  }
}

export function writeStories(r: Roster, w: World, total: number): Stories {
  const b = new StoryBook(r, w);
  plantAll(b);
  staffAll(b, total);
  return { planted: b.planted, hardNegatives: [...b.hard.values()], networks: b.networks() };
}

/**
 * The endpoint and collaboration side of the stories, drawn with their own generator after the sign-in stories (so
 * the identity data of a seed is unchanged): which laptops carry which tools, who is quiet or off camera in Teams.
 * Changes people's tags (and, for IT staff topped up to a team of five, department and title) and the truth lists.
 */
export function writeEndpointStories(rng: Rng, people: Person[], stories: Stories, days: number): void {
  const hard = new Map(stories.hardNegatives.map((h) => [h.category, h]));
  const negative = (category: string, description: string, p: Person): void => {
    let h = hard.get(category);
    if (!h) {
      h = { category, description, upns: [] };
      hard.set(category, h);
      stories.hardNegatives.push(h);
    }
    if (!h.upns.includes(p.upn)) h.upns.push(p.upn);
    if (!p.tags.includes(category)) p.tags.push(category);
  };
  const planted = (p: Person) => p.tags.some((t) => t.startsWith('planted:'));
  const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

  // Signals the planted workers already in the stories gain on their laptops and in Teams.
  for (const t of stories.planted) {
    const extra: Record<string, string> = {
      'vpn-with-cn-leaks': ' Endpoint: the Astrill VPN client from the laptop\'s first day, AnyDesk from the day after enrolment (days of VPN sign-ins).',
      'laptop-farm': ' Endpoint: a PiKVM (USB 1d6b:0104 "PiKVM" "Composite KVM Device", serial CAFEBABE) plugged into the laptop from its first days, and the Caffeine keep-awake tool running daily. Teams: next to no chat, no calls, one meeting every third working day with the camera off.',
      'concurrent-operators': ' Endpoint: two remote-control tools, AnyDesk the day after enrolment and TeamViewer two days later.',
    };
    if (extra[t.pattern] && !t.description.includes('Endpoint:')) t.description += extra[t.pattern];
  }

  // A new planted worker whose sign-ins are those of an ordinary new hire: the signals are on the laptop and in Teams
  // only (the remote-control tool alone is one strong finding, which the scoring keeps at medium).
  // (an ordinary new hire: none of the other oddities, or only a home line a database misplaces; a Windows laptop
  // preferred; hired early enough for the signals to show)
  const newHires = people.filter((p) => p.tags.includes('new-hire') && p.idp === 'entra' && p.hireDay !== undefined && p.tags.every((t) => ['new-hire', 'misplaced-home-line', 'second-home-line'].includes(t)));
  const ranked = [...newHires].sort((a, b) => Number(a.tags.length > 1) - Number(b.tags.length > 1) || Number(a.hireDay! > days - 12) - Number(b.hireDay! > days - 12) || Number(a.devices.laptop.operatingSystem === 'MacOs') - Number(b.devices.laptop.operatingSystem === 'MacOs') || a.n - b.n);
  const pick = ranked.find((p) => p.hireDay! <= days - 7);
  if (!pick) throw new Error('synth: no ordinary new hire to plant rmm-after-enrolment on');
  for (const h of stories.hardNegatives) h.upns = h.upns.filter((u) => u !== pick.upn);
  stories.hardNegatives = stories.hardNegatives.filter((h) => h.upns.length > 0);
  hard.clear();
  for (const h of stories.hardNegatives) hard.set(h.category, h);
  pick.tags = ['planted:rmm-after-enrolment'];
  stories.planted.push({
    upn: pick.upn,
    pattern: 'rmm-after-enrolment',
    description: `A new hire whose sign-ins are ordinary (home broadband in ${pick.home.locality}, business hours, the company laptop); AnyDesk arrives on the laptop two days after its enrolment and runs every day it is used; in Teams next to no chat, no calls, one meeting every third working day with the camera off.`,
    hired: iso(pick.hiredMs),
    idp: pick.idp,
  });

  // IT support: the whole IT department runs the ScreenConnect client the team supports colleagues with (a team of at
  // least five: topped up with tenured staff when the draw gave fewer).
  const it = people.filter((p) => p.department === 'IT' && !planted(p));
  const spare = rng.shuffle(people.filter((p) => !planted(p) && p.hireDay === undefined && p.department !== 'IT' && p.tags.every((t) => ['misplaced-home-line', 'second-home-line', 'sase'].includes(t))));
  while (it.length < 5 && spare.length > 0) {
    const p = spare.pop()!;
    p.department = 'IT';
    p.title = rng.pick(['IT Support Specialist', 'Systems Administrator', 'Service Desk Analyst']);
    it.push(p);
  }
  // An IT new hire too: ScreenConnect the day after the laptop's enrolment, like the rest of the team.
  if (!it.some((p) => p.hireDay !== undefined)) {
    const p = people.find((x) => x !== pick && x.tags.length === 1 && x.tags[0] === 'new-hire' && x.hireDay !== undefined && x.hireDay <= days - 7);
    if (p) {
      p.department = 'IT';
      p.title = 'IT Support Specialist';
      it.push(p);
    }
  }
  for (const p of it) negative('it-support-rmm', 'The IT department supports colleagues with the ScreenConnect client (ConnectWise), on every IT laptop; a new IT hire gets it the day after enrolment.', p);

  // Developers who expose a local server with ngrok now and then.
  const tunnel = rng.shuffle(people.filter((p) => p.department === 'Engineering' && !planted(p) && p.hireDay === undefined)).slice(0, Math.max(2, Math.round(people.length * 0.01)));
  for (const p of tunnel) negative('developer-tunnel', 'Engineers who run ngrok from a terminal now and then to show a local build (a tunnel, as remote-access catalogs list it).', p);

  // Consumer VPN clients (Mullvad, Proton VPN: not Astrill) on the laptops of the people who use a personal VPN.
  for (const p of people) if (p.tags.includes('personal-vpn')) negative('personal-vpn-client', 'The Mullvad or Proton VPN client of the personal-VPN users on their company laptop, used now and then.', p);

  // Teams: the night shift never turns the camera on; engineers who hardly chat but meet on camera; camera-shy people.
  for (const p of people) if (p.department === 'Support Operations' && !planted(p)) negative('camera-off-team', 'The Support Operations night shift never turns on video in Teams (the whole department).', p);
  const eng = rng.shuffle(people.filter((p) => p.department === 'Engineering' && !planted(p) && !p.tags.includes('quiet')));
  const engNew = eng.filter((p) => p.hireDay !== undefined);
  const quietChat = [...engNew.slice(0, 1), ...eng.filter((p) => p.hireDay === undefined).slice(0, Math.max(3, Math.round(people.length * 0.03)))];
  for (const p of quietChat) negative('quiet-in-chat', 'Engineers who hardly write in Teams chat (a few messages a week) but attend their meetings on camera; one of them a new hire.', p);
  const shy = rng.shuffle(people.filter((p) => !planted(p) && p.department !== 'Support Operations' && !p.tags.includes('quiet-in-chat'))).slice(0, Math.max(2, Math.round(people.length * 0.03)));
  for (const p of shy) negative('camera-shy', 'People who keep the camera off in nearly every meeting and otherwise use Teams like their colleagues.', p);
}
