// Deterministic mutation of real inputs for the fuzz suite (issue 7, hostile input): the CI test
// (src/sources/hostile/fuzz.test.ts) and the long run (`npm run fuzz`, scripts/fuzz.ts) feed the results through the
// real reader. Pure: bytes in, bytes out, driven by a seeded PRNG so a failure is reproduced by its seed.
//
// Structural mutations (JSON and NDJSON inputs, on the parsed value): type swaps, field deletions, huge strings,
// strings with NUL / lone surrogates / control characters / markup, deep nesting, duplicated and shuffled records.
// Byte mutations (every input, CSV included): invalid UTF-8 bytes, BOM, CRLF line ends, NUL bytes, truncation, byte
// flips, a huge cell or line.

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];

/** How the records of an input are packed, as far as mutation cares. */
export type Shape = { kind: 'json'; value: unknown } | { kind: 'ndjson'; values: unknown[] } | { kind: 'text' };

/** JSON document, NDJSON (every non-blank line a JSON value), or other text (CSV). */
export function shapeOf(text: string): Shape {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { kind: 'json', value: JSON.parse(t) };
  } catch {
    // not one document
  }
  const lines = t.split('\n').filter((l) => l.trim() !== '');
  try {
    if (lines.length > 0 && lines.every((l) => l.trimStart().startsWith('{'))) return { kind: 'ndjson', values: lines.map((l) => JSON.parse(l) as unknown) };
  } catch {
    // not NDJSON either
  }
  return { kind: 'text' };
}

/** Hostile values a field may be swapped for. */
function hostileValue(r: Rng, hugeChars: number): unknown {
  switch (int(r, 16)) {
    case 0:
      return null;
    case 1:
      return pick(r, [0, -1, 1e308, -0, 3.5, 2 ** 53 + 1]);
    case 2:
      return pick(r, [true, false]);
    case 3:
      return '';
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return 'x'.repeat(hugeChars);
    case 7:
      return `a\u0000b\ud800c\udfffd\u001b[31m\u0007`;
    case 8:
      return '<script>alert(1)</script>';
    case 9:
      return pick(r, ['9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2020-02-30T00:00:00Z', 'yesterday']);
    case 10:
      return pick(r, ['175.45.176.1:443', ' 175.45.176.2 ', '[::ffff:175.45.176.3]:8443', '[2001:db8::1]:443', '999.1.1.1', 'unknown']);
    case 11:
      return '1' + ' '.repeat(Math.min(hugeChars, 5000)) + 'a';
    case 12: {
      let v: unknown = 1;
      for (let i = 0, n = 50 + int(r, 200); i < n; i++) v = [v];
      return v;
    }
    case 13:
      return JSON.parse('{"__proto__":{"polluted":true},"constructor":"x","toString":"y","hasOwnProperty":1}') as unknown;
    case 14:
      return ['a', 1, null, { value: 'b' }];
    default:
      return '\ud83d\ude00 ünïcödé ' + 'é'.repeat(int(r, 50));
  }
}

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Every (container, key) of a value, breadth first, at most `max`. */
function slots(v: unknown, max = 5000): Slot[] {
  const out: Slot[] = [];
  const queue: unknown[] = [v];
  while (queue.length > 0 && out.length < max) {
    const x = queue.shift();
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        out.push({ parent: x, key: i });
        if (x[i] !== null && typeof x[i] === 'object') queue.push(x[i]);
      }
    } else if (x !== null && typeof x === 'object') {
      for (const k of Object.keys(x)) {
        out.push({ parent: x as Record<string, unknown>, key: k });
        const c = (x as Record<string, unknown>)[k];
        if (c !== null && typeof c === 'object') queue.push(c);
      }
    }
  }
  return out;
}

/** Mutate a parsed value in place: 1-4 type swaps, deletions or huge strings. */
function mutateValue(v: unknown, r: Rng, hugeChars: number): void {
  const all = slots(v);
  if (all.length === 0) return;
  for (let n = 1 + int(r, 4); n > 0; n--) {
    const s = pick(r, all);
    const op = int(r, 4);
    if (op === 0) {
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
    } else if (op === 1 && typeof (s.parent as Record<string, unknown>)[s.key as string] === 'string') {
      const cur = (s.parent as Record<string, unknown>)[s.key as string] as string;
      (s.parent as Record<string, unknown>)[s.key as string] = cur.repeat(Math.max(1, Math.floor(hugeChars / Math.max(1, cur.length))));
    } else (s.parent as Record<string, unknown>)[s.key as string] = hostileValue(r, hugeChars);
  }
}

function serialise(shape: Shape, r: Rng): string {
  if (shape.kind === 'json') return r() < 0.5 ? JSON.stringify(shape.value) : JSON.stringify(shape.value, null, 2);
  if (shape.kind === 'ndjson') return shape.values.map((v) => JSON.stringify(v)).join('\n') + (r() < 0.8 ? '\n' : '');
  return '';
}

/** One byte-level mutation. */
function mutateBytes(b: Buffer, r: Rng, hugeChars: number): Buffer {
  switch (int(r, 9)) {
    case 0: {
      const at = int(r, b.length + 1);
      return Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, [[0xff], [0xfe, 0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80]])), b.subarray(at)]);
    }
    case 1:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
    case 2:
      return Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    case 3: {
      const at = int(r, b.length + 1);
      return Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]);
    }
    case 4:
      return b.subarray(0, int(r, b.length));
    case 5: {
      const c = Buffer.from(b);
      for (let n = 1 + int(r, 4); n > 0 && c.length > 0; n--) c[int(r, c.length)] = int(r, 256);
      return c;
    }
    case 6: {
      // a huge run inside the text (a cell, a string, or between tokens)
      const at = int(r, b.length + 1);
      return Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, ['a', ' ', '"', ',', '{', '\\']).repeat(hugeChars)), b.subarray(at)]);
    }
    case 7: {
      // a line duplicated
      const lines = b.toString('latin1').split('\n');
      const i = int(r, lines.length);
      lines.splice(i, 0, lines[i]);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    default: {
      // a line deleted
      const lines = b.toString('latin1').split('\n');
      lines.splice(int(r, lines.length), 1);
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

export interface MutateOptions {
  /** Length of "huge" strings (default 100,000 characters). */
  hugeChars?: number;
}

/**
 * One mutant of a real input (its unpacked bytes): a structural mutation of its records (JSON / NDJSON), a byte
 * mutation, or both, chosen by the seed.
 */
export function mutate(input: Buffer, seed: number, opts: MutateOptions = {}): Buffer {
  const r = prng(seed);
  const huge = opts.hugeChars ?? 100_000;
  const text = input.toString('utf8');
  const shape = shapeOf(text);
  let out = input;
  const structural = shape.kind !== 'text' && r() < 0.7;
  if (structural) {
    if (shape.kind === 'ndjson' && r() < 0.3) {
      // repeat records (duplicate event ids) and shuffle them
      const vs = shape.values;
      for (let n = int(r, 4); n > 0; n--) vs.splice(int(r, vs.length + 1), 0, structuredClone(pick(r, vs)));
    }
    mutateValue(shape.kind === 'json' ? shape.value : (shape as { values: unknown[] }).values, r, huge);
    out = Buffer.from(serialise(shape, r), 'utf8');
  }
  if (!structural || r() < 0.4) out = mutateBytes(out, r, huge);
  return out;
}

const PAGE_KEYS = ['value', 'records', 'Resources', 'items'];

/** The records of a real input: NDJSON lines, a JSON array's elements, a page's array, or the one object. */
export function recordsOf(text: string): unknown[] | undefined {
  const shape = shapeOf(text);
  if (shape.kind === 'ndjson') return shape.values;
  if (shape.kind !== 'json') return undefined;
  const v = shape.value;
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') {
    for (const k of PAGE_KEYS) if (Array.isArray((v as Record<string, unknown>)[k])) return (v as Record<string, unknown[]>)[k];
    return [v];
  }
  return undefined;
}

/**
 * A large mutant for the long run: `n` records, each a copy of a random record of the real input with its own
 * structural mutation (most of them) or left intact, one per line (NDJSON); every 50th line also gets a byte mutation.
 * For CSV (no JSON records): the header, then `n` rows drawn from the input's rows, each with a byte mutation.
 */
export function mutateMany(input: Buffer, seed: number, n: number, opts: MutateOptions = {}): Buffer {
  const r = prng(seed);
  const huge = opts.hugeChars ?? 10_000;
  const text = input.toString('utf8');
  const recs = recordsOf(text);
  const lines: Buffer[] = [];
  if (recs !== undefined && recs.length > 0) {
    for (let i = 0; i < n; i++) {
      const v = structuredClone(pick(r, recs));
      if (r() < 0.85) mutateValue(v, r, huge);
      let line: Buffer = Buffer.from(JSON.stringify(v) ?? 'null', 'utf8');
      if (i % 50 === 49) line = Buffer.from(mutateBytes(line, r, 100).toString('latin1').replace(/\n/g, ' '), 'latin1');
      lines.push(line);
    }
    return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
  }
  const rows = text.split('\n');
  const header = rows.shift() ?? '';
  const body = rows.filter((x) => x.trim() !== '');
  if (body.length === 0) return mutate(input, seed, opts);
  lines.push(Buffer.from(header, 'utf8'));
  for (let i = 0; i < n; i++) {
    let row: Buffer = Buffer.from(pick(r, body), 'utf8');
    if (r() < 0.85) row = mutateBytes(row, r, 200);
    lines.push(row);
  }
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
}
