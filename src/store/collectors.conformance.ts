// The collectors part of the Store (migration 014), run on PGlite and PostgreSQL (pglite.test.ts, postgres.test.ts):
// checkpoints commit or roll back with the transaction they are written in, the newest event time only rises, event
// and page counts add up, errors back off and a success clears them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './types.ts';

const T0 = new Date('2026-12-01T10:00:00.000Z');
const at = (min: number): Date => new Date(T0.getTime() + min * 60_000);

export function collectorsConformance(name: string, open: () => Promise<{ store: Store; close(): Promise<void> }>): void {
  describe(`Collector store conformance: ${name}`, () => {
    let store: Store;
    let opened: { store: Store; close(): Promise<void> };
    beforeAll(async () => {
      opened = await open();
      store = opened.store;
    });
    afterAll(async () => {
      await opened.close();
    });

    it('knows no collector before its first checkpoint', async () => {
      expect(await store.collectors().get('graph-signins')).toBeUndefined();
      expect(await store.collectors().list()).toEqual([]);
    });

    it('saves a checkpoint, adds counts, and keeps the newest event time from going back', async () => {
      const c = store.collectors();
      await c.saveCheckpoint('graph-signins', { checkpoint: { since: '2026-12-01T00:00:00.000Z', next: 'https://graph.example/p2' }, newestEventAt: at(-30).getTime(), events: 100, at: at(0) });
      await c.saveCheckpoint('graph-signins', { checkpoint: { since: '2026-12-01T09:30:00.000Z' }, newestEventAt: at(-60).getTime(), events: 7, at: at(1) });
      const s = await c.get('graph-signins');
      expect(s).toEqual({
        id: 'graph-signins',
        checkpoint: { since: '2026-12-01T09:30:00.000Z' },
        newestEventAt: at(-30).toISOString(),
        events: 107,
        pages: 2,
        failures: 0,
        lastSuccessAt: at(1).toISOString(),
        updatedAt: at(1).toISOString(),
      });
      // A directory page has no event time: the newest event time stays.
      await c.saveCheckpoint('graph-signins', { checkpoint: { since: 'x' }, events: 0, at: at(2) });
      expect((await c.get('graph-signins'))?.newestEventAt).toBe(at(-30).toISOString());
    });

    it('commits a checkpoint with its transaction and drops it with a rolled-back one', async () => {
      await store.atomic(async (tx) => {
        await tx.collectors().saveCheckpoint('okta-logs', { checkpoint: { since: 'a' }, newestEventAt: at(0).getTime(), events: 3, at: at(0) });
      });
      await expect(
        store.atomic(async (tx) => {
          await tx.collectors().saveCheckpoint('okta-logs', { checkpoint: { since: 'b' }, newestEventAt: at(5).getTime(), events: 9, at: at(5) });
          expect((await tx.collectors().get('okta-logs'))?.checkpoint).toEqual({ since: 'b' }); // reads its own write
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      const s = await store.collectors().get('okta-logs');
      expect(s?.checkpoint).toEqual({ since: 'a' });
      expect(s?.events).toBe(3);
      expect(s?.newestEventAt).toBe(at(0).toISOString());
    });

    it('records errors with back-off, keeps the checkpoint, and clears them on success', async () => {
      const c = store.collectors();
      await c.markError('okta-logs', { message: 'HTTP 503 from https://okta.example/api/v1/logs', failures: 1, nextAttemptAt: at(11), at: at(10) });
      await c.markError('okta-logs', { message: 'timeout \u0000 after 30 s', failures: 2, nextAttemptAt: at(14), at: at(12) });
      let s = await c.get('okta-logs');
      expect(s).toMatchObject({ checkpoint: { since: 'a' }, failures: 2, lastError: 'timeout \ufffd after 30 s', lastErrorAt: at(12).toISOString(), nextAttemptAt: at(14).toISOString() });
      await c.markSuccess('okta-logs', { at: at(15) });
      s = await c.get('okta-logs');
      expect(s).toMatchObject({ checkpoint: { since: 'a' }, failures: 0, lastSuccessAt: at(15).toISOString(), lastError: 'timeout \ufffd after 30 s' });
      expect(s?.nextAttemptAt).toBeUndefined();
      await c.markSuccess('okta-logs', { checkpoint: { since: 'c' }, at: at(16) });
      expect((await c.get('okta-logs'))?.checkpoint).toEqual({ since: 'c' });
      // A first error for an unknown collector creates its row with an empty checkpoint.
      await c.markError('google-login', { message: 'x'.repeat(5000), failures: 1, nextAttemptAt: at(1), at: at(0) });
      const g = await c.get('google-login');
      expect(g?.checkpoint).toEqual({});
      expect(g?.lastError?.length).toBeLessThanOrEqual(1001);
      expect((await c.list()).map((x) => x.id)).toEqual(['google-login', 'graph-signins', 'okta-logs']);
    });
  });
}
