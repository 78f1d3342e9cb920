// The vetting evaluation on hand-made reports: the numbers it must give (recall of stop|verify, precision of stop,
// honest not proceed, per case and per hard negative), how it treats candidates missing from the report, reported
// twice, merged or unknown, where it finds the answer key, and the harness calling vetPaths.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CandidateResult, Recommendation, VettingReport } from '../core/candidate.ts';
import { APPLICANT_TRUTH_SCHEMA, type ApplicantTruth, type ApplicantTruthEntry } from './applicants-truth.ts';
import { evaluateVetting, formatVetting, loadApplicantTruth, loadVetPaths, runVettingEval, scoreVetting } from './vet-eval.ts';

const entry = (email: string, fraud: boolean, tags: string[], extra: Partial<ApplicantTruthEntry> = {}): ApplicantTruthEntry => ({
  email,
  name: email.split('@')[0],
  fraud,
  cases: fraud ? (tags as ApplicantTruthEntry['cases']) : [],
  negatives: fraud ? [] : (tags as ApplicantTruthEntry['negatives']),
  groups: {},
  files: [`resumes/${email.split('@')[0]}.json`],
  interviewed: false,
  ...extra,
});

const TRUTH: ApplicantTruth = {
  schema: APPLICANT_TRUTH_SCHEMA,
  seed: 1,
  now: '2026-09-01',
  candidates: [
    entry('f1@mailinator.com', true, ['disposable-email', 'camera-refused']),
    entry('f2@gmail.com', true, ['shared-phone']),
    entry('f3@gmail.com', true, ['shared-phone', 'references-email-only']),
    entry('f4@gmail.com', true, ['tech-anachronism'], { note: 'Bun (2022) at a job that ended in 2015' }),
    entry('h1@gmail.com', false, ['free-mail', 'family-address']),
    entry('h2@gmail.com', false, ['free-mail', 'family-address']),
    entry('h3@yahoo.com', false, ['free-mail', 'career-gap']),
    entry('h4@outlook.com', false, ['free-mail', 'international']),
    entry('h5@gmail.com', false, ['free-mail']),
    entry('h6@gmail.com', false, ['free-mail', 'agency-sourced']),
  ],
  counts: { candidates: 10, fraud: 4, honest: 6, jsonResume: 10, greenhouse: 0, interviews: 0, employeesUsed: 0 },
};

function result(id: string, identifiers: string[], recommendation: Recommendation, risk: number, findings: [string, string][] = []): CandidateResult {
  return {
    candidateId: id,
    displayName: id,
    identifiers,
    sources: ['json-resume'],
    risk,
    level: risk >= 70 ? 'high' : risk >= 40 ? 'medium' : risk > 0 ? 'low' : 'none',
    recommendation,
    recommendationReason: `${recommendation} (test)`,
    checklist: recommendation === 'proceed' ? [] : [{ item: 'email', status: 'failed', evidence: 'test', checks: ['email'] }],
    findings: findings.map(([check, title]) => ({ check, severity: 'high', title, explanation: title, evidence: [] })),
  };
}

const report = (candidates: CandidateResult[]): VettingReport => ({ schema: 'sleetwatch.vetting/v1', generatedAt: '2026-09-01T00:00:00Z', inputs: [], candidates, checkErrors: [] });

const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe('scoreVetting', () => {
  it('a perfect report meets every target', () => {
    const r = scoreVetting(
      TRUTH,
      report(TRUTH.candidates.map((t, i) => result(`c${i}`, [t.email, '+1 512 555 0100'], t.fraud ? (i % 2 ? 'stop' : 'verify') : 'proceed', t.fraud ? 90 : 5))),
    );
    expect(r.recall).toBe(1);
    expect(r.stopPrecision).toBe(1);
    expect(r.honestNotProceed).toBe(0);
    expect(r.pass).toEqual({ recall: true, stopPrecision: true, honestNotProceed: true });
    expect(r.fraud).toEqual({ n: 4, stop: 2, verify: 2, proceed: 0, missing: 0 });
    expect(r.missed).toEqual([]);
    expect(r.honestFlagged).toEqual([]);
  });

  it('counts misses, false stops, missing, twice-reported, merged and unknown candidates as documented', () => {
    const r = scoreVetting(
      TRUTH,
      report([
        result('a', ['F1@Mailinator.com'], 'stop', 95, [['email', 'Disposable mailbox']]), // case-insensitive match
        result('b', ['f2@gmail.com'], 'proceed', 10), // a miss
        result('b2', ['f2@gmail.com', 'other@x.com'], 'verify', 50), // the same candidate again, stricter: counts
        result('c', ['f3@gmail.com', 'h5@gmail.com'], 'stop', 80), // merged a fraud with an honest candidate
        // f4 missing from the report: a miss
        result('d', ['h1@gmail.com'], 'stop', 75, [['address-reuse', 'Address shared with another candidate']]), // false stop
        result('e', ['h2@gmail.com'], 'verify', 45),
        result('f', ['h3@yahoo.com'], 'proceed', 5),
        result('g', ['h4@outlook.com'], 'proceed', 5),
        // h6 missing
        result('z', ['nobody@example.com'], 'stop', 90), // matches no pool candidate
      ]),
    );
    expect(r.fraud).toEqual({ n: 4, stop: 2, verify: 1, proceed: 0, missing: 1 });
    expect(r.recall).toBe(3 / 4);
    // stops: a (fraud), c (fraud f3 and honest h5), d (honest), z (unknown) → planted 2 (f1, f3) of 5 stop outcomes
    expect(r.stopPrecision).toBe(2 / 5);
    expect(r.honest).toEqual({ n: 6, stop: 2, verify: 1, proceed: 2, missing: 1 });
    expect(r.honestNotProceed).toBe(3 / 5);
    expect(r.pass).toEqual({ recall: false, stopPrecision: false, honestNotProceed: false });
    expect(r.missed.map((m) => [m.email, m.recommendation])).toEqual([['f4@gmail.com', 'missing']]);
    // stops first, then by risk
    expect(r.honestFlagged.map((m) => [m.email, m.recommendation, m.risk])).toEqual([
      ['h5@gmail.com', 'stop', 80],
      ['h1@gmail.com', 'stop', 75],
      ['h2@gmail.com', 'verify', 45],
    ]);
    expect(r.honestFlagged[1].findings).toEqual(['address-reuse/high: Address shared with another candidate']);
    expect(r.honestFlagged[1].failedChecklist).toEqual(['email']);
    expect(r.unmatched).toEqual([{ candidateId: 'z', recommendation: 'stop', identifiers: ['nobody@example.com'] }]);
    expect(r.merged).toEqual([{ candidateId: 'c', emails: ['f3@gmail.com', 'h5@gmail.com'] }]);
    expect(r.byCase['shared-phone']).toEqual({ n: 2, stop: 1, verify: 1, proceed: 0, missing: 0, recall: 1 });
    expect(r.byCase['tech-anachronism']).toEqual({ n: 1, stop: 0, verify: 0, proceed: 0, missing: 1, recall: 0 });
    expect(r.byCase['referral-ring']).toBeUndefined(); // not planted here: not listed
    expect(r.bySignals.single).toEqual({ n: 2, stop: 0, verify: 1, proceed: 0, missing: 1, recall: 0.5 });
    expect(r.bySignals.several).toEqual({ n: 2, stop: 2, verify: 0, proceed: 0, missing: 0, recall: 1 });
    expect(r.byNegative['family-address']).toEqual({ n: 2, stop: 1, verify: 1, proceed: 0, missing: 0, notProceed: 1 });
    expect(r.byNegative['free-mail'].notProceed).toBe(3 / 5);
    expect(r.byNegative['agency-sourced']).toEqual({ n: 1, stop: 0, verify: 0, proceed: 0, missing: 1, notProceed: 0 });

    const text = formatVetting(r);
    expect(text).toMatch(/recall of stop\|verify on planted fraud\s+75\.0% \(3\/4\)\s+target ≥ 95\.0%\s+BELOW TARGET/);
    expect(text).toMatch(/precision of stop\s+40\.0%/);
    expect(text).toMatch(/honest candidates not proceed\s+60\.0% \(3\/5\)/);
    expect(text).toMatch(/not in the report: 1 planted, 1 honest/);
    expect(text).toMatch(/^tech-anachronism\s+1\s+0\s+0\s+0\s+1\s+0\.0%$/m);
    expect(text).toMatch(/^family-address\s+2\s+1\s+1\s+0\s+0\s+100\.0%$/m);
    expect(text).toContain('missing   -  f4 <f4@gmail.com>  [tech-anachronism] (Bun (2022) at a job that ended in 2015)');
    expect(text).toContain('address-reuse/high: Address shared with another candidate');
  });

  it('no stop at all: precision is undefined and does not pass', () => {
    const r = scoreVetting(TRUTH, report(TRUTH.candidates.map((t, i) => result(`c${i}`, [t.email], t.fraud ? 'verify' : 'proceed', 40))));
    expect(r.recall).toBe(1);
    expect(r.stopPrecision).toBeNull();
    expect(r.pass.stopPrecision).toBe(false);
    expect(formatVetting(r)).toMatch(/precision of stop\s+n\/a/);
  });

  it('refuses a report that is not sleetwatch.vetting/v1', () => {
    expect(() => scoreVetting(TRUTH, { schema: 'sleetwatch.report/v1', candidates: [] } as unknown as VettingReport)).toThrow(/schema/);
  });
});

describe('the answer key and the harness', () => {
  it('finds the key beside a pool folder, or in the company truth.json that holds the pool', () => {
    const root = mkdtempSync(join(tmpdir(), 'sw-vet-eval-'));
    tmp.push(root);
    // a pool of its own: <dir>-truth.json
    mkdirSync(join(root, 'pool'));
    writeFileSync(join(root, 'pool-truth.json'), JSON.stringify(TRUTH));
    expect(loadApplicantTruth(join(root, 'pool')).candidates.length).toBe(10);
    expect(evaluateVetting(join(root, 'pool') + '/', report([])).fraud.missing).toBe(4);
    // a company: <company>/truth.json with `applicants`
    mkdirSync(join(root, 'company/applicants'), { recursive: true });
    writeFileSync(join(root, 'company/truth.json'), JSON.stringify({ schema: 'sleetwatch.synth-truth/v1', applicants: { ...TRUTH, seed: 2 } }));
    expect(loadApplicantTruth(join(root, 'company/applicants')).seed).toBe(2);
    // the company's key moved beside it by `sleetwatch generate`: <company>-truth.json
    mkdirSync(join(root, 'gen/applicants'), { recursive: true });
    writeFileSync(join(root, 'gen-truth.json'), JSON.stringify({ schema: 'sleetwatch.synth-truth/v1', applicants: { ...TRUTH, seed: 3 } }));
    expect(loadApplicantTruth(join(root, 'gen/applicants')).seed).toBe(3);
    // a company key without a pool is no answer
    mkdirSync(join(root, 'old/applicants'), { recursive: true });
    writeFileSync(join(root, 'old/truth.json'), JSON.stringify({ schema: 'sleetwatch.synth-truth/v1' }));
    expect(() => loadApplicantTruth(join(root, 'old/applicants'))).toThrow(/no applicant answer key/);
  });

  it('runVettingEval vets the pool and the directory at the pool\'s date and scores what comes back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sw-vet-eval-'));
    tmp.push(root);
    mkdirSync(join(root, 'company/applicants'), { recursive: true });
    writeFileSync(join(root, 'company/truth.json'), JSON.stringify({ applicants: TRUTH }));
    const calls: { paths: string[]; now?: number }[] = [];
    const { result: scored, ms } = await runVettingEval({
      applicantsDir: join(root, 'company/applicants'),
      directoryDir: join(root, 'company/directory'),
      vetPaths: async (paths, opts) => {
        calls.push({ paths, now: opts?.now });
        return report(TRUTH.candidates.map((t, i) => result(`c${i}`, [t.email], t.fraud ? 'stop' : 'proceed', t.fraud ? 90 : 0)));
      },
    });
    expect(calls).toEqual([{ paths: [join(root, 'company/applicants'), join(root, 'company/directory')], now: Date.parse('2026-09-01T00:00:00Z') }]);
    expect(scored.recall).toBe(1);
    expect(scored.stopPrecision).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('loads vetPaths from src/app/vet.ts, or says clearly that this build has none', async () => {
    if (existsSync(join(import.meta.dirname, '..', 'app', 'vet.ts'))) expect(typeof (await loadVetPaths())).toBe('function');
    else await expect(loadVetPaths()).rejects.toThrow(/needs src\/app\/vet\.ts \(vetPaths\)/);
  });
});
