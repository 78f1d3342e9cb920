// Photo perceptual hash (pHash, as imagehash.phash computes it) and its multi-index. Pure: the caller decodes the
// image to a 32×32 grayscale matrix (src/app/vet-enrich-similarity.ts, with sharp).
//
// Hash: the 2-D DCT-II of the 32×32 matrix, its top-left 8×8 (lowest frequencies), each coefficient compared with
// their median → 64 bits, row-major, written as 16 hex digits. Resizing, recompression and small crops move few bits;
// a different picture differs in ~32. Similarity = Hamming distance.
//
// Index: the 64 bits as 4 bands of 16 bits, key `<band>:<4 hex>`. Two hashes within Hamming distance d share at least
// one band exactly when d ≤ 3 (pigeonhole); looking up every 16-bit value within PROBE_RADIUS of each band as well
// finds every hash within 4 × (PROBE_RADIUS + 1) − 1 (radius 2: 11; 4 × 137 = 548 keys). Matches are then verified by
// the full Hamming distance.

export const PHASH_SIZE = 32;
export const PHASH_BANDS = 4;
/** Default "same photo" threshold on the Hamming distance (of 64 bits). */
export const PHOTO_MAX_HAMMING = 10;
/** Radius probed around each band: every hash within 4 × (r + 1) − 1 bits is found by index lookups. */
export const PROBE_RADIUS = 2;

const COS: Float64Array = (() => {
  const t = new Float64Array(8 * PHASH_SIZE);
  for (let u = 0; u < 8; u++) for (let x = 0; x < PHASH_SIZE; x++) t[u * PHASH_SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * PHASH_SIZE));
  return t;
})();

/** pHash of a 32×32 grayscale image (row-major, 1,024 values 0–255) as 16 hex digits. */
export function phash(gray: ArrayLike<number>): string {
  const N = PHASH_SIZE;
  if (gray.length !== N * N) throw new Error(`phash: expected ${N * N} grayscale values (32×32), got ${gray.length}`);
  // Rows first: R[y][u] = Σx f(y,x) cos(u,x), then columns: C[v][u] = Σy R[y][u] cos(v,y).
  const rows = new Float64Array(N * 8);
  for (let y = 0; y < N; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < N; x++) s += gray[y * N + x] * COS[u * N + x];
      rows[y * 8 + u] = s;
    }
  const coef = new Float64Array(64);
  for (let v = 0; v < 8; v++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < N; y++) s += rows[y * 8 + u] * COS[v * N + y];
      coef[v * 8 + u] = s;
    }
  const sorted = Array.from(coef).sort((a, b) => a - b);
  const median = (sorted[31] + sorted[32]) / 2;
  let hex = '';
  for (let nib = 0; nib < 16; nib++) {
    let d = 0;
    for (let b = 0; b < 4; b++) d = (d << 1) | (coef[nib * 4 + b] > median ? 1 : 0);
    hex += d.toString(16);
  }
  return hex;
}

const HEX64 = /^[0-9a-f]{16}$/;

export function isPhotoHash(h: string): boolean {
  return HEX64.test(h);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two 16-hex-digit hashes. */
export function hamming(a: string, b: string): number {
  if (!HEX64.test(a) || !HEX64.test(b)) throw new Error(`hamming: not 64-bit hex hashes: "${a.slice(0, 20)}", "${b.slice(0, 20)}"`);
  return popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) + popcount32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
}

/** The 4 band keys stored for a hash: `<band>:<4 hex>`. */
export function photoBands(hash: string): string[] {
  if (!HEX64.test(hash)) throw new Error(`photoHash: expected 16 hex digits, got "${hash.slice(0, 20)}"`);
  const out: string[] = [];
  for (let b = 0; b < PHASH_BANDS; b++) out.push(`${b}:${hash.slice(b * 4, b * 4 + 4)}`);
  return out;
}

/** The band keys to look up for a hash: every 16-bit value within `radius` of each band (radius 2: 548 keys). */
export function photoProbeKeys(hash: string, radius = PROBE_RADIUS): string[] {
  if (!HEX64.test(hash)) throw new Error(`photoHash: expected 16 hex digits, got "${hash.slice(0, 20)}"`);
  if (radius < 0 || radius > 3) throw new Error(`photo probe radius must be 0–3, got ${radius}`);
  const out: string[] = [];
  const hex4 = (v: number): string => v.toString(16).padStart(4, '0');
  for (let b = 0; b < PHASH_BANDS; b++) {
    const v = parseInt(hash.slice(b * 4, b * 4 + 4), 16);
    out.push(`${b}:${hex4(v)}`);
    if (radius >= 1)
      for (let i = 0; i < 16; i++) {
        out.push(`${b}:${hex4(v ^ (1 << i))}`);
        if (radius >= 2)
          for (let j = i + 1; j < 16; j++) {
            out.push(`${b}:${hex4(v ^ (1 << i) ^ (1 << j))}`);
            if (radius >= 3) for (let k = j + 1; k < 16; k++) out.push(`${b}:${hex4(v ^ (1 << i) ^ (1 << j) ^ (1 << k))}`);
          }
      }
  }
  return out;
}

/** Hamming distance that probing at `radius` is guaranteed to find. */
export function guaranteedRadius(radius = PROBE_RADIUS): number {
  return PHASH_BANDS * (radius + 1) - 1;
}
