// cloned-resume over real index lookups: a resume re-sent under another name (3% and 8% of words reworded) is found;
// boilerplate-heavy honest resumes of other people and the same person's own resume on file are not findings.
import { describe, expect, it } from 'vitest';
import { vetAgainst } from '../../index/fixtures/context.ts';
import { cloneResume, honestResume } from '../../similarity/fixtures/resumes.ts';
import { minhash } from '../../similarity/minhash.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const P = definition.params.parse({});
const withResume = (id: string, given: string, family: string, text: string) => ({ id, given, family, resumeText: text, resumeSignature: minhash(text) });
const original = honestResume(2024, 0.9);

describe('cloned-resume', () => {
  it('a resume re-sent under another name → high, with the Jaccard estimate and shared passages; checklist failed', async () => {
    const { c, ctx } = await vetAgainst(withResume('x1', 'Zhao', 'Lei', cloneResume(original, 5, 0.03)), [withResume('x0', 'Mark', 'Olsen', original)]);
    const r = check.run(c, ctx, P);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', likelihoodRatio: P.highLikelihoodRatio });
    expect(r.findings[0].explanation).toMatch(/near-duplicate of the resume of 1 other applicant under another name: candidate Mark Olsen \(x0\) \(0\.[7-9]\d\)/);
    expect(r.findings[0].explanation).toMatch(/this resume has \d+ distinct 4-word passages/);
    expect(r.findings[0].evidence[0].label).toMatch(/≈ \d+ shared 4-word passages \(this resume \d+, theirs \d+\)/);
    expect(r.checklist.map((e) => [e.item, e.status])).toEqual([['profiles', 'failed'], ['consistent-history', 'failed']]);
  });

  it('a more heavily reworded clone (estimate between 0.5 and 0.7) → medium', async () => {
    let found = false;
    for (let seed = 1; seed < 40 && !found; seed++) {
      const { c, ctx } = await vetAgainst(withResume('y1', 'Ann', 'Berg', cloneResume(original, seed, 0.07)), [withResume('y0', 'Cal', 'Dunn', original)]);
      const m = ctx.matches.find((x) => x.field === 'resume');
      if (!m || m.similarity >= P.highJaccard) continue;
      const r = check.run(c, ctx, P);
      expect(r.findings[0]).toMatchObject({ severity: 'medium', likelihoodRatio: P.mediumLikelihoodRatio });
      found = true;
    }
    expect(found).toBe(true);
  });

  it('boilerplate-heavy honest resumes of 60 other people → no finding, profiles verified', async () => {
    const others = Array.from({ length: 60 }, (_, i) => withResume(`h${i}`, `G${i}`, `F${i}`, honestResume(9000 + i, 0.9)));
    const { c, ctx } = await vetAgainst(withResume('hq', 'Dee', 'Eck', honestResume(8999, 0.9)), others);
    const r = check.run(c, ctx, P);
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([{ item: 'profiles', status: 'verified', evidence: expect.stringMatching(/not a near-duplicate/) }]);
  });

  it('the same person with the same resume on file → info only', async () => {
    const { c, ctx } = await vetAgainst(withResume('s1', 'Eva', 'Fox', original), [withResume('s0', 'Eva', 'Fox', original)]);
    const r = check.run(c, ctx, P);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['info', 'The same resume on file under the same name']]);
    expect(r.checklist[0]).toMatchObject({ item: 'profiles', status: 'verified' });
  });

  it('no resume signature → nothing judged', async () => {
    const { c, ctx } = await vetAgainst({ id: 'n1', given: 'No', family: 'Text' }, []);
    expect(check.run(c, ctx, P)).toEqual({ findings: [], checklist: [] });
  });
});
