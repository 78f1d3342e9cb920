// Issue 7 (hostile input), part 6: the fuzz suite in CI. Every real input the repository ships (each format's
// fixtures and test/samples) is mutated deterministically (./mutate.ts: type swaps, deletions, huge strings, invalid
// UTF-8, BOM, CRLF, NUL, truncation...) and read through the real reader from a temp file: no crash (only an
// InputError for a wholly unreadable file), accepted + ignored + rejected = records, and every emitted item valid and
// storage-safe. The long run is `npm run fuzz` (scripts/fuzz.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mutant, runOne, seeds } from './fuzz-run.ts';

/** Mutants per real input in CI (about 40 inputs: ~650 reads, a few seconds). */
const PER_INPUT = Number(process.env.FUZZ_PER_INPUT ?? 16);
const dir = mkdtempSync(join(tmpdir(), 'sleetwatch-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz: mutated real inputs through the real reader', () => {
  const all = seeds();
  it('finds the real inputs', () => {
    expect(all.length).toBeGreaterThan(30);
  });
  for (const seed of all) {
    it(seed.name, async () => {
      // runOne throws on any contract breach (see ./fuzz-run.ts); a header-only input may yield no record at all
      for (let i = 0; i < PER_INPUT; i++) await runOne(mutant(seed, i, 20_000), join(dir, `m${i}`), `${seed.name} mutant ${i}`);
    });
  }
});
