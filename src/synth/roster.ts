// Staff of the synthetic company: who they say they are (the directory claims) and how they ordinarily work.
import { laptop, phone, safari } from './devices.ts';
import type { ActorDevices, HomeSpan, Mix, Stream } from './activity.ts';
import type { NetIp } from './ip-pools.ts';
import { DEPARTMENTS } from './names.ts';
import { type HomeClaim, formatPhone, homeClaim, localeFor, nameFor, personalEmailFor, phoneDigits, upnFor, usStateCode } from './people.ts';
import type { Rng } from './prng.ts';
import { DAY } from './tz.ts';
import type { World } from './world.ts';

export const ENTRA_DOMAIN = 'contoso.com';
/** The subsidiary federated through Okta. */
export const OKTA_DOMAIN = 'fabrikam.com';

export interface Person {
  n: number;
  idp: 'entra' | 'okta';
  given: string;
  family: string;
  displayName: string;
  upn: string;
  personalEmail?: string;
  phones: { value: string; type: 'mobile' | 'work' | 'home' }[];
  phoneDigits: string;
  home: HomeClaim;
  /** the home line; the claimed home is its TRUE place (which a local database may put elsewhere) */
  homePlace: NetIp;
  country: string;
  tz: string;
  locale: string;
  department: string;
  title: string;
  userType: 'Employee' | 'Contractor';
  hiredMs: number;
  /** day index of the hire when hired inside the window */
  hireDay?: number;
  lastModifiedMs: number;
  scimId: string;
  entraUserId: string;
  oktaId: string;
  employeeNumber: string;
  managerN?: number;
  devices: ActorDevices;
  homes: HomeSpan[];
  streams: Stream[];
  tags: string[];
}

/** Public holidays inside the default window that empty a country's offices. */
const HOLIDAYS: Record<string, string[]> = {
  US: ['2026-09-07', '2026-11-26', '2026-11-27'],
  KR: ['2026-09-24', '2026-09-25', '2026-10-05', '2026-10-09'],
  DE: ['2026-10-03'],
  IN: ['2026-10-02', '2026-10-20', '2026-11-09'],
};

export class Roster {
  readonly people: Person[] = [];
  private readonly upns = new Set<string>();
  private readonly mails = new Set<string>();
  private readonly phoneSet = new Set<string>();

  constructor(
    readonly rng: Rng,
    readonly world: World,
    readonly startMs: number,
    readonly days: number,
  ) {}

  holidays(country: string): Set<number> {
    const out = new Set<number>();
    for (const d of HOLIDAYS[country] ?? []) {
      const i = Math.round((Date.parse(`${d}T00:00:00Z`) - this.startMs) / DAY);
      if (i >= 0 && i < this.days) out.add(i);
    }
    return out;
  }

  /** Days off: public holidays plus, for a third of people, a block of 1-5 days of leave. */
  offDays(country: string, noLeave = false): Set<number> {
    const off = this.holidays(country);
    if (!noLeave && this.rng.chance(0.35)) {
      const from = this.rng.int(0, Math.max(0, this.days - 6));
      const len = this.rng.int(1, 5);
      for (let d = from; d < from + len; d++) off.add(d);
    }
    return off;
  }

  department(): { department: string; title: string } {
    const d = this.rng.weighted(DEPARTMENTS.map((x) => [x, x.weight] as const));
    return { department: d.name, title: this.rng.pick(d.titles) };
  }

  /**
   * A new staff member living at `place` (claimed home = that city). `hireDay` inside the window makes a new
   * hire; otherwise they were hired 2 weeks to 11 years before the window.
   */
  add(opts: {
    place: NetIp;
    locality?: string;
    idp?: 'entra' | 'okta';
    hireDay?: number;
    department?: string;
    title?: string;
    userType?: 'Employee' | 'Contractor';
    tags?: string[];
    street?: string;
    regionStyle?: 'code' | 'name';
    phoneStyle?: number;
    phoneDigits?: string;
    tz?: string;
    given?: string;
    family?: string;
  }): Person {
    const rng = this.rng;
    const place = opts.place;
    const country = place.country;
    const nm = opts.given && opts.family ? { given: opts.given, family: opts.family } : nameFor(rng, country);
    const idp = opts.idp ?? 'entra';
    const upn = upnFor(nm.given, nm.family, idp === 'okta' ? OKTA_DOMAIN : ENTRA_DOMAIN, this.upns);
    const locality = opts.locality ?? (country === 'US' ? this.world.usLocality(place) : place.city) ?? place.city ?? '';
    const home = homeClaim(rng, place, locality, { street: opts.street, regionStyle: opts.regionStyle });
    const digits = opts.phoneDigits ?? phoneDigits(rng, country, usStateCode(place.region), this.phoneSet);
    let hiredMs: number;
    if (opts.hireDay !== undefined) hiredMs = this.startMs + opts.hireDay * DAY + (13 + rng.int(0, 3)) * 3_600_000;
    else {
      const daysBefore = rng.chance(0.08) ? rng.int(14, 90) : rng.int(91, 11 * 365);
      hiredMs = this.startMs - daysBefore * DAY + rng.int(13, 17) * 3_600_000;
    }
    const dept = opts.department ? { department: opts.department, title: opts.title ?? 'Software Engineer' } : this.department();
    const lap = laptop(rng, String(4000 + this.people.length * 7 + rng.int(0, 6)).padStart(5, '0'));
    const p: Person = {
      n: this.people.length,
      idp,
      given: nm.given,
      family: nm.family,
      displayName: `${nm.given} ${nm.family}`,
      upn,
      personalEmail: rng.chance(0.85) ? personalEmailFor(rng, nm.given, nm.family, this.mails) : undefined,
      phones: [{ value: formatPhone(rng, country, digits, opts.phoneStyle), type: 'mobile' }],
      phoneDigits: digits,
      home,
      homePlace: place,
      country,
      tz: opts.tz ?? place.tz ?? 'America/New_York',
      locale: localeFor(country),
      department: dept.department,
      title: opts.title ?? dept.title,
      userType: opts.userType ?? 'Employee',
      hiredMs,
      hireDay: opts.hireDay,
      lastModifiedMs: hiredMs + rng.int(0, 3) * DAY,
      scimId: rng.uuid(),
      entraUserId: rng.uuid(),
      oktaId: `00u${rng.chars(17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      employeeNumber: '',
      devices: { laptop: lap, phone: phone(rng), safari: safari(rng, lap) },
      homes: [{ fromDay: 0, ip: place }],
      streams: [],
      tags: opts.tags ?? [],
    };
    if (p.lastModifiedMs > this.startMs) p.lastModifiedMs = Math.max(hiredMs, this.startMs - DAY);
    this.people.push(p);
    return p;
  }

  /** An ordinary working pattern: home broadband on the laptop, the phone on home Wi-Fi or the carrier. */
  ordinary(p: Person, over: Partial<Stream> = {}): Stream {
    const rng = this.rng;
    const start = Math.min(10.5, Math.max(7, rng.normal(8.6, 0.6)));
    const volume = rng.weighted<[number, number]>([[[1, 3], 3], [[2, 5], 5], [[3, 6], 2]]);
    const mix: Mix = [
      [{ label: 'home', ips: 'home', device: 'laptop' }, 0.86],
      [{ label: 'phone-home', ips: 'home', device: 'phone' }, 0.06],
      [{ label: 'mobile', ips: this.world.mobileFor(p.homePlace), device: 'phone' }, 0.08],
    ];
    return {
      label: 'main',
      tz: p.tz,
      start,
      end: start + Math.min(10.5, Math.max(7.5, rng.normal(9, 0.6))),
      perDay: volume,
      weekendP: rng.chance(0.2) ? 0.2 : 0.06,
      mix,
      fromDay: p.hireDay ?? 0,
      toDay: this.days,
      offDays: this.offDays(p.country, p.hireDay !== undefined),
      segments: [],
      failureRate: 0.03,
      ...over,
    };
  }

  /**
   * A second residential line at home (another flat, a partner's ISP, a neighbour's Wi-Fi) used for a share `use`
   * of the laptop's home sign-ins, mixed through the day. Its truth is the home's place.
   */
  addSecondLine(p: Person, line: NetIp, use: number): void {
    const s = p.streams[0];
    const i = s.mix.findIndex(([c]) => c.ips === 'home' && c.device === 'laptop');
    if (i < 0) throw new Error(`synth: ${p.upn} has no home laptop sign-ins to move to a second line`);
    const [c, w] = s.mix[i];
    s.mix.splice(i, 1, [c, w * (1 - use)], [{ label: 'second-line', ips: [line], device: 'laptop' }, w * use]);
  }

  /** A second broadband address from some day on (ISPs re-assign residential addresses). */
  maybeRotateHome(p: Person, chance = 0.25): void {
    if (!this.rng.chance(chance)) return;
    const next = this.world.neighbour(p.homes[p.homes.length - 1].ip);
    if (next) p.homes.push({ fromDay: this.rng.int(5, Math.max(6, this.days - 5)), ip: next });
  }
}
