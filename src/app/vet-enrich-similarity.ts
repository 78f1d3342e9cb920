// The similarity part of enriching a candidate: name keys, the photo's perceptual hash (decoded with sharp) and the
// resume's MinHash signature. The photo is read only when `photo.file` names a regular file inside `baseDir` (the
// folder of the input that named it): absolute paths, `..` and symlinks leading outside are refused, and so are
// files over `maxPhotoBytes` or images over `maxPixels`. Why a photo gave no hash is returned (`photoError`), never
// thrown: the rest of the candidate is still vetted.
import { realpath, stat, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import sharp from 'sharp';
import type { Candidate } from '../core/candidate.ts';
import { minhash } from '../vetting/similarity/minhash.ts';
import { nameKeys } from '../vetting/similarity/names.ts';
import { PHASH_SIZE, phash } from '../vetting/similarity/phash.ts';

export interface SimilarityFacts {
  nameKeys: string[];
  photoHash?: string;
  resumeSignature?: number[];
  /** Why `photo.file` gave no hash (refused path, missing, too large, not an image). */
  photoError?: string;
}

export interface SimilarityOptions {
  /** Largest photo file read (default 15 MB). */
  maxPhotoBytes?: number;
  /** Largest decoded image, in pixels (default 40 megapixels). */
  maxPixels?: number;
}

const inside = (base: string, p: string): boolean => {
  const r = relative(base, p);
  return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r);
};

/** The 32×32 grayscale matrix pHash reads: EXIF orientation applied, grayscale, resized (aspect ignored). */
export async function grayMatrix(input: Buffer, maxPixels = 40_000_000): Promise<Uint8Array> {
  const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
    .rotate()
    .greyscale()
    .resize(PHASH_SIZE, PHASH_SIZE, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) {
    // greyscale() keeps an alpha channel when there is one: take the first channel of each pixel.
    const out = new Uint8Array(PHASH_SIZE * PHASH_SIZE);
    for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels];
    return out;
  }
  return new Uint8Array(data.buffer, data.byteOffset, PHASH_SIZE * PHASH_SIZE);
}

/** pHash of an image file's bytes. */
export async function photoHashOf(input: Buffer, maxPixels?: number): Promise<string> {
  return phash(await grayMatrix(input, maxPixels));
}

async function readPhoto(file: string, baseDir: string, maxBytes: number): Promise<Buffer> {
  if (file.length > 1000 || file.includes('\u0000')) throw new Error('photo.file: not a usable path');
  if (isAbsolute(file)) throw new Error(`photo.file "${file}": absolute paths are refused (give a path relative to the input)`);
  const base = await realpath(resolve(baseDir));
  const abs = resolve(base, file);
  if (!inside(base, abs)) throw new Error(`photo.file "${file}": leads outside the input folder`);
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw new Error(`photo.file "${file}": no such file`);
  }
  if (!inside(base, real)) throw new Error(`photo.file "${file}": a link leading outside the input folder`);
  const st = await stat(real);
  if (!st.isFile()) throw new Error(`photo.file "${file}": not a regular file`);
  if (st.size > maxBytes) throw new Error(`photo.file "${file}": ${st.size} bytes, over the ${maxBytes}-byte limit`);
  return readFile(real);
}

export async function enrichSimilarity(c: Candidate, baseDir: string, opts: SimilarityOptions = {}): Promise<SimilarityFacts> {
  const out: SimilarityFacts = { nameKeys: nameKeys(c.givenName, c.familyName, c.displayName, c.otherNames) };
  const file = c.photo?.file;
  if (file) {
    try {
      const buf = await readPhoto(file, baseDir, opts.maxPhotoBytes ?? 15_000_000);
      try {
        out.photoHash = await photoHashOf(buf, opts.maxPixels);
      } catch (e) {
        throw new Error(`photo.file "${file}": not a readable image (${(e as Error).message})`);
      }
    } catch (e) {
      out.photoError = (e as Error).message;
    }
  }
  if (c.resumeText) {
    const sig = minhash(c.resumeText);
    if (sig) out.resumeSignature = sig;
  }
  return out;
}
