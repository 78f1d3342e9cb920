// `npm run eval [-- --seed N --people N --days N --geo dbip|geolite2 --out DIR --json --planted-only]`: the product's
// quality report on a synthetic company, generated once and evaluated under each variation a real user meets:
// both geo sources with the vendors' location fields (the headline), then both without them. --geo limits the run
// to one geo source (with and without vendor fields). Exit code 0 whatever the numbers (it is a report); 1 only
// when the run itself fails.
import { parseArgs } from 'node:util';
import { EVAL_VARIANTS, formatEval, formatEvalTable, runEvalMatrix } from './eval.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    people: { type: 'string', default: '400' },
    days: { type: 'string', default: '60' },
    start: { type: 'string' },
    geo: { type: 'string' },
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
  if (values.geo !== undefined && values.geo !== 'dbip' && values.geo !== 'geolite2' && values.geo !== 'dbip+geolite2') throw new Error(`--geo must be dbip, geolite2 or dbip+geolite2, got "${values.geo}"`);
  const variants = EVAL_VARIANTS.filter((v) => values.geo === undefined || v.geoSource === values.geo);
  const { company, results } = await runEvalMatrix(
    {
      seed: num('seed', values.seed),
      people: num('people', values.people),
      days: num('days', values.days),
      start: values.start,
      outDir: values.out,
      dailyEveryone: !values['planted-only'],
    },
    variants,
  );
  if (values.json) {
    const { placement } = company.truth;
    const summary = { signIns: placement.signIns, misplacedSignIns: placement.misplacedSignIns, model: placement.model };
    process.stdout.write(JSON.stringify({ generateMs: company.generateMs, loadMs: company.loadMs, placement: summary, results }, null, 2) + '\n');
  } else {
    const out = [formatEvalTable(results, company.truth)];
    for (const r of results) out.push('', '─'.repeat(100), formatEval(r));
    process.stdout.write(out.join('\n') + '\n');
  }
} catch (e) {
  process.stderr.write(`eval failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
}
