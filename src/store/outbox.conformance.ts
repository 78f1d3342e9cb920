// The outbox part of the Store (migration 012), run on PGlite and PostgreSQL (pglite.test.ts, postgres.test.ts):
// rows commit or roll back with the caller's transaction, are queued once per key, claimed with a lease (a sender
// that dies leaves the row to be claimed again with the same id), retried when due, given up, and marked delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './types.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MIN = 60_000;
let seq = 0;
const key = (what: string): string => `${what}-${(seq++).toString(36)}`;
const draft = (k: string, channel = 'soc-webhook') => ({ dedupeKey: k, channel, eventType: 'alert.raised', event: { type: 'alert.raised', id: k, caseId: 'case-1' } });

export function outboxConformance(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`Outbox store conformance: ${name}`, () => {
    let store: Store;
    let opened: { store: Store; close(): Promise<void> };
    // Each test works at its own time, far from the others', so rows of earlier tests are not due in it.
    let clock = T0;
    const later = () => (clock += 1000 * 24 * 60 * MIN);
    /** Claim everything due at `now`, keeping only this test's rows (by key prefix) in the answer. */
    const claimMine = async (now: number, mine: (k: string) => boolean, leaseMs = 2 * MIN) =>
      (await store.outbox().claim({ now, limit: 1000, leaseMs })).filter((r) => mine(r.dedupeKey));

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    }, 60_000);
    afterAll(async () => {
      await opened?.close();
    });

    it('rows commit with the transaction that writes them, and roll back with it', async () => {
      const now = later();
      const kept = key('kept');
      const lost = key('lost');
      await store.atomic(async (tx) => {
        expect(await tx.outbox().enqueue([draft(kept)], now)).toHaveLength(1);
      });
      await expect(
        store.atomic(async (tx) => {
          await tx.outbox().enqueue([draft(lost)], now);
          throw new Error('the alert transaction failed');
        }),
      ).rejects.toThrow('the alert transaction failed');
      const keys = (await store.outbox().list({ limit: 10_000 })).map((r) => r.dedupeKey);
      expect(keys).toContain(kept);
      expect(keys).not.toContain(lost);
    });

    it('queues each key once; a repeat is a no-op', async () => {
      const now = later();
      const k = key('once');
      const first = await store.outbox().enqueue([draft(k), draft(k + '-b')], now);
      expect(first.map((r) => r.dedupeKey)).toEqual([k, k + '-b']);
      expect(first[0]).toMatchObject({ channel: 'soc-webhook', eventType: 'alert.raised', attempts: 0, state: 'pending', createdAt: new Date(now).toISOString() });
      expect(first[0].event).toEqual({ type: 'alert.raised', id: k, caseId: 'case-1' });
      expect(await store.outbox().enqueue([draft(k)], now + MIN)).toEqual([]);
      expect((await store.outbox().list({ limit: 10_000 })).filter((r) => r.dedupeKey === k)).toHaveLength(1);
    });

    it('a claim leases a row; it is not claimed again until the lease runs out, then with the same id', async () => {
      const now = later();
      const k = key('lease');
      const [row] = await store.outbox().enqueue([draft(k)], now);
      const mine = (x: string) => x === k;
      const first = await claimMine(now, mine);
      expect(first.map((r) => [r.id, r.attempts])).toEqual([[row.id, 1]]);
      expect(first[0].leaseUntil).toBe(new Date(now + 2 * MIN).toISOString());
      expect(await claimMine(now + MIN, mine)).toEqual([]); // held by the first claimer
      // The sender died between sending and marking: the lease runs out and the row is claimed again, same id.
      const again = await claimMine(now + 2 * MIN, mine);
      expect(again.map((r) => [r.id, r.attempts])).toEqual([[row.id, 2]]);
      expect(await store.outbox().markDelivered(row.id, now + 3 * MIN)).toBe(true);
      expect(await claimMine(now + 10 * MIN, mine)).toEqual([]);
      const [listed] = (await store.outbox().list({ state: 'delivered', limit: 10_000 })).filter((r) => r.id === row.id);
      expect(listed).toMatchObject({ state: 'delivered', deliveredAt: new Date(now + 3 * MIN).toISOString(), attempts: 2 });
      expect(listed.leaseUntil).toBeUndefined();
    });

    it('a failed attempt is due again at its retry time; without one the row is given up (dead)', async () => {
      const now = later();
      const retry = key('retry');
      const give = key('give-up');
      const [r1, r2] = await store.outbox().enqueue([draft(retry), draft(give)], now);
      const mine = (x: string) => x === retry || x === give;
      expect((await claimMine(now, mine)).length).toBe(2);
      expect(await store.outbox().markFailed(r1.id, { now, error: 'HTTP 503 from the receiver', retryAt: now + 5 * MIN })).toBe(true);
      expect(await store.outbox().markFailed(r2.id, { now, error: 'HTTP 404: \u0000 gone', })).toBe(true);
      expect(await claimMine(now + 4 * MIN, mine)).toEqual([]);
      const due = await claimMine(now + 5 * MIN, mine);
      expect(due.map((r) => [r.id, r.attempts, r.lastError])).toEqual([[r1.id, 2, 'HTTP 503 from the receiver']]);
      const dead = (await store.outbox().list({ state: 'dead', limit: 10_000 })).find((r) => r.id === r2.id)!;
      expect(dead).toMatchObject({ state: 'dead', deadAt: new Date(now).toISOString(), lastError: 'HTTP 404: \ufffd gone' });
      expect(await store.outbox().markDelivered(r2.id, now + 6 * MIN)).toBe(false); // given up stays given up
      expect(await store.outbox().markFailed(r2.id, { now, error: 'x', retryAt: now })).toBe(false);
      expect((await store.outbox().list({ state: 'pending', limit: 10_000 })).map((r) => r.id)).toContain(r1.id);
    });

    it('concurrent claimers never get the same row', async () => {
      const now = later();
      const prefix = key('many');
      await store.outbox().enqueue(Array.from({ length: 40 }, (_, i) => draft(`${prefix}-${i}`)), now);
      const mine = (x: string) => x.startsWith(prefix + '-');
      const parts = await Promise.all([0, 1, 2, 3].map(() => store.outbox().claim({ now, limit: 15, leaseMs: MIN })));
      const ids = parts.flat().filter((r) => mine(r.dedupeKey)).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
    });

    it('stores hostile event text (NUL, lone surrogates, markup) as storable text', async () => {
      const now = later();
      const k = key('hostile');
      const [row] = await store.outbox().enqueue([{ ...draft(k), event: { note: 'a\u0000b\ud800c<script>&' } }], now);
      expect(row.event).toEqual({ note: 'a\ufffdb\ufffdc<script>&' });
    });
  });
}
