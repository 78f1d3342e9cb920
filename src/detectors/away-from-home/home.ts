// The claimed home as the detector compares against it, and the classification of one fix against it. Pure.
import type { PersonContext } from '../../core/detector.ts';
import type { Place } from '../../core/model.ts';
import { haversineKm } from '../common/geo.ts';
import { uncertaintyKm } from '../common/location-fix.ts';
import type { Located } from '../../core/locate.ts';

export interface Home {
  /** ISO-2 country, upper case */
  cc: string;
  /** geocoded state / province, when known */
  rg?: string;
  la?: number;
  lo?: number;
  /** uncertainty of the geocoded home, km */
  a: number;
  /** state-level check applies (home country in regionCountries and a geocoded region) */
  regionCheck: boolean;
  /** hours east of UTC, from the home's longitude: days are local days at home */
  off: number;
  label: string;
}

const cache = new WeakMap<object, Home | null>();

/**
 * The claimed home: ctx.home (geocoded from the directory address) or, when geocoding failed, the address's
 * country alone. Undefined when there is no claimed home or no readable country.
 */
export function homeOf(ctx: PersonContext, regionCountries: readonly string[]): Home | undefined {
  const key: object | undefined = ctx.home ?? ctx.directory?.homeAddress;
  if (!key) return undefined;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const h = build(ctx.home, ctx, regionCountries);
  cache.set(key, h ?? null);
  return h;
}

function build(g: Place | undefined, ctx: PersonContext, regionCountries: readonly string[]): Home | undefined {
  const addr = ctx.directory?.homeAddress;
  const cc = (g?.country ?? addr?.country)?.trim().toUpperCase();
  if (!cc || cc.length !== 2) return undefined;
  const hasCoords = g?.lat !== undefined && g?.lon !== undefined;
  const rg = g?.region?.trim() || undefined;
  const label =
    [g?.city ?? addr?.locality, g?.region ?? addr?.region, cc].filter((x) => x && x.length > 0).join(', ') || cc;
  return {
    cc,
    rg,
    la: hasCoords ? g!.lat : undefined,
    lo: hasCoords ? g!.lon : undefined,
    a: g ? Math.round(uncertaintyKm(g)) : 0,
    regionCheck: rg !== undefined && hasCoords && regionCountries.includes(cc),
    off: hasCoords ? Math.round(g!.lon! / 15) : 0,
    label,
  };
}

export type Where = 'home' | 'country' | 'region';

/**
 * Where one opinion about a sign-in's place puts the person relative to the claimed home: at home, in another
 * country, in another state, or undefined when it cannot tell (no country, a country-level fix for a state check,
 * no home coordinates). Away needs the places to be more than minAwayKm apart beyond both uncertainties (border
 * towns, GeoIP jitter).
 */
export function classify(g: Place, h: Home, minAwayKm: number): { where: Where; km?: number } | undefined {
  const cc = g.country;
  if (!cc) return undefined;
  const km = h.la !== undefined && h.lo !== undefined && g.lat !== undefined && g.lon !== undefined ? haversineKm(g.lat, g.lon, h.la, h.lo) : undefined;
  const far = km === undefined ? undefined : km - uncertaintyKm(g) - h.a >= minAwayKm;
  if (cc !== h.cc) return { where: far === false ? 'home' : 'country', km };
  if (!h.regionCheck) return { where: 'home', km };
  if (!g.region) return undefined;
  if (g.region === h.rg || g.region.toLowerCase() === h.rg!.toLowerCase()) return { where: 'home', km };
  return { where: far ? 'region' : 'home', km };
}

/**
 * Where a sign-in puts the person, by every opinion about its place (the vendor's and the database's): at home
 * when any opinion says home; away only when every opinion that can tell says away (another country when all do),
 * so a database that misplaces a home line cannot make an honest person "away" on its own. km: the nearest
 * opinion's distance from home.
 */
export function classifyAll(l: Located, h: Home, minAwayKm: number): { where: Where; km?: number } | undefined {
  let out: { where: Where; km?: number } | undefined;
  for (const o of l.opinions) {
    const c = classify(o, h, minAwayKm);
    if (!c) continue;
    if (c.where === 'home') return c;
    if (!out) out = c;
    else {
      if (c.where === 'region') out.where = 'region';
      if (c.km !== undefined && (out.km === undefined || c.km < out.km)) out.km = c.km;
    }
  }
  return out;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Local day number at the claimed home. */
export const dayAt = (t: number, h: Home): number => Math.floor((t + h.off * HOUR) / DAY);
