// Pseudonym search: a prefix of "Person XXXX-XXXX" (any case, with or without the label and dash) finds the person;
// people written by later batches are added to the index without rebuilding it.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manyPeople } from '../store/fixtures/people.ts';
import { openPGliteStore } from '../store/pglite.ts';
import { PseudonymSearch, pseudonymKey } from './pseudonyms.ts';

const pseudonymOf = (id: string): string => {
  const h = createHmac('sha256', 'k').update(id).digest('hex').toUpperCase();
  return `Person ${h.slice(0, 4)}-${h.slice(4, 8)}`;
};

describe('PseudonymSearch', () => {
  it('finds people by pseudonym prefix and keeps up with later batches incrementally', async () => {
    const store = await openPGliteStore('memory://');
    try {
      const batch = async (tag: string, n: number) =>
        store.atomic(async (tx) => {
          const v = await tx.beginBatch();
          const people = manyPeople(n, tag);
          await tx.savePeople(people, `run-${tag}`, v);
          return people.map((p) => p.personId);
        });
      const first = await batch('a', 50);
      let calls = 0;
      const search = new PseudonymSearch(store, async () => (id) => (calls++, pseudonymOf(id)));
      const target = first[17];
      const p = pseudonymOf(target);
      expect(pseudonymKey(p)).toBe(p.slice(7).replace('-', ''));
      for (const q of [p, p.toLowerCase(), p.slice(7, 13), `person ${p.slice(7, 11)}`]) expect(await search.idsWithPrefix(q, 100), q).toContain(target);
      expect(await search.idsWithPrefix('Person', 100)).toEqual([]);
      expect(await search.idsWithPrefix('---', 100)).toEqual([]);
      expect(calls).toBe(50);
      const second = await batch('b', 5);
      const t2 = second[3];
      expect(await search.idsWithPrefix(pseudonymOf(t2), 100)).toEqual([t2]);
      expect(calls).toBe(55); // only the new people were hashed
      expect(await search.idsWithPrefix(p, 100)).toContain(target);
      // At most `max` ids.
      expect((await search.idsWithPrefix('0', 1)).length).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
    }
  });
});
