// Away from home: the share of located days (not sign-ins) a person spends outside the claimed home country — or,
// for US homes, the claimed state. Trips (short away runs between days at home) are excused; non-location sign-ins
// are ignored. State: day counters, the current run, ≤8 trip lengths, ≤4 away places with a sample sign-in each.
import { defineDetector, type FindingDraft, type PersonContext, type Population } from '../../core/detector.ts';
import type { EnrichedEvent, Evidence, Place } from '../../core/model.ts';
import { placeLabel } from '../common/geo.ts';
import { fixEvidence, fmtKm, isPresence, toFix, withoutDevice } from '../common/location-fix.ts';
import { closeDay, initState, isTrip, MAX_PLACES, nextDay, type State } from './days.ts';
import { definition } from './definition.ts';
import { classifyAll, dayAt, homeOf, type Home } from './home.ts';
import type { Located } from '../../core/locate.ts';

export type { State } from './days.ts';
type Params = ReturnType<typeof definition.params.parse>;

/**
 * Place name of a combined location, cached per location (the pipeline shares one per IP and vendor place): the
 * most precise opinion's name, or for a disputed one every opinion's ("Denver, Colorado, US or Austin, Texas, US").
 */
const labels = new WeakMap<Located, string>();
function labelOf(g: Located): string {
  let l = labels.get(g);
  if (l === undefined) labels.set(g, (l = g.best ? placeLabel(g.best) : [...new Set(g.opinions.map(placeLabel))].join(' or ')));
  return l;
}

function observe(s: State, ev: EnrichedEvent, ctx: PersonContext, p: Params): void {
  if (!isPresence(ev, p.interactiveOnly)) return;
  const h = homeOf(ctx, p.regionCountries);
  if (!h) return;
  s.n++;
  const f = toFix(ev, true);
  if (!f) {
    s.skip++;
    return;
  }
  const c = classifyAll(ev.loc!, h, p.minAwayKm);
  const mobileAtHome = f.c === 'mobile' && !p.mobileIsLocation && c?.where !== 'country';
  if (mobileAtHome) {
    s.skip++;
    return;
  }
  if (!c) {
    s.unk++;
    return;
  }
  s.loc++;
  const day = dayAt(f.t, h);
  if (day > s.day) nextDay(s, day, p.maxTripDays); // a late event (stream mode) counts in the current day
  if (c.where === 'home') {
    s.dh = true;
    return;
  }
  s.da = true;
  if (c.where === 'country') s.dc = true;
  if (s.t0 === undefined) s.t0 = f.t;
  s.t1 = f.t;
  const key = labelOf(ev.loc!);
  if (s.dk.includes(key)) {
    for (const pl of s.pl) if (pl.k === key) pl.t1 = f.t;
    return;
  }
  if (s.dk.length < 4) s.dk.push(key);
  const pl = s.pl.find((x) => x.k === key);
  if (pl) {
    pl.d++;
    pl.t1 = f.t;
  } else if (s.pl.length < MAX_PLACES) {
    s.pl.push({ k: key, w: c.where === 'country' ? 'c' : 'r', d: 1, km: c.km === undefined ? undefined : Math.round(c.km), f: withoutDevice(f), t1: f.t });
  } else s.plOther++;
}

interface Tally {
  days: number;
  counted: number;
  countedC: number;
  excused: [number, number][];
  budget: number;
  /** trips beyond the budget, counted */
  unexcused: number;
}

/** Close the current day and run on a copy, then excuse the longest trips within the budget. */
function tally(s: State, p: Params): Tally {
  const t = structuredClone(s);
  closeDay(t, p.maxTripDays);
  t.day = -1;
  if (t.run) {
    // An open run after days at home, still short enough, is an ongoing trip; otherwise it counts.
    if (isTrip(t.run, true, p.maxTripDays)) t.trips.push([t.run.d, t.run.c]);
    else {
      t.cnt += t.run.d;
      t.cntC += t.run.c;
    }
    t.trips.sort((a, b) => b[0] - a[0]);
  }
  const budget = 1 + Math.floor(t.days / p.extraTripEveryDays);
  const excused = t.trips.slice(0, budget);
  let counted = t.cnt;
  let countedC = t.cntC;
  for (const [d, c] of t.trips.slice(budget)) {
    counted += d;
    countedC += c;
  }
  return { days: t.days, counted, countedC, excused, budget, unexcused: Math.max(0, t.trips.length - budget) };
}

/** Day-weighted median of the away places' distances from home. */
function medianKm(pl: State['pl']): number | undefined {
  const xs = pl.filter((x) => x.km !== undefined).sort((a, b) => a.km! - b.km!);
  const total = xs.reduce((n, x) => n + x.d, 0);
  let acc = 0;
  for (const x of xs) {
    acc += x.d;
    if (acc * 2 >= total) return x.km;
  }
  return undefined;
}

function finding(s: State, ctx: PersonContext, h: Home, t: Tally, p: Params, pop: Population): FindingDraft {
  const countryLevel = t.countedC >= p.minAwayDays && t.countedC / t.days >= p.minAwayShare;
  const severity = countryLevel ? 'high' : 'medium';
  // The days behind the finding: abroad for a country-level finding, away from the state (incl. abroad) otherwise.
  const away = countryLevel ? t.countedC : t.counted;
  const share = away / t.days;
  const pct = (x: number): number => Math.round(x * 1000) / 10;
  const places = [...s.pl].sort((a, b) => b.d - a.d);
  const med = medianKm(places);
  const max = places.reduce<number | undefined>((m, x) => (x.km !== undefined && (m === undefined || x.km > m) ? x.km : m), undefined);
  const where = countryLevel
    ? `outside the claimed home country (${h.cc})` +
      (t.counted > t.countedC ? `, and on ${t.counted - t.countedC} more from another state of it` : '')
    : `outside the claimed home state (${h.rg}, ${h.cc})` + (t.countedC > 0 ? `, ${t.countedC} of them abroad` : '');
  const placeText = places
    .map((x) => `${x.k} on ${x.d} day${x.d === 1 ? '' : 's'}${x.km !== undefined ? ` (${fmtKm(x.km)} from the claimed home)` : ''}`)
    .join('; ');
  const tripText =
    t.excused.length > 0
      ? `${t.excused.length} trip(s) excused (${t.excused.map((x) => `${x[0]} day${x[0] === 1 ? '' : 's'}`).join(', ')}): ` +
        `away runs of at most ${p.maxTripDays} days between days at home, up to 1 + 1 per ${p.extraTripEveryDays} located days (${t.budget}).`
      : `No trips excused (a trip is an away run of at most ${p.maxTripDays} days between days at home).`;
  const explanation =
    `On ${away} of ${t.days} located days (${pct(share)}%; thresholds ${p.minAwayDays} days and ${pct(p.minAwayShare)}%) ` +
    `this person's sign-ins came from ${where}; claimed home: ${h.label}. ` +
    `Away places by located days (trips included): ${placeText}${s.plOther ? `; other places on ${s.plOther} day(s)` : ''}. ` +
    (med !== undefined ? `Distance from the claimed home: median ${fmtKm(med)}, max ${fmtKm(max!)}. ` : '') +
    `${tripText} Days are local days at the claimed home; a place counts as away only when it is more than ` +
    `${p.minAwayKm} km from the claimed home beyond both locations' uncertainty. ${s.skip} sign-in(s) that do not ` +
    `locate the person (VPN, relay, SASE, hosting, mobile in the home country) were ignored.`;
  const addr = ctx.directory?.homeAddress;
  const evidence: Evidence[] = [
    {
      type: 'directory',
      label: 'Claimed home address',
      value: addr?.formatted ?? ([addr?.street, addr?.locality, addr?.region, addr?.postalCode, addr?.country].filter(Boolean).join(', ') || h.label),
      place: ctx.home ?? { country: h.cc, source: 'directory' },
    },
    ...places.map((x) =>
      fixEvidence(x.f, `First sign-in from ${x.k} (${x.d} located day${x.d === 1 ? '' : 's'} there${x.km !== undefined ? `, ${fmtKm(x.km)} from the claimed home` : ''})`, pop),
    ),
    { type: 'measure', label: `Located days ${countryLevel ? 'in another country' : 'away from the claimed state'}, after excusing trips`, value: away, threshold: p.minAwayDays, unit: 'days' },
    { type: 'measure', label: 'Share of located days away', value: pct(share), threshold: pct(p.minAwayShare), unit: '%' },
    { type: 'measure', label: 'Located days', value: t.days, unit: 'days' },
    { type: 'measure', label: 'Trip days excused', value: t.excused.reduce((n, x) => n + x[0], 0), unit: 'days' },
  ];
  if (med !== undefined) {
    evidence.push(
      { type: 'measure', label: 'Median distance of away places from the claimed home (by days)', value: med, unit: 'km' },
      { type: 'measure', label: 'Max distance of away places from the claimed home', value: max!, threshold: p.minAwayKm, unit: 'km' },
    );
  }
  return {
    severity,
    title: countryLevel ? `Signs in from another country than the claimed home (${pct(share)}% of days)` : `Signs in from another state than the claimed home (${pct(share)}% of days)`,
    explanation,
    firstSeen: new Date(s.t0!).toISOString(),
    lastSeen: new Date(s.t1!).toISOString(),
    evidence,
    likelihoodRatio: countryLevel ? p.likelihoodRatioCountry : p.likelihoodRatioRegion,
  };
}

export const detector = defineDetector({
  definition,
  init: initState,
  observe: (s, ev, ctx, p) => observe(s, ev, ctx, p),
  evaluate(s, ctx, p, pop): FindingDraft[] {
    const h = homeOf(ctx, p.regionCountries);
    if (!h || s.day < 0 || s.t0 === undefined) return [];
    const t = tally(s, p);
    if (t.days === 0 || t.counted < p.minAwayDays || t.counted / t.days < p.minAwayShare) return [];
    return [finding(s, ctx, h, t, p, pop)];
  },
});
