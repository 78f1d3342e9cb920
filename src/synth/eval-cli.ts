// `npm run eval [-- --seed N --people N --days N --out DIR --json]`: the product's quality report on a synthetic
// company. Exit code 0 whatever the numbers (it is a report); 1 only when the run itself fails.
import { parseArgs } from 'node:util';
import { formatEval, runEval } from './eval.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    people: { type: 'string', default: '400' },
    days: { type: 'string', default: '60' },
    start: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
    'planted-only': { type: 'boolean', default: false },
  },
});

const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${v}"`);
  return n;
};

try {
  const r = await runEval({
    seed: num('seed', values.seed),
    people: num('people', values.people),
    days: num('days', values.days),
    start: values.start,
    outDir: values.out,
    dailyEveryone: !values['planted-only'],
  });
  process.stdout.write((values.json ? JSON.stringify(r, null, 2) : formatEval(r)) + '\n');
} catch (e) {
  process.stderr.write(`eval failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
}
