// Publishing records to the stream (issue 12): what `sleetwatch publish`, POST /api/ingest and the collectors' NATS
// sink do instead of committing when the scale-out mode is configured. Directory entries first (their acknowledged
// sequences become the events' directory mark), then each partition's events in (time, id) order.
import type { DirectoryEntry, NormalizedEvent } from '../core/model.ts';
import { eventOrder } from '../core/pipeline.ts';
import type { EventStream, OutRecord } from '../stream/types.ts';
import type { Store } from '../store/types.ts';
import { directoryRecord, eventRecord, Router } from './stream-records.ts';

export interface PublishOutcome {
  /** events published for the first time */
  published: number;
  /** events JetStream had within its duplicate window (published before: dropped) */
  duplicates: number;
  /** directory entries published (changed or new) */
  directory: number;
}

export class StreamPublisher {
  /** The highest directory sequence this publisher has seen acknowledged (events published later carry at least it). */
  private dirMark = 0;

  readonly router: Router;

  constructor(private readonly stream: EventStream) {
    this.router = new Router(stream.partitions);
  }

  /** Resolves once every record is acknowledged by the stream (durable there): only then may a checkpoint move on. */
  async publish(r: { events: readonly NormalizedEvent[]; directory: readonly DirectoryEntry[] }): Promise<PublishOutcome> {
    let directory = 0;
    this.router.learn(r.directory);
    if (r.directory.length > 0) {
      const acks = await this.stream.publish('directory', r.directory.map((d) => directoryRecord(d)));
      for (const a of acks) {
        this.dirMark = Math.max(this.dirMark, a.seq);
        if (!a.duplicate) directory++;
      }
    }
    if (r.events.length === 0) return { published: 0, duplicates: 0, directory };
    // Entries another process published count too (a directory collector in another process, an earlier run).
    this.dirMark = Math.max(this.dirMark, await this.stream.lastSeq('directory'));
    const byPartition = new Map<number, NormalizedEvent[]>();
    for (const e of r.events) {
      const p = this.router.partitionOf(e);
      const list = byPartition.get(p);
      if (list) list.push(e);
      else byPartition.set(p, [e]);
    }
    const at = Date.now();
    const acks = await Promise.all(
      [...byPartition].map(([p, evs]) => {
        const recs: OutRecord[] = evs.sort(eventOrder).map((e) => eventRecord(e, this.dirMark, at));
        return this.stream.publish(p, recs);
      }),
    );
    let published = 0;
    let duplicates = 0;
    for (const a of acks.flat()) {
      if (a.duplicate) duplicates++;
      else published++;
    }
    return { published, duplicates, directory };
  }
}

/** A publisher on this stream whose router already knows the identifiers of the directory entries in the store. */
export async function publisherFor(store: Pick<Store, 'directoryEntries'>, stream: EventStream): Promise<StreamPublisher> {
  const publisher = new StreamPublisher(stream);
  publisher.router.learn(await store.directoryEntries());
  return publisher;
}
