// Real images made with sharp at test time: a photo-like picture (gradients, a face-like ellipse, texture and
// noise) as JPEG, and variants a fraudster produces by re-saving a stolen photo — resized, recompressed, slightly
// cropped, brightened — which must stay within the photo threshold, while a different picture must not.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Candidate } from '../core/candidate.ts';
import { rng } from '../vetting/similarity/fixtures/resumes.ts';
import { honestResume } from '../vetting/similarity/fixtures/resumes.ts';
import { HASHES } from '../vetting/similarity/minhash.ts';
import { PHOTO_MAX_HAMMING, hamming } from '../vetting/similarity/phash.ts';
import { enrichSimilarity, photoHashOf } from './vet-enrich-similarity.ts';

const W = 480;
const H = 600;

/** A portrait-like RGB picture: background gradient, a skin-toned ellipse with darker eyes/mouth, shirt, noise. */
function portrait(seed: number, variant: 'a' | 'b'): Buffer {
  const r = rng(seed);
  const px = Buffer.alloc(W * H * 3);
  const cx = variant === 'a' ? W * 0.5 : W * 0.35;
  const cy = variant === 'a' ? H * 0.4 : H * 0.55;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      let R = variant === 'a' ? 60 + (x / W) * 120 : 200 - (y / H) * 150;
      let G = variant === 'a' ? 90 + (y / H) * 80 : 80 + (x / W) * 60;
      let B = variant === 'a' ? 160 - (y / H) * 60 : 60 + ((x + y) / (W + H)) * 160;
      const dx = (x - cx) / (W * 0.22);
      const dy = (y - cy) / (H * 0.25);
      if (dx * dx + dy * dy < 1) {
        R = 225; G = 180; B = 150;
        const eye = (ex: number) => ((x - ex) / 18) ** 2 + ((y - (cy - H * 0.06)) / 10) ** 2 < 1;
        if (eye(cx - W * 0.08) || eye(cx + W * 0.08)) { R = 40; G = 30; B = 30; }
        if (Math.abs(y - (cy + H * 0.12)) < 6 && Math.abs(x - cx) < W * 0.07) { R = 150; G = 60; B = 60; }
      } else if (y > H * 0.78 && Math.abs(x - cx) < W * 0.35) {
        R = 30; G = 60 + ((x >> 3) % 2) * 20; B = 120;
      }
      const n = (r() - 0.5) * 30;
      const i = (y * W + x) * 3;
      px[i] = Math.max(0, Math.min(255, R + n));
      px[i + 1] = Math.max(0, Math.min(255, G + n));
      px[i + 2] = Math.max(0, Math.min(255, B + n));
    }
  return px;
}

const jpeg = (raw: Buffer, quality = 90) => sharp(raw, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality }).toBuffer();

let dir: string;
let original: Buffer;
let other: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sw-sim-'));
  original = await jpeg(portrait(1, 'a'));
  other = await jpeg(portrait(2, 'b'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cand = (over: Partial<Candidate> = {}): Candidate => Candidate.parse({ candidateId: 'c1', keys: ['c1'], sources: ['t'], ...over });

describe('photo hash on real images', () => {
  it('re-saved variants stay within the threshold; a different picture does not', async () => {
    const h = await photoHashOf(original);
    const variants: Record<string, Buffer> = {
      'resized to 40%': await sharp(original).resize(192, 240).jpeg({ quality: 85 }).toBuffer(),
      'recompressed JPEG q=30': await sharp(original).jpeg({ quality: 30 }).toBuffer(),
      'PNG': await sharp(original).png().toBuffer(),
      'cropped 3% each side': await sharp(original).extract({ left: 14, top: 18, width: W - 28, height: H - 36 }).jpeg().toBuffer(),
      'brightened 10%': await sharp(original).modulate({ brightness: 1.1 }).jpeg().toBuffer(),
    };
    const distances: Record<string, number> = {};
    for (const [name, buf] of Object.entries(variants)) distances[name] = hamming(h, await photoHashOf(buf));
    // Measured (sharp 0.35): resized 0, recompressed q=30 2, PNG 0, cropped 3% 6, brightened 4; the different picture 26.
    for (const [name, d] of Object.entries(distances)) expect(d, `${name}: ${d}`).toBeLessThanOrEqual(PHOTO_MAX_HAMMING);
    const far = hamming(h, await photoHashOf(other));
    expect(far).toBeGreaterThan(PHOTO_MAX_HAMMING + 6);
  });
});

describe('enrichSimilarity', () => {
  it('name keys, photo hash from a file inside the folder, resume signature', async () => {
    mkdirSync(join(dir, 'photos'), { recursive: true });
    writeFileSync(join(dir, 'photos', 'p.jpg'), original);
    const f = await enrichSimilarity(cand({ givenName: 'Min-jun', familyName: 'Kim', photo: { file: 'photos/p.jpg' }, resumeText: honestResume(3) }), dir);
    expect(f.nameKeys).toEqual(['kim|minjun']);
    expect(f.photoHash).toBe(await photoHashOf(original));
    expect(f.photoError).toBeUndefined();
    expect(f.resumeSignature).toHaveLength(HASHES);
  });

  it('refuses paths leading outside the folder (.., absolute, symlink) and says why', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sw-out-'));
    try {
      writeFileSync(join(outside, 'x.jpg'), original);
      symlinkSync(join(outside, 'x.jpg'), join(dir, 'link.jpg'));
      const base = join(dir, 'photos');
      expect((await enrichSimilarity(cand({ photo: { file: '../../' + outside.split('/').pop() + '/x.jpg' } }), base)).photoError).toMatch(/outside the input folder/);
      expect((await enrichSimilarity(cand({ photo: { file: join(outside, 'x.jpg') } }), dir)).photoError).toMatch(/absolute paths are refused/);
      const viaLink = await enrichSimilarity(cand({ photo: { file: 'link.jpg' } }), dir);
      expect(viaLink.photoError).toMatch(/link leading outside/);
      expect(viaLink.photoHash).toBeUndefined();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('missing, too large and non-image files give a reason, not a throw', async () => {
    writeFileSync(join(dir, 'not-image.jpg'), 'hello, not a JPEG');
    expect((await enrichSimilarity(cand({ photo: { file: 'nope.jpg' } }), dir)).photoError).toMatch(/no such file/);
    expect((await enrichSimilarity(cand({ photo: { file: 'not-image.jpg' } }), dir)).photoError).toMatch(/not a readable image/);
    writeFileSync(join(dir, 'big.jpg'), original);
    expect((await enrichSimilarity(cand({ photo: { file: 'big.jpg' } }), dir, { maxPhotoBytes: 1000 })).photoError).toMatch(/over the 1000-byte limit/);
    expect((await enrichSimilarity(cand({ photo: { file: 'big.jpg' } }), dir, { maxPixels: 1000 })).photoError).toMatch(/not a readable image/);
  });

  it('no photo and a short resume: only name keys', async () => {
    const f = await enrichSimilarity(cand({ displayName: 'Cher', resumeText: 'Singer.' }), dir);
    expect(f).toEqual({ nameKeys: ['cher|'] });
  });
});
