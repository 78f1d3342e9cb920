// The one conformance suite of the record stream (./types.ts), run against the in-process implementation
// (memory.test.ts) and a real NATS JetStream server (jetstream.test.ts). Each test opens a fresh stream (the factory
// gives a new server/stream name per call) with a short ack deadline so redelivery is observed quickly.
import { afterEach, describe, expect, it } from 'vitest';
import { assign, partitionOf } from './partition.ts';
import type { Delivery, EventStream, Subscription } from './types.ts';

export interface StreamFixture {
  /** A new client of this test's stream (a worker or a publisher process). */
  client(): Promise<EventStream>;
  /** Remove the stream (and close what the fixture opened). */
  cleanup(): Promise<void>;
}

/** Opens a fresh stream for one test: `partitions` lanes, redelivery after `ackWaitMs`, the given duplicate window. */
export type StreamFactory = (o: { partitions: number; ackWaitMs: number; duplicateWindowMs: number }) => Promise<StreamFixture>;

const enc = new TextEncoder();
const dec = new TextDecoder();
const rec = (id: string, body = id) => ({ id, data: enc.encode(body) });

/** Take deliveries until `n` arrived (or `ms` passed). */
async function takeN(sub: Subscription, n: number, ms = 15_000): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const until = Date.now() + ms;
  while (out.length < n && Date.now() < until) {
    await sub.ready(Math.max(1, until - Date.now()));
    out.push(...sub.take(n - out.length));
  }
  return out;
}

/** Whatever arrives within `ms` (to show that nothing more does). */
async function drain(sub: Subscription, ms: number): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await sub.ready(Math.max(1, until - Date.now()));
    out.push(...sub.take(1000));
  }
  return out;
}

export function streamConformance(name: string, factory: StreamFactory): void {
  describe(`stream conformance: ${name}`, () => {
    let fx: StreamFixture | undefined;
    const open = async (partitions = 4, ackWaitMs = 1000, duplicateWindowMs = 60_000) => {
      fx = await factory({ partitions, ackWaitMs, duplicateWindowMs });
      return fx;
    };
    afterEach(async () => {
      await fx?.cleanup();
      fx = undefined;
    });

    it('delivers what was published on a lane, in order, with its id and data, and only that lane', async () => {
      const f = await open();
      const s = await f.client();
      expect(s.partitions).toBe(4);
      const pub = await s.publish(2, [rec('a', 'alpha'), rec('b', 'beta'), rec('c', 'gamma')]);
      await s.publish(3, [rec('x')]);
      expect(pub.map((p) => p.duplicate)).toEqual([false, false, false]);
      expect(pub[0].seq).toBeLessThan(pub[1].seq);
      expect(pub[1].seq).toBeLessThan(pub[2].seq);
      const sub = await s.subscribe(2);
      const got = await takeN(sub, 3);
      expect(got.map((d) => [d.id, dec.decode(d.data), d.lane, d.seq, d.deliveries])).toEqual([
        ['a', 'alpha', 2, pub[0].seq, 1],
        ['b', 'beta', 2, pub[1].seq, 1],
        ['c', 'gamma', 2, pub[2].seq, 1],
      ]);
      for (const d of got) await d.ack();
      expect(await drain(sub, 300)).toEqual([]);
      expect(await s.pending(2)).toBe(0);
      expect(await s.pending(3)).toBe(1);
      await sub.stop();
    });

    it('drops a record re-published with the same id within the duplicate window (delivered once)', async () => {
      const f = await open();
      const s = await f.client();
      const first = await s.publish(0, [rec('evt-1', 'one'), rec('evt-2', 'two')]);
      // a publisher that died before it knew its batch was stored publishes it again, in part with new records
      const again = await s.publish(0, [rec('evt-2', 'two'), rec('evt-1', 'one'), rec('evt-3', 'three')]);
      expect(again.map((p) => p.duplicate)).toEqual([true, true, false]);
      expect(again[0].seq).toBe(first[1].seq);
      expect(again[1].seq).toBe(first[0].seq);
      // the same id from another client (another collector process) is a duplicate too
      const other = await f.client();
      expect((await other.publish(0, [rec('evt-3', 'three')]))[0].duplicate).toBe(true);
      const sub = await s.subscribe(0);
      const got = await takeN(sub, 3);
      for (const d of got) await d.ack();
      expect([...got.map((d) => d.id), ...(await drain(sub, 300)).map((d) => d.id)]).toEqual(['evt-1', 'evt-2', 'evt-3']);
      await sub.stop();
    });

    it('redelivers a delivery that is not acknowledged within the ack deadline', async () => {
      const f = await open(2, 1000);
      const s = await f.client();
      await s.publish(1, [rec('r1'), rec('r2')]);
      const sub = await s.subscribe(1);
      const first = await takeN(sub, 2);
      await first[1].ack(); // r1 is left unacknowledged (the worker died before its commit)
      const again = await takeN(sub, 1, 20_000);
      expect(again.map((d) => [d.id, d.deliveries])).toEqual([['r1', 2]]);
      expect(again[0].seq).toBe(first[0].seq);
      await again[0].ack();
      expect(await drain(sub, 1500)).toEqual([]);
      await sub.stop();
    });

    it('a delivery reported as still being worked on (working) is not redelivered past its ack deadline', async () => {
      const f = await open(2, 1000);
      const s = await f.client();
      await s.publish(1, [rec('w1')]);
      const sub = await s.subscribe(1);
      const [held] = await takeN(sub, 1);
      // three ack deadlines long, reported every 300 ms: never redelivered meanwhile
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        await held.working();
        expect(await drain(sub, 300)).toEqual([]);
      }
      await held.ack();
      expect(await drain(sub, 1500)).toEqual([]);
      await sub.stop();
    });

    it('a refused delivery (nak) and what a stopped subscription held go to another subscription of the lane', async () => {
      const f = await open(2, 2000);
      const a = await f.client();
      const b = await f.client();
      await a.publish(0, [rec('n1'), rec('n2'), rec('n3')]);
      const subA = await a.subscribe(0, { buffer: 10 });
      const got = await takeN(subA, 3);
      expect(got.map((d) => d.id)).toEqual(['n1', 'n2', 'n3']);
      await got[0].ack();
      await got[1].nak();
      // the worker loses the partition: it gives back n3 (taken, not committed) and stops; what was on its way to it
      // comes back too (at once, or at the latest after the ack deadline)
      await got[2].nak();
      await subA.stop();
      const subB = await b.subscribe(0);
      const seen = new Set<string>();
      const until = Date.now() + 20_000;
      while (seen.size < 2 && Date.now() < until) {
        await subB.ready(200);
        for (const d of subB.take(10)) {
          seen.add(d.id);
          await d.ack();
        }
      }
      expect([...seen].sort()).toEqual(['n2', 'n3']);
      expect(await a.pending(0)).toBe(0);
      await subB.stop();
    });

    it('subscriptions sharing a lane split its messages: each acknowledged message reaches exactly one', async () => {
      const f = await open(1, 30_000);
      const a = await f.client();
      const b = await f.client();
      const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
      const subA = await a.subscribe(0, { buffer: 20 });
      const subB = await b.subscribe(0, { buffer: 20 });
      await a.publish(0, ids.map((id) => rec(id)));
      const seen: string[] = [];
      const until = Date.now() + 20_000;
      while (seen.length < ids.length && Date.now() < until) {
        await Promise.race([subA.ready(200), subB.ready(200)]);
        for (const d of [...subA.take(50), ...subB.take(50)]) {
          seen.push(d.id);
          await d.ack();
        }
      }
      expect(seen.sort()).toEqual([...ids].sort());
      expect(await drain(subA, 300)).toEqual([]);
      await subA.stop();
      await subB.stop();
    });

    it('the ack floor passes a message only once it and everything before it on the lane are acknowledged', async () => {
      const f = await open();
      const s = await f.client();
      expect(await s.ackFloor('directory')).toBe(0);
      const [d1, d2] = await s.publish('directory', [rec('dir-1'), rec('dir-2')]);
      expect(await s.lastSeq('directory')).toBe(d2.seq);
      expect(await s.ackFloor('directory')).toBeLessThan(d1.seq);
      const sub = await s.subscribe('directory');
      const got = await takeN(sub, 2);
      await got[1].ack();
      expect(await s.ackFloor('directory')).toBeLessThan(d1.seq); // dir-1 is still being committed
      await got[0].ack();
      expect(await s.ackFloor('directory')).toBeGreaterThanOrEqual(d2.seq);
      await sub.stop();
    });

    it('workers see each other join and leave, and split the partitions between the live ones', async () => {
      const f = await open(8);
      const a = await f.client();
      const b = await f.client();
      const ma = await a.join('worker-a', { heartbeatMs: 100, timeoutMs: 2000 });
      const mb = await b.join('worker-b', { heartbeatMs: 100, timeoutMs: 2000 });
      const until = Date.now() + 10_000;
      while ((ma.live().length < 2 || mb.live().length < 2) && Date.now() < until) await ma.changed(100);
      expect(ma.live()).toEqual(['worker-a', 'worker-b']);
      expect(mb.live()).toEqual(['worker-a', 'worker-b']);
      const split = assign(ma.live(), 8);
      expect([...split.get('worker-a')!, ...split.get('worker-b')!].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      await mb.leave();
      while (ma.live().length > 1 && Date.now() < until) await ma.changed(100);
      expect(ma.live()).toEqual(['worker-a']);
      expect(assign(ma.live(), 8).get('worker-a')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      await ma.leave();
    });
  });
}

describe('partitions', () => {
  it('route a key to the same partition every time, spread over all of them', () => {
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[partitionOf(`mail:user${i}@example.com`, 16)]++;
    expect(partitionOf('mail:adele@contoso.com', 16)).toBe(partitionOf('mail:adele@contoso.com', 16));
    for (const c of counts) expect(c).toBeGreaterThan(800);
    for (const c of counts) expect(c).toBeLessThan(1200);
  });

  it('move only the partitions of a worker that joins or leaves (rendezvous hashing)', () => {
    const before = assign(['w1', 'w2', 'w3'], 64);
    const after = assign(['w1', 'w2', 'w3', 'w4'], 64);
    const owner = (m: Map<string, number[]>) => {
      const o = new Map<number, string>();
      for (const [w, ps] of m) for (const p of ps) o.set(p, w);
      return o;
    };
    const ob = owner(before);
    const oa = owner(after);
    for (let p = 0; p < 64; p++) if (oa.get(p) !== 'w4') expect(oa.get(p)).toBe(ob.get(p));
    expect(after.get('w4')!.length).toBeGreaterThan(5);
    // one active worker, the others standing by: everything on the first by id; when it goes, on the next
    expect(assign(['w2', 'w1', 'w3'], 4, 1)).toEqual(new Map([['w2', []], ['w1', [0, 1, 2, 3]], ['w3', []]]));
    expect(assign(['w2', 'w3'], 4, 1).get('w2')).toEqual([0, 1, 2, 3]);
    // w2 leaves: its partitions go to the others, everyone else keeps theirs
    const gone = owner(assign(['w1', 'w3'], 64));
    for (let p = 0; p < 64; p++) if (ob.get(p) !== 'w2') expect(gone.get(p)).toBe(ob.get(p));
  });
});
