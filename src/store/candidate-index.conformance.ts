// The ONE conformance suite every CandidateIndex adapter passes: memory (src/vetting/index/memory.ts), PGlite and
// PostgreSQL (src/store/candidate-index.ts). Each suite gets a fresh, empty index; tests use their own values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandidateIndex } from '../core/candidate-index.ts';
import type { ReuseMatch } from '../core/check.ts';
import { DirectoryEntry } from '../core/model.ts';
import { enriched, type Spec } from '../vetting/index/fixtures/enriched.ts';
import { partyFromDirectory } from '../vetting/index/keys.ts';
import { cloneResume, honestResume } from '../vetting/similarity/fixtures/resumes.ts';
import { minhash } from '../vetting/similarity/minhash.ts';

export interface OpenedIndex {
  index: CandidateIndex;
  close(): Promise<void>;
}

const add = (ix: CandidateIndex, ...specs: Spec[]): Promise<void> => ix.add(specs.map((s) => ix.partyOf(enriched(s))));
const brief = (ms: ReuseMatch[]): string[] => ms.map((m) => `${m.field} ${m.value} ${m.other.kind}:${m.other.id}`).sort();

/** Flip `n` bits of a 16-hex-digit hash, one in each band in turn. */
function flip(hash: string, n: number): string {
  let x = BigInt(`0x${hash}`);
  for (let i = 0; i < n; i++) x ^= 1n << BigInt((i % 4) * 16 + Math.floor(i / 4));
  return x.toString(16).padStart(16, '0');
}

export function candidateIndexConformance(name: string, open: () => Promise<OpenedIndex>): void {
  describe(`CandidateIndex conformance: ${name}`, () => {
    let ix: CandidateIndex;
    let opened: OpenedIndex;
    beforeAll(async () => {
      opened = await open();
      ix = opened.index;
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
    });

    it('finds exact reuse of phone, mailbox, address, GitHub login and referrer, never the candidate itself', async () => {
      await add(
        ix,
        { id: 'ex:a', given: 'Ann', family: 'Lowe', phones: ['+14155550101'], emails: ['ann.lowe@gmail.com'], addresses: ['1 main st|springfield|us'], github: 'ann-dev', referrer: 'Bob Ref' },
        { id: 'ex:b', given: 'Carl', family: 'Diaz', phones: ['+14155550101'], emails: ['a.n.n.lowe+jobs@gmail.com'] },
        { id: 'ex:c', given: 'Dora', family: 'Fry', addresses: ['1 main st|springfield|us'], github: 'Ann-Dev', referrer: ' bob  ref ' },
      );
      const a = enriched({ id: 'ex:a', given: 'Ann', family: 'Lowe', phones: ['+14155550101'], emails: ['ann.lowe@gmail.com'], addresses: ['1 main st|springfield|us'], github: 'ann-dev', referrer: 'Bob Ref' });
      expect(brief(await ix.lookup(a))).toEqual(
        [
          'phone +14155550101 candidate:ex:b',
          'mailbox annlowe@gmail.com candidate:ex:b',
          'address 1 main st|springfield|us candidate:ex:c',
          'github ann-dev candidate:ex:c',
          'referrer bob ref candidate:ex:c',
        ].sort(),
      );
      const m = (await ix.lookup(a)).find((x) => x.field === 'phone')!;
      expect(m).toMatchObject({ similarity: 1, other: { kind: 'candidate', id: 'ex:b', displayName: 'Carl Diaz' }, otherFamilyName: 'diaz' });
      expect(m.sharedBy).toBeUndefined();
    });

    it("finds an employee's phone, personal e-mail and home address (partyFromDirectory)", async () => {
      const emp = DirectoryEntry.parse({
        id: 'scim:emp-1',
        source: 'scim',
        ids: [{ kind: 'upn', value: 'Grace.Hopper@contoso.com' }],
        givenName: 'Grace',
        familyName: 'Hopper',
        displayName: 'Grace Hopper',
        emails: [{ value: 'Grace.Hopper@contoso.com', type: 'work' }, { value: 'amazing.grace@proton.me', type: 'home' }],
        phones: [{ value: '+1 (206) 555-0199', type: 'mobile' }],
        homeAddress: { street: '10 Elm St', locality: 'Seattle', country: 'US' },
      });
      await ix.add([partyFromDirectory(emp, { addressKeys: ['10 elm st|seattle|us'] })]);
      const c = enriched({ id: 'emp:c1', given: 'Ken', family: 'Oduya', phones: ['+12065550199'], emails: ['amazing.grace@gmail.com'], addresses: ['10 elm st|seattle|us'] });
      expect(brief(await ix.lookup(c))).toEqual(
        ['phone +12065550199 employee:scim:emp-1', 'emailLocal amazinggrace employee:scim:emp-1', 'address 10 elm st|seattle|us employee:scim:emp-1'].sort(),
      );
    });

    it('matches name variants (Kim Min-jun = Min Jun Gim) and keeps generic or short local parts out', async () => {
      await add(ix, { id: 'nm:a', display: 'Kim Min-jun', emails: ['info@kim-design.example', 'mj@proton.me'] });
      const c = enriched({ id: 'nm:b', display: 'Min Jun Gim', emails: ['info@other.example', 'mj@gmail.com'] });
      expect(brief(await ix.lookup(c))).toEqual(['name kim|minjun candidate:nm:a']);
    });

    it('reports the mailbox once, not also as the same local part', async () => {
      await add(ix, { id: 'mb:a', given: 'Pat', family: 'Quill', emails: ['pat.quill.dev@gmail.com'] });
      const c = enriched({ id: 'mb:b', given: 'Ro', family: 'Sato', emails: ['patquilldev@gmail.com'] });
      expect(brief(await ix.lookup(c))).toEqual(['mailbox patquilldev@gmail.com candidate:mb:a']);
      const d = enriched({ id: 'mb:c', given: 'Ro', family: 'Sato', emails: ['pat.quill.dev@outlook.com'] });
      expect(brief(await ix.lookup(d))).toEqual(['emailLocal patquilldev candidate:mb:a']);
    });

    it('finds a near photo by band probing and verifies the Hamming distance', async () => {
      const h = '9c3a5e71d2b40f86';
      await add(ix, { id: 'ph:a', given: 'Lia', family: 'Moss', photoHash: h }, { id: 'ph:far', given: 'Ned', family: 'Ray', photoHash: flip(h, 20) });
      const near = await ix.lookup(enriched({ id: 'ph:q', given: 'Ola', family: 'Tum', photoHash: flip(h, 9) }));
      expect(near.map((m) => [m.field, m.other.id, m.value])).toEqual([['photo', 'ph:a', h]]);
      expect(near[0].similarity).toBeCloseTo(1 - 9 / 64, 6);
      expect(near[0].detail).toMatch(/Hamming distance 9 of 64 bits \(threshold 10\)/);
      expect(await ix.lookup(enriched({ id: 'ph:q', given: 'Ola', family: 'Tum', photoHash: flip(h, 9) }), { photoMaxHamming: 8 })).toEqual([]);
    });

    it('finds a cloned resume by LSH and verifies it; an honest boilerplate resume is not a match', async () => {
      const text = honestResume(42, 0.9);
      await add(ix, { id: 'rs:a', given: 'Uma', family: 'Vogel', resumeText: text, resumeSignature: minhash(text) });
      const clone = cloneResume(text, 7, 0.03);
      const found = await ix.lookup(enriched({ id: 'rs:b', given: 'Wes', family: 'Xu', resumeText: clone, resumeSignature: minhash(clone) }));
      expect(found.map((m) => [m.field, m.other.id])).toEqual([['resume', 'rs:a']]);
      expect(found[0].similarity).toBeGreaterThanOrEqual(0.5);
      expect(found[0].detail).toMatch(/Jaccard estimate 0\.\d\d over 128 MinHash values \(threshold 0\.5\); \d+ LSH band\(s\) shared; ≈ \d+ shared 4-word passages/);
      const honest = honestResume(43, 0.9);
      expect(await ix.lookup(enriched({ id: 'rs:c', given: 'Yan', family: 'Zee', resumeText: honest, resumeSignature: minhash(honest) }))).toEqual([]);
    });

    it('bounds the parties per key and counts the rest', async () => {
      const specs: Spec[] = Array.from({ length: 30 }, (_, i) => ({ id: `hot:${i}`, given: `G${i}`, family: `F${i}`, phones: ['+18005550000'] }));
      await add(ix, ...specs);
      const ms = await ix.lookup(enriched({ id: 'hot:0', given: 'G0', family: 'F0', phones: ['+18005550000'] }), { maxPerKey: 5 });
      expect(ms).toHaveLength(5);
      for (const m of ms) expect(m).toMatchObject({ field: 'phone', sharedBy: 29 });
      expect(ms.some((m) => m.other.id === 'hot:0')).toBe(false);
    });

    it('replaces a party on add (old keys go) and removes it', async () => {
      await add(ix, { id: 'rp:a', given: 'Ida', family: 'Jones', phones: ['+447700900123'] });
      const q = enriched({ id: 'rp:q', given: 'Kai', family: 'Lund', phones: ['+447700900123', '+447700900456'] });
      expect(brief(await ix.lookup(q))).toEqual(['phone +447700900123 candidate:rp:a']);
      const before = await ix.size();
      await add(ix, { id: 'rp:a', given: 'Ida', family: 'Jones', phones: ['+447700900456'] });
      expect(await ix.size()).toBe(before);
      expect(brief(await ix.lookup(q))).toEqual(['phone +447700900456 candidate:rp:a']);
      expect(await ix.remove({ kind: 'candidate', id: 'rp:a' })).toBe(true);
      expect(await ix.remove({ kind: 'candidate', id: 'rp:a' })).toBe(false);
      expect(await ix.size()).toBe(before - 1);
      expect(await ix.lookup(q)).toEqual([]);
    });

    it('a candidate and an employee with the same id are different parties', async () => {
      await add(ix, { id: 'same-id', given: 'Mo', family: 'Nash', phones: ['+15035550111'] });
      await ix.add([partyFromDirectory(DirectoryEntry.parse({ id: 'same-id', source: 'scim', ids: [{ kind: 'employeeId', value: 'E1' }], phones: [{ value: '+15035550111' }] }))]);
      const ms = await ix.lookup(enriched({ id: 'same-id', given: 'Mo', family: 'Nash', phones: ['+15035550111'] }));
      expect(brief(ms)).toEqual(['phone +15035550111 employee:same-id']);
    });

    it('stores hostile strings (NUL, lone surrogates, quotes) as the key function cleans them', async () => {
      await add(ix, { id: "hs:a'; DROP TABLE reuse_keys; --", display: 'Nul\u0000 Name\ud800', addresses: ['x\u0000y\udc00'] });
      const ms = await ix.lookup(enriched({ id: 'hs:b', display: 'Other Person', addresses: ['x\u0000y\udc00'] }));
      expect(ms).toHaveLength(1);
      expect(ms[0]).toMatchObject({ field: 'address', value: 'x\ufffdy\ufffd', other: { kind: 'candidate', id: "hs:a'; DROP TABLE reuse_keys; --", displayName: 'Nul\ufffd Name\ufffd' } });
    });

    it('a candidate with no keys looks up nothing', async () => {
      expect(await ix.lookup(enriched({ id: 'empty' }))).toEqual([]);
    });
  });
}
