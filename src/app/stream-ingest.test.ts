// POST /api/ingest's scale-out path (publishIngest): the body is read as in the one-process mode, its run recorded
// (with any rejected records), its events published (message id = event id) and not committed here; a re-post publishes
// nothing new. Real Okta records (src/server/fixtures/okta_cl_sample.json, see its README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPGliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { MemoryStreamServer, openMemoryStream } from '../stream/memory.ts';
import type { Delivery, EventStream } from '../stream/types.ts';
import { publishIngest } from './stream-ingest.ts';
import { publisherFor, StreamPublisher } from './stream-publish.ts';
import { Router } from './stream-records.ts';
import { decodeRecord } from './stream-records.ts';

const body = readFileSync(join(import.meta.dirname, '../server/fixtures/okta_cl_sample.json'), 'utf8');

let store: Store;
let stream: EventStream;
beforeEach(async () => {
  store = await openPGliteStore('memory://');
  stream = openMemoryStream(new MemoryStreamServer({ partitions: 4 }));
});
afterEach(async () => {
  await stream.close();
  await store.close();
});

/** Everything waiting on the event lanes. */
async function published(): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (let p = 0; p < stream.partitions; p++) {
    const sub = await stream.subscribe(p);
    await sub.ready(20);
    out.push(...sub.take(100));
    await sub.stop();
  }
  return out;
}

describe('publishIngest', () => {
  it('reads, records the run, publishes the events by person; a re-post is all duplicates', async () => {
    const pub = new StreamPublisher(stream);
    const first = await publishIngest(store, pub, body, { name: 'okta.json' });
    expect(first.inputs[0]).toMatchObject({ records: 4, accepted: 4 });
    expect(first.queued).toBe(4);
    expect(first.alreadyIngested).toBe(0);
    expect(first.updated).toEqual([]);
    // nothing committed here: the workers do it
    expect(await store.listPeople()).toEqual([]);
    const runs = await store.listRuns();
    expect(runs.map((r) => r.id)).toContain(first.runId);
    const msgs = await published();
    expect(msgs.map((m) => m.id).sort()).toEqual(['okta:48935c22-7f1c-11ea-a7cf-cba29cda4be4', 'okta:635d7019-54d0-11ea-9a2c-5f28972cb90e', 'okta:6540b50a-9f9e-11ea-8e6c-9d92aa70e8a4', 'okta:8614f18f-9f9e-11ea-8f4c-b9fe37b9e5fa']);
    // one person's two sign-ins share a partition
    const lanes = new Map(msgs.map((m) => [m.id, m.lane]));
    expect(lanes.get('okta:6540b50a-9f9e-11ea-8e6c-9d92aa70e8a4')).toBe(lanes.get('okta:8614f18f-9f9e-11ea-8f4c-b9fe37b9e5fa'));
    for (const m of msgs) expect(decodeRecord(m.data)).toMatchObject({ ok: true, env: { t: 'e', e: { id: m.id } } });
    const again = await publishIngest(store, pub, body, { name: 'okta.json' });
    expect(again).toMatchObject({ queued: 0, alreadyIngested: 4 });
  });

  it('an unreadable body is a 400 and a failed run, and publishes nothing', async () => {
    const pub = new StreamPublisher(stream);
    const err = await publishIngest(store, pub, 'this is not an export', { name: 'junk.txt' }).catch((e: Error & { statusCode?: number }) => e);
    expect((err as { statusCode?: number }).statusCode).toBe(400);
    expect((await store.listRuns())[0].inputs[0].format).toBe('unreadable');
    expect(await published()).toEqual([]);
  });
});

describe('publisherFor', () => {
  it("routes a sign-in that carries only a vendor id to its directory entry's partition after a restart (the router learns the stored entries)", async () => {
    const upn = { kind: 'upn' as const, value: 'adelev@contoso.com' };
    const oid = { kind: 'entraId' as const, value: '9b117c67-170e-4aed-9702-658b3fddc889' };
    const directory = { source: 'entra-users', id: oid.value, ids: [upn, oid], displayName: 'Adele Vance' };
    await store.savePeople(
      [{ personId: 'p_adele', displayName: 'Adele Vance', identifiers: [upn.value, oid.value], directory, risk: 0, level: 'none', findings: [], events: 0, riskBreakdown: { priorOdds: 0, newHire: false, contributions: [], odds: 0, formula: '' } } as never],
      'run-1',
    );
    const fresh = new Router(stream.partitions);
    const learnt = (await publisherFor(store, stream)).router;
    // the entry's own key, whichever of its identifiers a sign-in carries
    expect(learnt.key([oid])).toBe(learnt.key(directory.ids));
    expect(learnt.key([oid])).not.toBe(fresh.key([oid])); // without the stored entries: routed by its own key
    // an identifier nobody owns: its own key, as before
    const other = { kind: 'entraId' as const, value: '00000000-0000-0000-0000-000000000001' };
    expect(learnt.key([other])).toBe(fresh.key([other]));
  });
});
