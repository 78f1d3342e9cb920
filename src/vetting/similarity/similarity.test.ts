import { describe, expect, it } from 'vitest';
import { cloneResume, honestResume } from './fixtures/resumes.ts';
import {
  BANDS,
  HASHES,
  RESUME_MIN_JACCARD,
  jaccard,
  jaccardEstimate,
  longestSharedPassage,
  lshBands,
  lshProbability,
  minhash,
  shingles,
} from './minhash.ts';
import { familyKey, nameKeys } from './names.ts';
import { guaranteedRadius, hamming, phash, photoBands, photoProbeKeys } from './phash.ts';

describe('nameKeys', () => {
  it('folds word order, hyphens and Korean romanisations to one key', () => {
    const a = nameKeys(undefined, undefined, 'Kim Min-jun');
    const b = nameKeys('Minjun', 'Kim');
    const c = nameKeys(undefined, undefined, 'Min Jun Gim');
    expect(b).toEqual(['kim|minjun']);
    expect(a).toContain('kim|minjun');
    expect(c).toContain('kim|minjun');
  });
  it('maps Lee/Yi/Rhee, Park/Pak, Choi/Choe, Zhang/Chang, Mohammed/Muhammad', () => {
    expect(nameKeys('Soo', 'Rhee')).toEqual(nameKeys('Soo', 'Yi'));
    expect(nameKeys('Ji-hoon', 'Pak')).toEqual(nameKeys('Jihoon', 'Park'));
    expect(nameKeys('Yuna', 'Choe')).toEqual(nameKeys('Yuna', 'Choi'));
    expect(nameKeys('Wei', 'Chang')).toEqual(nameKeys('Wei', 'Zhang'));
    expect(nameKeys('Mohammed', 'Ali')).toEqual(nameKeys('Muhammad', 'Ali'));
  });
  it('strips diacritics and case (José Müller = jose muller), keeps different names apart', () => {
    expect(nameKeys('José', 'Müller')).toEqual(nameKeys('JOSE', 'muller'));
    expect(nameKeys('Zoë', 'Ødegård')).toEqual(['odegard|zoe']);
    const x = new Set(nameKeys('Min-jun', 'Kim'));
    expect(nameKeys('Min-seo', 'Kim').some((k) => x.has(k))).toBe(false);
  });
  it('uses other names and bounds hostile input', () => {
    expect(nameKeys('Anna', 'Smith', undefined, ['Anna Kowalski'])).toEqual(['anna|kowalski', 'kowalski|anna', 'smith|anna'].sort());
    const long = 'a '.repeat(100_000);
    const t0 = performance.now();
    expect(nameKeys(long, long, long).length).toBeLessThanOrEqual(3);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(nameKeys('', '', '')).toEqual([]);
  });
  it('familyKey: canonical family name, or the last token of a display name', () => {
    expect(familyKey('Gim')).toBe('kim');
    expect(familyKey(undefined, 'Min Jun Lee')).toBe('lee');
    expect(familyKey(undefined, 'Cher')).toBeUndefined();
  });
});

describe('MinHash / LSH', () => {
  const a = honestResume(1);
  it('is deterministic, 128 values, 32 band keys', () => {
    const s = minhash(a)!;
    expect(s).toHaveLength(HASHES);
    expect(minhash(a)).toEqual(s);
    expect(lshBands(s)).toHaveLength(BANDS);
    expect(new Set(lshBands(s)).size).toBe(BANDS);
  });
  it('estimates Jaccard within sampling error of the exact value', () => {
    const b = cloneResume(a, 9, 0.05);
    const exact = jaccard(shingles(a), shingles(b));
    const est = jaccardEstimate(minhash(a)!, minhash(b)!);
    expect(exact).toBeGreaterThan(0.5);
    expect(Math.abs(est - exact)).toBeLessThan(0.15); // > 3 standard errors at 128 hashes
  });
  it('a clone shares a band and passes verification; an unrelated honest resume does not pass', () => {
    const sa = minhash(a)!;
    const clone = minhash(cloneResume(a, 3, 0.03))!;
    const bandsA = new Set(lshBands(sa));
    expect(lshBands(clone).some((b) => bandsA.has(b))).toBe(true);
    expect(jaccardEstimate(sa, clone)).toBeGreaterThanOrEqual(RESUME_MIN_JACCARD);
    expect(jaccardEstimate(sa, minhash(honestResume(2))!)).toBeLessThan(RESUME_MIN_JACCARD);
  });
  it('too short a text has no signature', () => {
    expect(minhash('Software engineer. React, Node.')).toBeUndefined();
  });
  it('lshProbability is the S-curve documented', () => {
    expect(lshProbability(0.5)).toBeCloseTo(0.873, 2);
    expect(lshProbability(0.1)).toBeLessThan(0.004);
  });
  it('longestSharedPassage finds the copied run', () => {
    const p = longestSharedPassage('intro words here ' + 'the quick brown fox jumps over the lazy dog again', 'other text the quick brown fox jumps over the lazy dog again end');
    expect(p.words).toBe(10);
    expect(p.text).toBe('the quick brown fox jumps over the lazy dog again');
  });
});

// Measured tuning (documented in minhash.ts and README): 200 boilerplate-heavy honest resumes (90% of their job
// sentences from one 40-sentence bank) — no pair reaches the verification threshold; clones with 3% of words
// reworded are all found.
describe('resume tuning on boilerplate-heavy honest resumes', () => {
  it('no false match among 19,900 honest pairs; clones found', () => {
    const N = 200;
    const texts = Array.from({ length: N }, (_, i) => honestResume(5000 + i, 0.9));
    const sigs = texts.map((t) => minhash(t)!);
    const bands = sigs.map((s) => new Set(lshBands(s)));
    let falseMatches = 0;
    let candidates = 0;
    for (let i = 0; i < N; i++)
      for (let j = i + 1; j < N; j++) {
        if (!lshBands(sigs[j]).some((b) => bands[i].has(b))) continue;
        candidates++;
        if (jaccardEstimate(sigs[i], sigs[j]) >= RESUME_MIN_JACCARD) falseMatches++;
      }
    expect(falseMatches).toBe(0);
    expect(candidates / ((N * (N - 1)) / 2)).toBeLessThan(0.1);
    let found = 0;
    for (let i = 0; i < 50; i++) {
      const s = minhash(cloneResume(texts[i], 100 + i, 0.03))!;
      if (lshBands(s).some((b) => bands[i].has(b)) && jaccardEstimate(s, sigs[i]) >= RESUME_MIN_JACCARD) found++;
    }
    expect(found).toBe(50);
  }, 30_000);
});

describe('pHash', () => {
  const img = (f: (x: number, y: number) => number): number[] => {
    const out: number[] = [];
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out.push(Math.max(0, Math.min(255, Math.round(f(x, y)))));
    return out;
  };
  const base = img((x, y) => 128 + 60 * Math.sin(x / 5) + 50 * Math.cos(y / 7) + ((x * 7 + y * 13) % 11));
  it('16 hex digits; a brightness shift keeps it, a different image is far', () => {
    const h = phash(base);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hamming(h, phash(base.map((v) => Math.min(255, v + 10))))).toBeLessThanOrEqual(2);
    const other = phash(img((x, y) => 128 + 80 * Math.cos((x + y) / 3)));
    expect(hamming(h, other)).toBeGreaterThan(16);
  });
  it('rejects a matrix of the wrong size and bad hashes', () => {
    expect(() => phash([1, 2, 3])).toThrow(/1024/);
    expect(() => hamming('zz', '00')).toThrow(/hex/);
  });
  it('bands and probe keys find every hash within the guaranteed radius', () => {
    const h = '0123456789abcdef';
    expect(photoBands(h)).toEqual(['0:0123', '1:4567', '2:89ab', '3:cdef']);
    const probe = new Set(photoProbeKeys(h));
    expect(probe.size).toBe(4 * 137);
    expect(guaranteedRadius()).toBe(11);
    // flip 11 bits spread so that every band gets ≤ 3 … any 11-bit flip leaves a band with ≤ 2 flips
    let x = BigInt('0x' + h);
    for (const bit of [0, 1, 2, 16, 17, 18, 32, 33, 34, 48, 49]) x ^= 1n << BigInt(bit);
    const far = x.toString(16).padStart(16, '0');
    expect(hamming(h, far)).toBe(11);
    expect(photoBands(far).some((b) => probe.has(b))).toBe(true);
  });
});
