// Counters split by the business-class IPs an observation depends on. Whether a business IP is corporate egress
// (shared by ≥5 colleagues) is only known once everyone is seen, at evaluate; observe() therefore counts hops or
// episodes per group of business IPs, and evaluate() keeps the groups none of whose IPs proved to be egress.
// Bounded: at most `cap` groups; observations that would need another group are counted in `dropped`. Pure.
import type { Population } from '../../core/detector.ts';
import { ipPrefix } from './geo.ts';
import { anyCorporateEgress, samePrefix } from './location-fix.ts';

export interface EgressGroup {
  /** business-class IPs involved, one per prefix (sorted); [] = every endpoint is a definite location */
  k: string[];
  /** observations (hops, switches) */
  n: number;
  /** episodes (separate incidents) */
  e: number;
  /** distinct days with an episode */
  dd: number;
  /** last day index with an episode (for dd) */
  ld: number;
  /** time of the earliest event behind the group */
  t0: number;
  /** time of the latest event behind the group */
  t1: number;
  /** most observations in one episode */
  m: number;
  /** firm episodes (see location-fix.ts firmPair), and distinct days with one; absent in states saved before them */
  fe?: number;
  fdd?: number;
  /** last day index with a firm episode */
  fld?: number;
}

/** Key of a group: the /24 (or /48) prefixes of its business IPs; corporate egress is decided per prefix. */
export const groupKey = (ips: readonly string[]): string => ips.map(ipPrefix).join(' ');

function sameGroup(k: readonly string[], ips: readonly string[]): boolean {
  if (k.length !== ips.length) return false;
  for (let i = 0; i < k.length; i++) if (!samePrefix(k[i], ips[i])) return false;
  return true;
}

/** The group for these IPs (same /24 prefixes), created when there is room; undefined when the list is full. */
export function groupFor(groups: EgressGroup[], ips: string[], t0: number, cap: number): EgressGroup | undefined {
  for (const g of groups) if (sameGroup(g.k, ips)) return g;
  if (groups.length >= cap) return undefined;
  const g: EgressGroup = { k: [...ips], n: 0, e: 0, dd: 0, ld: -1, t0, t1: t0, m: 0, fe: 0, fdd: 0, fld: -1 };
  groups.push(g);
  return g;
}

/**
 * Count `n` observations; `episode` when they start a new incident; `day` to count distinct days; `firm` when the
 * incident does not rest on one database's city-level opinion alone (location-fix.ts firmPair).
 */
export function countIn(g: EgressGroup, t0: number, t1: number, episode: boolean, day: number, n = 1, firm = true): void {
  if (g.fe === undefined) { g.fe = g.e; g.fdd = g.dd; g.fld = g.ld; } // a state saved before firmness: its past counts as firm
  g.n += n;
  if (n > g.m) g.m = n;
  if (episode) {
    g.e++;
    if (day !== g.ld) {
      g.dd++;
      g.ld = day;
    }
    if (firm) {
      g.fe++;
      if (day !== g.fld) {
        g.fdd = (g.fdd ?? 0) + 1;
        g.fld = day;
      }
    }
  }
  if (t0 < g.t0) g.t0 = t0;
  if (t1 > g.t1) g.t1 = t1;
}

export interface GroupTotals {
  n: number;
  e: number;
  dd: number;
  t0: number;
  t1: number;
  /** most observations in one episode */
  m: number;
  /** firm episodes and distinct days with one */
  fe: number;
  fdd: number;
  /** groups left out because one of their IPs is corporate egress */
  egressGroups: number;
  /** the valid group keys */
  valid: Set<string>;
}

/** Totals over the groups none of whose business IPs is corporate egress. */
export function validTotals(groups: readonly EgressGroup[], pop: Population): GroupTotals {
  const out: GroupTotals = { n: 0, e: 0, dd: 0, m: 0, fe: 0, fdd: 0, t0: Infinity, t1: -Infinity, egressGroups: 0, valid: new Set() };
  for (const g of groups) {
    if (g.k.length > 0 && anyCorporateEgress(g.k, pop)) {
      out.egressGroups++;
      continue;
    }
    out.valid.add(groupKey(g.k));
    out.n += g.n;
    out.e += g.e;
    out.dd += g.dd;
    out.fe += g.fe ?? g.e;
    out.fdd += g.fdd ?? g.dd;
    if (g.m > out.m) out.m = g.m;
    if (g.t0 < out.t0) out.t0 = g.t0;
    if (g.t1 > out.t1) out.t1 = g.t1;
  }
  return out;
}
