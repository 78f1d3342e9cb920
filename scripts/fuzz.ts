// The long fuzz run (`npm run fuzz`; issue 7, hostile input): for each input format, mutants of its real inputs
// (src/sources/*/fixtures, test/samples) holding ~FUZZ_RECORDS records (default 100,000) in all, each record mutated on
// its own (src/sources/hostile/mutate.ts mutateMany), plus whole-file mutants (mutate), read through the real reader
// from a temp file. Bounded in time: FUZZ_SECONDS (default 900) for the whole run, shared between formats. Exits 1 on
// the first contract breach (a crash other than InputError, accepted + ignored + rejected ≠ records, an invalid or
// unsafe item), printing the seed input and mutant number to reproduce it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mutant, runOne, seeds, type Seed } from '../src/sources/hostile/fuzz-run.ts';
import { mutateMany } from '../src/sources/hostile/mutate.ts';
import { readInputFile } from '../src/sources/reader.ts';

const TARGET = Number(process.env.FUZZ_RECORDS ?? 100_000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 900);
const PER_FILE = 2_000;
const dir = mkdtempSync(join(tmpdir(), 'sleetwatch-fuzz-run-'));
const started = Date.now();

async function formatOf(seed: Seed): Promise<string> {
  const file = join(dir, 'probe');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, seed.bytes);
  try {
    return (await readInputFile(file, { event: () => true, directory: () => undefined })).format;
  } catch {
    return '(unreadable as published)';
  }
}

async function main(): Promise<void> {
  const groups = new Map<string, Seed[]>();
  for (const s of seeds()) {
    const f = await formatOf(s);
    if (!groups.has(f)) groups.set(f, []);
    groups.get(f)!.push(s);
  }
  const budgetMs = (SECONDS * 1000) / groups.size;
  let failed = false;
  for (const [format, list] of groups) {
    const t0 = Date.now();
    const tot = { inputs: 0, records: 0, accepted: 0, ignored: 0, rejected: 0, unreadable: 0 };
    for (let i = 0; tot.records < TARGET && Date.now() - t0 < budgetMs; i++) {
      const seed = list[i % list.length];
      const label = `${seed.name} ${i % 5 === 4 ? 'mutant' : 'batch'} ${i}`;
      const bytes = i % 5 === 4 ? mutant(seed, i) : mutateMany(seed.bytes, 0x5eed + i, PER_FILE);
      try {
        const o = await runOne(bytes, join(dir, 'm'), label);
        tot.inputs++;
        tot.records += o.records;
        tot.accepted += o.accepted;
        tot.ignored += o.ignored;
        tot.rejected += o.rejected;
        if (o.unreadable) tot.unreadable++;
      } catch (e) {
        console.error(`FAIL ${format}: ${(e as Error).message}`);
        failed = true;
        break;
      }
    }
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(
      `${format.padEnd(26)} ${String(tot.inputs).padStart(5)} inputs ${String(tot.records).padStart(7)} records = ${tot.accepted} accepted + ${tot.ignored} ignored + ${tot.rejected} rejected; ${tot.unreadable} unreadable inputs; ${s} s`,
    );
    if (failed) break;
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`${failed ? 'FAILED' : 'ok'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exit(failed ? 1 : 0);
}

void main();
