// Range tables compiled once at load: possibly overlapping/nested ranges are flattened by a sweep into sorted,
// non-overlapping segments, each carrying one value; a lookup is a binary search (O(log n), no allocation).
import { bigToWords, type IpRange } from './ip.ts';
import type { U32Col } from './paged.ts';

/** Sorted non-overlapping IPv4 segments: [starts[i], ends[i]] → vals[i]. */
export interface Table4 { starts: Uint32Array; ends: Uint32Array; vals?: Int32Array }
/** Sorted non-overlapping IPv6 segments: 4 words per bound. */
export interface Table6 { starts: Uint32Array; ends: Uint32Array; vals?: Int32Array; n: number }

export function find4(t: Table4, ip: number): number {
  const starts = t.starts;
  let lo = 0, hi = starts.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= ip) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at >= 0 && t.ends[at] >= ip ? at : -1;
}

/** Compare the 4 words at a[i*4] with w: <0, 0, >0. */
function cmp6(a: Uint32Array, i: number, w: Uint32Array): number {
  const o = i * 4;
  for (let k = 0; k < 4; k++) {
    const x = a[o + k], y = w[k];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function find6(t: Table6, w: Uint32Array): number {
  let lo = 0, hi = t.n - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp6(t.starts, mid, w) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at >= 0 && cmp6(t.ends, at, w) >= 0 ? at : -1;
}

/** find4 over columns of a file read on demand (the probes read their pages). */
export function find4Cols(starts: U32Col, ends: U32Col, ip: number): number {
  let lo = 0, hi = starts.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts.at(mid) <= ip) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at >= 0 && ends.at(at) >= ip ? at : -1;
}

/** find6 over columns of a file read on demand (4 words per bound; n bounds). */
export function find6Cols(starts: U32Col, ends: U32Col, n: number, w: Uint32Array): number {
  const cmp = (c: U32Col, i: number): number => {
    for (let k = 0; k < 4; k++) {
      const x = c.at(i * 4 + k), y = w[k];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
  let lo = 0, hi = n - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(starts, mid) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return at >= 0 && cmp(ends, at) >= 0 ? at : -1;
}

/** One input range with the id of the entry it belongs to. */
export interface RangeEntry { range: IpRange; id: number }

/**
 * Flatten possibly-overlapping ranges into segments. `pick` receives the ids covering a segment (never empty)
 * and returns the segment's value (or -1 for none). Adjacent segments with equal values are merged.
 */
export function compileSegments(entries: RangeEntry[], pick: (ids: number[]) => number): { t4: Required<Table4>; t6: Required<Table6> } {
  const v6: { start: bigint; end: bigint; id: number }[] = [];
  const v4: RangeEntry[] = [];
  for (const e of entries) {
    if (e.range.v === 4) v4.push(e);
    else v6.push({ start: e.range.start, end: e.range.end, id: e.id });
  }
  const s4 = sweep4(v4, pick);
  const s6 = sweep6(v6, pick);
  const t6: Required<Table6> = { starts: new Uint32Array(s6.length * 4), ends: new Uint32Array(s6.length * 4), vals: Int32Array.from(s6.map((s) => s.val)), n: s6.length };
  s6.forEach((s, i) => { bigToWords(s.start, t6.starts, i * 4); bigToWords(s.end, t6.ends, i * 4); });
  return { t4: s4, t6 };
}

const ID_BITS = 2 ** 20; // event key = position * 2^20 + entry number (position ≤ 2^32: exact in a double)

/** IPv4 sweep over numbers: events are packed into one Float64Array and sorted natively. */
function sweep4(items: RangeEntry[], pick: (ids: number[]) => number): Required<Table4> {
  if (items.length >= ID_BITS) throw new Error(`too many IPv4 ranges (${items.length}) for one table`);
  const start = new Float64Array(items.length);
  const keys = new Float64Array(items.length * 2);
  items.forEach((it, k) => {
    const r = it.range as { start: number; end: number };
    start[k] = r.start;
    keys[2 * k] = r.start * ID_BITS + k;
    keys[2 * k + 1] = (r.end + 1) * ID_BITS + k;
  });
  keys.sort();
  const active = new Map<number, number>(); // item number → multiplicity
  const starts: number[] = [], ends: number[] = [], vals: number[] = [];
  let segStart = 0;
  let i = 0;
  while (i < keys.length) {
    const pos = Math.floor(keys[i] / ID_BITS);
    if (active.size > 0 && pos > segStart) {
      const ids: number[] = [];
      for (const k of active.keys()) ids.push(items[k].id);
      const val = pick(ids);
      const n = vals.length;
      if (val >= 0) {
        if (n > 0 && vals[n - 1] === val && ends[n - 1] + 1 === segStart) ends[n - 1] = pos - 1;
        else { starts.push(segStart); ends.push(pos - 1); vals.push(val); }
      }
    }
    for (; i < keys.length && Math.floor(keys[i] / ID_BITS) === pos; i++) {
      const k = keys[i] - pos * ID_BITS;
      const c = active.get(k) ?? 0;
      if (start[k] === pos) active.set(k, c + 1);
      else if (c <= 1) active.delete(k);
      else active.set(k, c - 1);
    }
    segStart = pos;
  }
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), vals: Int32Array.from(vals) };
}

function sweep6(items: { start: bigint; end: bigint; id: number }[], pick: (ids: number[]) => number): { start: bigint; end: bigint; val: number }[] {
  // events: at `pos` the entry `id` opens (+) or closes (-, at end+1)
  const ev: { pos: bigint; open: boolean; id: number }[] = [];
  for (const it of items) {
    ev.push({ pos: it.start, open: true, id: it.id });
    ev.push({ pos: it.end + 1n, open: false, id: it.id });
  }
  ev.sort((a, b) => (a.pos < b.pos ? -1 : a.pos > b.pos ? 1 : 0));
  const active = new Map<number, number>(); // id → multiplicity
  const out: { start: bigint; end: bigint; val: number }[] = [];
  let i = 0;
  let segStart = 0n;
  while (i < ev.length) {
    const pos = ev[i].pos;
    if (active.size > 0 && pos > segStart) {
      const val = pick([...active.keys()]);
      const last = out[out.length - 1];
      if (val >= 0) {
        if (last && last.val === val && last.end + 1n === segStart) last.end = pos - 1n;
        else out.push({ start: segStart, end: pos - 1n, val });
      }
    }
    for (; i < ev.length && ev[i].pos === pos; i++) {
      const e = ev[i];
      const c = active.get(e.id) ?? 0;
      if (e.open) active.set(e.id, c + 1);
      else if (c <= 1) active.delete(e.id);
      else active.set(e.id, c - 1);
    }
    segStart = pos;
  }
  return out;
}
