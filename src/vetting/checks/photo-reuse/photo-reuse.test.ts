// photo-reuse over real index lookups. Hashes are pHashes of generated 32×32 pictures (similarity/phash.ts); a
// "re-saved" copy flips a few bits as re-saving does (0–6 bits measured on real JPEGs in
// src/app/vet-enrich-similarity.test.ts); a different picture is ~26–32 bits away.
import { describe, expect, it } from 'vitest';
import { DirectoryEntry } from '../../../core/model.ts';
import { vetAgainst } from '../../index/fixtures/context.ts';
import { partyFromDirectory } from '../../index/keys.ts';
import { hamming, phash } from '../../similarity/phash.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const P = definition.params.parse({});
const picture = (a: number, b: number) => {
  const out: number[] = [];
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out.push(Math.round(128 + 70 * Math.sin(x / a + y / 9) + 50 * Math.cos(y / b - x / 13)));
  return phash(out);
};
const flip = (h: string, bits: number[]) => {
  let x = BigInt(`0x${h}`);
  for (const b of bits) x ^= 1n << BigInt(b);
  return x.toString(16).padStart(16, '0');
};
const face = picture(4, 6);
const otherFace = picture(7, 3);

describe('photo-reuse', () => {
  it('the same photo under another name → high, distance and threshold in evidence; profiles failed', async () => {
    const { c, ctx } = await vetAgainst({ id: 'p1', given: 'Ana', family: 'Bell', photoHash: flip(face, [3]) }, [{ id: 'p0', given: 'Cy', family: 'Dorn', photoHash: face }]);
    const r = check.run(c, ctx, P);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'The same photo under another name', likelihoodRatio: P.likelihoodRatio });
    expect(r.findings[0].evidence[0]).toMatchObject({ type: 'peer', value: 1, threshold: 10, unit: 'bits' });
    expect(r.checklist).toEqual([{ item: 'profiles', status: 'failed', evidence: r.findings[0].explanation }]);
  });

  it("an edited copy (8 bits, across all bands) of an employee's photo → near-identical, high", async () => {
    const emp = DirectoryEntry.parse({ id: 'scim:9', source: 'scim', ids: [{ kind: 'employeeId', value: '9' }], displayName: 'Gus Hale' });
    const stored = partyFromDirectory(emp, { photoHash: face });
    const edited = flip(face, [1, 9, 17, 25, 33, 41, 49, 57]);
    expect(hamming(face, edited)).toBe(8);
    const { c, ctx } = await vetAgainst({ id: 'p2', given: 'Ivy', family: 'Jain', photoHash: edited }, [], [stored]);
    const r = check.run(c, ctx, P);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['high', 'A near-identical photo under another name']]);
    expect(r.findings[0].evidence[0]).toMatchObject({ type: 'directory', personId: 'scim:9', value: 8 });
  });

  it('a different picture → no finding, profiles verified', async () => {
    expect(hamming(face, otherFace)).toBeGreaterThan(16);
    const { c, ctx } = await vetAgainst({ id: 'p3', given: 'Kai', family: 'Lam', photoHash: otherFace }, [{ id: 'p0', given: 'Cy', family: 'Dorn', photoHash: face }]);
    const r = check.run(c, ctx, P);
    expect(r.findings).toEqual([]);
    expect(r.checklist[0]).toMatchObject({ item: 'profiles', status: 'verified' });
  });

  it('a stricter maxHamming param drops a match the index returned', async () => {
    const { c, ctx } = await vetAgainst({ id: 'p4', given: 'Mo', family: 'Nye', photoHash: flip(face, [1, 17, 33, 49, 2, 18]) }, [{ id: 'p0', given: 'Cy', family: 'Dorn', photoHash: face }]);
    expect(check.run(c, ctx, P).findings).toHaveLength(1);
    expect(check.run(c, ctx, definition.params.parse({ maxHamming: 5 })).findings).toEqual([]);
  });

  it('the same person with the same photo on file → info only', async () => {
    const { c, ctx } = await vetAgainst({ id: 'p5', given: 'Ola', family: 'Park', photoHash: face }, [{ id: 'p6', display: 'Ola Pak', photoHash: face }]);
    const r = check.run(c, ctx, P);
    expect(r.findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('no photo → nothing judged', async () => {
    const { c, ctx } = await vetAgainst({ id: 'p7', given: 'Pia', family: 'Qu' }, []);
    expect(check.run(c, ctx, P)).toEqual({ findings: [], checklist: [] });
  });
});
