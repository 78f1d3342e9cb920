// Resume near-duplicates: word shingles → MinHash signature → LSH bands. Pure and deterministic (fixed seeds).
//
// Text is folded (NFKD, marks stripped, lower case), split into words (letters/digits), and every run of SHINGLE
// consecutive words is one shingle, hashed to 32 bits. The signature holds, for each of HASHES hash functions
// h_i(x) = fmix32(x ^ seed_i) (murmur3's finaliser, seeds fixed below), the minimum over the shingles; the share of
// equal positions in two signatures estimates the Jaccard similarity of their shingle sets (±0.044 standard error at
// J = 0.5 with 128 hashes). LSH splits the signature into BANDS bands of ROWS rows: two texts share at least one band
// key with probability 1 − (1 − J^ROWS)^BANDS, so only candidates that share a band are compared.
//
// Chosen values, measured with src/vetting/similarity/fixtures/resumes.ts (boilerplate-heavy generated resumes of
// ~300–370 words whose job sentences come 75–90 % from one bank of 40 stock resume phrases):
//   SHINGLE = 4 words, HASHES = 128, BANDS = 32 × ROWS = 4 (LSH threshold ≈ (1/32)^(1/4) ≈ 0.42:
//   P(candidate) = 0.87 at J = 0.5, 0.99 at J = 0.6, 0.23 at J = 0.3, 0.003 at J = 0.1), verified by
//   RESUME_MIN_JACCARD = 0.5 on the estimate.
//   500 honest resumes, 124,750 pairs: 90 % boilerplate → highest estimate 0.41, 4,137 pairs (3.3 %) share a band,
//   0 reach 0.5 (false-match rate 0 / 124,750, i.e. < 2.4e-5 at 95 % confidence); 75 % boilerplate → highest 0.35,
//   1,770 share a band, 0 reach 0.5. Clones (name and words replaced at random): 3 % of words reworded → 200/200
//   found (true J ≥ 0.62), 5 % → 197–199/200 (J ≈ 0.69), 10 % → 35–46 % (J ≈ 0.5), 15 % → 2 % (J ≈ 0.37).
//   Boilerplate makes some band keys common: the index bounds the parties it returns per key (a hot band is a count).

export const SHINGLE = 4;
export const HASHES = 128;
export const BANDS = 32;
export const ROWS = 4;
/** Verification threshold on the Jaccard estimate for "near-duplicate resume". */
export const RESUME_MIN_JACCARD = 0.5;
/** At most this many characters of a resume are read (a long CV is ~30k). */
export const MAX_RESUME_CHARS = 200_000;
/** Fewer shingles than this: too short to compare (a signature would be noise). */
export const MIN_SHINGLES = 20;

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit of a string, finalised with fmix32. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** The fixed seeds: a splitmix-style sequence from one constant, so signatures are stable across versions. */
const SEEDS: Uint32Array = (() => {
  const out = new Uint32Array(HASHES);
  let x = 0x9e3779b9;
  for (let i = 0; i < HASHES; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    out[i] = fmix32(x);
  }
  return out;
})();

/** Words of a text: folded, letters and digits only. */
export function words(text: string): string[] {
  return text
    .slice(0, MAX_RESUME_CHARS)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The distinct shingle hashes of a text. */
export function shingleHashes(text: string, k = SHINGLE): Uint32Array {
  const w = words(text);
  const set = new Set<number>();
  for (let i = 0; i + k <= w.length; i++) set.add(hash32(w.slice(i, i + k).join(' ')));
  return Uint32Array.from(set);
}

/** The distinct shingles themselves (for evidence: the shared passages). */
export function shingles(text: string, k = SHINGLE): Set<string> {
  const w = words(text);
  const set = new Set<string>();
  for (let i = 0; i + k <= w.length; i++) set.add(w.slice(i, i + k).join(' '));
  return set;
}

/** MinHash signature (HASHES unsigned 32-bit values), or undefined when the text has fewer than MIN_SHINGLES shingles. */
export function minhash(text: string): number[] | undefined {
  const sh = shingleHashes(text);
  if (sh.length < MIN_SHINGLES) return undefined;
  return signatureOf(sh);
}

export function signatureOf(sh: Uint32Array): number[] {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (let j = 0; j < sh.length; j++) {
    const x = sh[j];
    for (let i = 0; i < HASHES; i++) {
      const v = fmix32(x ^ SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return Array.from(sig);
}

/** Share of equal positions: the Jaccard estimate. Signatures of different lengths compare over the shorter. */
export function jaccardEstimate(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) eq++;
  return eq / n;
}

/** Exact Jaccard of two shingle sets (tests and evidence). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** LSH band keys `r<band>:<8 hex>` (band number, hash of its ROWS values). */
export function lshBands(sig: readonly number[], bands = BANDS, rows = ROWS): string[] {
  const out: string[] = [];
  for (let b = 0; b < bands && (b + 1) * rows <= sig.length; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) h = fmix32(Math.imul(h ^ sig[b * rows + r], 0x01000193) >>> 0);
    out.push(`${b.toString(36)}:${h.toString(16).padStart(8, '0')}`);
  }
  return out;
}

/** P(two texts of Jaccard j share at least one band). */
export function lshProbability(j: number, bands = BANDS, rows = ROWS): number {
  return 1 - (1 - j ** rows) ** bands;
}

/** The longest run of consecutive words of `a` whose every shingle is in `b` (the largest shared passage), in words. */
export function longestSharedPassage(a: string, b: string, k = SHINGLE): { words: number; text: string } {
  const wa = words(a);
  const sb = shingles(b, k);
  let best = { start: 0, len: 0 };
  let runStart = -1;
  for (let i = 0; i + k <= wa.length; i++) {
    const inB = sb.has(wa.slice(i, i + k).join(' '));
    if (inB && runStart < 0) runStart = i;
    if (inB) {
      const len = i - runStart + k;
      if (len > best.len) best = { start: runStart, len };
    } else runStart = -1;
  }
  const text = wa.slice(best.start, best.start + Math.min(best.len, 40)).join(' ');
  return { words: best.len, text };
}
