// Compiles the active user indicators into lookup structures: address ranges → indicator lists (segments +
// binary search; nested ranges carry every covering indicator) and AS number → indicators.
import type { Indicator } from './indicators.ts';
import { parseCidr, type IpRange } from './ip.ts';
import { compileSegments, find4, find6, type Table4, type Table6 } from './segments.ts';

export interface IndicatorIndex {
  active: Indicator[];
  /** Indicators not loaded, with why (expired, not yet valid). */
  inactive: { indicator: Indicator; reason: string }[];
  t4: Required<Table4>;
  t6: Required<Table6>;
  lists: number[][]; // segment value → indices into `active`
  byAsn: Map<number, number[]>;
}

export function buildIndicatorIndex(all: Indicator[], now = Date.now()): IndicatorIndex {
  const active: Indicator[] = [];
  const inactive: IndicatorIndex['inactive'] = [];
  for (const i of all) {
    if (i.validUntil && Date.parse(i.validUntil) <= now) inactive.push({ indicator: i, reason: `expired ${i.validUntil}` });
    else if (i.validFrom && Date.parse(i.validFrom) > now) inactive.push({ indicator: i, reason: `not valid before ${i.validFrom}` });
    else active.push(i);
  }
  const ranges: { range: IpRange; id: number }[] = [];
  const byAsn = new Map<number, number[]>();
  active.forEach((ind, k) => {
    if (ind.type === 'asn') {
      const n = Number(ind.value.replace(/^AS/i, ''));
      const l = byAsn.get(n);
      if (l) l.push(k); else byAsn.set(n, [k]);
      return;
    }
    const r = parseCidr(ind.value);
    if (typeof r === 'string') throw new Error(`indicator ${ind.id} (${ind.type} ${ind.value}): ${r}`);
    ranges.push({ range: r, id: k });
  });
  const lists: number[][] = [];
  const memo = new Map<string, number>();
  const { t4, t6 } = compileSegments(ranges, (ids) => {
    const sorted = [...ids].sort((a, b) => a - b);
    const key = sorted.join(',');
    let v = memo.get(key);
    if (v === undefined) { v = lists.length; lists.push(sorted); memo.set(key, v); }
    return v;
  });
  return { active, inactive, t4, t6, lists, byAsn };
}

const NONE: readonly number[] = Object.freeze([]);

export function matchIndicators4(ix: IndicatorIndex, ip: number): readonly number[] {
  if (ix.t4.starts.length === 0) return NONE;
  const s = find4(ix.t4, ip);
  return s < 0 ? NONE : ix.lists[ix.t4.vals[s]];
}

export function matchIndicators6(ix: IndicatorIndex, w: Uint32Array): readonly number[] {
  if (ix.t6.n === 0) return NONE;
  const s = find6(ix.t6, w);
  return s < 0 ? NONE : ix.lists[ix.t6.vals[s]];
}
