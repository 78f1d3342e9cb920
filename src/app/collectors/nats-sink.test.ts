// The collectors' NATS sink against the sink contract (./sink.ts): a page of real Graph sign-ins (the Microsoft Graph
// docs' example page, src/sources/entra-signin/fixtures/graph-signins-page.json) is published under the event ids,
// and the checkpoint is saved only after the stream acknowledged it; a failed publish saves no checkpoint; writing
// the same page twice counts no event twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStreamServer, openMemoryStream } from '../../stream/memory.ts';
import type { EventStream } from '../../stream/types.ts';
import { StreamPublisher } from '../stream-publish.ts';
import { NatsSink } from './nats-sink.ts';
import type { Checkpoint, RecordsBatch } from './sink.ts';

const page = JSON.parse(readFileSync(join(import.meta.dirname, '../../sources/entra-signin/fixtures/graph-signins-page.json'), 'utf8')) as { value: unknown[] };

const batch = (): RecordsBatch => ({
  collector: 'graph-signins',
  page: { format: 'entra-signin', name: 'collect:graph-signins/test#1', records: page.value },
  checkpoint: { since: '2026-12-01T00:00:00Z', next: 'https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x' },
  fetchedAt: new Date(),
});

describe('NatsSink', () => {
  it('publishes the page under its event ids, then saves the checkpoint; the same page again counts nothing twice', async () => {
    const server = new MemoryStreamServer({ partitions: 4 });
    const stream = openMemoryStream(server);
    const saved: { collector: string; checkpoint: Checkpoint; events: number }[] = [];
    const sink = new NatsSink({ publisher: new StreamPublisher(stream), saveCheckpoint: async (collector, c) => void saved.push({ collector, checkpoint: c.checkpoint, events: c.events }) });
    const first = await sink.write(batch());
    expect(first).toEqual({ fresh: 3, alreadyIngested: 0, rejected: 0 });
    expect(saved).toEqual([{ collector: 'graph-signins', checkpoint: batch().checkpoint, events: 3 }]);
    let pending = 0;
    for (let p = 0; p < 4; p++) pending += await stream.pending(p);
    expect(pending).toBe(3);
    // a collector restarted before its checkpoint was read back sends the page again
    expect(await sink.write(batch())).toEqual({ fresh: 0, alreadyIngested: 3, rejected: 0 });
    pending = 0;
    for (let p = 0; p < 4; p++) pending += await stream.pending(p);
    expect(pending).toBe(3);
    await stream.close();
  });

  it('a publish that fails rejects the write and leaves the checkpoint where it was', async () => {
    const good = openMemoryStream(new MemoryStreamServer({ partitions: 4 }));
    // the stream goes away mid-publish (NATS down): the adapter's error reaches the collector
    const failing: EventStream = { ...good, publish: async () => Promise.reject(new Error('no responders: stream unavailable')) };
    const saved: unknown[] = [];
    const sink = new NatsSink({ publisher: new StreamPublisher(failing), saveCheckpoint: async (_c, x) => void saved.push(x) });
    await expect(sink.write(batch())).rejects.toThrow(/stream unavailable/);
    expect(saved).toEqual([]);
    await good.close();
  });
});
