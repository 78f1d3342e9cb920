// `npm run eval [-- --seed N --people N --days N --geo dbip|geolite2 --out DIR --json --planted-only
// --vetting-only --skip-vetting]`: the product's quality report on a synthetic company, generated once and evaluated
// under each variation a real user meets: both geo sources with the vendors' location fields (the headline), then
// both without them. --geo limits the run to one geo source (with and without vendor fields). Then vetting: the
// company's applicant pool (applicants/) vetted with the real product against its directory (vet-eval.ts);
// --vetting-only generates the company and runs only that, --skip-vetting leaves it out. Exit code 0 whatever the
// numbers (it is a report); 1 only when the run itself fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCompany } from './company.ts';
import { EVAL_VARIANTS, formatEval, formatEvalTable, runEvalMatrix } from './eval.ts';
import { formatVetting, runVettingEval } from './vet-eval.ts';

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
    'vetting-only': { type: 'boolean', default: false },
    'skip-vetting': { type: 'boolean', default: false },
  },
});

const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got "${v}"`);
  return n;
};

const ownDir = values.out === undefined;
const dir = values.out ?? mkdtempSync(join(tmpdir(), 'sleetwatch-eval-'));
try {
  if (values.geo !== undefined && values.geo !== 'dbip' && values.geo !== 'geolite2' && values.geo !== 'dbip+geolite2') throw new Error(`--geo must be dbip, geolite2 or dbip+geolite2, got "${values.geo}"`);
  if (values['vetting-only'] && values['skip-vetting']) throw new Error('--vetting-only and --skip-vetting exclude each other');
  const json: Record<string, unknown> = {};
  const text: string[] = [];
  const seed = num('seed', values.seed);
  if (values['vetting-only']) {
    const t0 = performance.now();
    await generateCompany({ seed, outDir: dir, people: num('people', values.people), days: num('days', values.days), start: values.start });
    json.generateMs = Math.round(performance.now() - t0);
  } else {
    const variants = EVAL_VARIANTS.filter((v) => values.geo === undefined || v.geoSource === values.geo);
    const { company, results } = await runEvalMatrix(
      {
        seed,
        people: num('people', values.people),
        days: num('days', values.days),
        start: values.start,
        outDir: dir,
        dailyEveryone: !values['planted-only'],
      },
      variants,
    );
    const { placement } = company.truth;
    const summary = { signIns: placement.signIns, misplacedSignIns: placement.misplacedSignIns, model: placement.model };
    Object.assign(json, { generateMs: company.generateMs, loadMs: company.loadMs, placement: summary, results });
    text.push(formatEvalTable(results, company.truth));
    for (const r of results) text.push('', '─'.repeat(100), formatEval(r));
  }
  if (!values['skip-vetting']) {
    // a vetting failure still prints the monitoring results above it (and makes the exit code 1)
    try {
      const v = await runVettingEval({ applicantsDir: join(dir, 'applicants'), directoryDir: join(dir, 'directory'), dataDir: dir });
      json.vetting = { ms: v.ms, result: v.result };
      text.push('', '═'.repeat(100), `vetted in ${v.ms} ms`, formatVetting(v.result));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      json.vetting = { error: message };
      text.push('', '═'.repeat(100), `vetting evaluation failed: ${message}`);
      process.exitCode = 1;
    }
  }
  process.stdout.write((values.json ? JSON.stringify(json, null, 2) : text.join('\n')) + '\n');
} catch (e) {
  process.stderr.write(`eval failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
} finally {
  if (ownDir) rmSync(dir, { recursive: true, force: true });
}
