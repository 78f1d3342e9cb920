// The fuzz harness shared by the CI test (./fuzz.test.ts) and the long run (scripts/fuzz.ts): real inputs
// (src/sources/*/fixtures, test/samples), mutated deterministically (./mutate.ts), written to a temp file and read by
// the real reader (readInputFile). An input passes when the read either throws an InputError (a wholly unreadable
// file) or returns a summary with accepted + ignored + rejected = records, every emitted item satisfies the model's
// zod schema and holds only storage-safe strings (./sanitize.ts).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CandidateRecord } from '../../core/candidate.ts';
import { DirectoryEntry, NormalizedEvent } from '../../core/model.ts';
import { InputError, readInputFile } from '../reader.ts';
import { safeText } from '../sanitize.ts';
import { mutate } from './mutate.ts';

export interface Seed {
  /** Path relative to the repository. */
  name: string;
  /** Unpacked bytes. */
  bytes: Buffer;
}

const ROOT = new URL('../../../', import.meta.url).pathname;
const SKIP = /(^|\/)(PROVENANCE|LICENSE[^/]*|README)[^/]*$/i;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (!SKIP.test(p) && !p.endsWith('.md')) out.push(p);
  }
}

/** Every real input the repository ships: each format's fixtures and test/samples (gzip unpacked). */
export function seeds(): Seed[] {
  const files: string[] = [];
  const sources = join(ROOT, 'src/sources');
  for (const d of readdirSync(sources).sort()) {
    const fx = join(sources, d, 'fixtures');
    try {
      if (statSync(fx).isDirectory()) walk(fx, files);
    } catch {
      // no fixtures folder
    }
  }
  walk(join(ROOT, 'test/samples'), files);
  return files.map((f) => {
    const raw = readFileSync(f);
    const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    return { name: relative(ROOT, f), bytes };
  });
}

export interface Outcome {
  unreadable: boolean;
  records: number;
  accepted: number;
  ignored: number;
  rejected: number;
  format?: string;
}

/** Why an emitted item breaks the contract, or undefined. */
function itemProblem(item: unknown, events: boolean | 'candidate'): string | undefined {
  const schema = events === 'candidate' ? CandidateRecord : events ? NormalizedEvent : DirectoryEntry;
  const r = schema.safeParse(item);
  if (!r.success) return `item fails the model schema: ${r.error.issues[0]?.message} at ${r.error.issues[0]?.path.join('.')}`;
  let bad: string | undefined;
  const visit = (v: unknown): void => {
    if (bad !== undefined) return;
    if (typeof v === 'string') {
      if (safeText(v) !== v) bad = `unsafe string in item: ${JSON.stringify(v.slice(0, 60))}`;
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(item);
  return bad;
}

/** Read one mutant through the real reader; throws an Error describing any contract breach. */
export async function runOne(bytes: Buffer, file: string, label: string): Promise<Outcome> {
  writeFileSync(file, bytes);
  let problem: string | undefined;
  const sink = {
    event: (e: NormalizedEvent) => {
      problem ??= itemProblem(e, true);
      return true;
    },
    directory: (d: DirectoryEntry) => {
      problem ??= itemProblem(d, false);
    },
    // vetting inputs (candidate formats, resume documents)
    candidate: (c: CandidateRecord) => {
      problem ??= itemProblem(c, 'candidate');
    },
  };
  let s;
  try {
    s = await readInputFile(file, sink);
  } catch (e) {
    if (e instanceof InputError) return { unreadable: true, records: 0, accepted: 0, ignored: 0, rejected: 0 };
    throw new Error(`${label}: the reader threw ${(e as Error)?.name}: ${(e as Error)?.message?.slice(0, 300)}`, { cause: e });
  }
  if (problem !== undefined) throw new Error(`${label}: ${problem}`);
  if (s.accepted + s.ignored + s.rejected !== s.records)
    throw new Error(`${label}: accepted ${s.accepted} + ignored ${s.ignored} + rejected ${s.rejected} ≠ records ${s.records}`);
  return { unreadable: false, records: s.records, accepted: s.accepted, ignored: s.ignored, rejected: s.rejected, format: s.format };
}

/** Mutant `i` of a seed input: deterministic in (seed name, i). */
export function mutant(seed: Seed, i: number, hugeChars?: number): Buffer {
  let h = 2166136261;
  for (let k = 0; k < seed.name.length; k++) h = Math.imul(h ^ seed.name.charCodeAt(k), 16777619);
  return mutate(seed.bytes, (h ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0, { hugeChars });
}
