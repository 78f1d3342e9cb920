// The collectors' NATS JetStream sink (issue 12; the contract is ./sink.ts): a page of vendor records is read with
// the same parsers as `scan`, published to the stream (message id = the stable event id, so a page sent again after a
// crash is dropped by JetStream within the duplicate window and by the store's claims after it), and only once every
// message is acknowledged is the collector's checkpoint saved. A crash in between re-fetches the page from the
// previous checkpoint and re-publishes it: nothing lost, nothing counted twice.
import type { InputSummary } from '../../core/model.ts';
import { readPage } from './read.ts';
import type { StreamPublisher } from '../stream-publish.ts';
import type { Store } from '../../store/types.ts';
import type { Checkpoint, CollectorSink, RecordsBatch, SinkOutcome } from './sink.ts';

export interface NatsSinkDeps {
  publisher: StreamPublisher;
  /** Save a collector's checkpoint (store.collectors() on the collectors branch), after the publish was acknowledged. */
  saveCheckpoint(collector: string, c: { checkpoint: Checkpoint; newestEventAt?: number; events: number; at: Date }): Promise<void>;
  /** Record the page's input summary (its rejected records with their reasons) as a run, when a store is at hand. */
  saveInput?(input: InputSummary, startedAt: Date): Promise<void>;
}

/** A page's records as one input, read by its format's parser (the one reader of ./read.ts, shared with the ingest sink). */
export { readPage } from './read.ts';

export class NatsSink implements CollectorSink {
  constructor(private readonly deps: NatsSinkDeps) {}

  async write(batch: RecordsBatch): Promise<SinkOutcome> {
    const startedAt = new Date();
    const read = readPage(batch.page);
    const out = await this.deps.publisher.publish(read);
    await this.deps.saveInput?.(read.input, startedAt);
    await this.deps.saveCheckpoint(batch.collector, { checkpoint: batch.checkpoint, newestEventAt: batch.newestEventAt, events: out.published, at: new Date() });
    return { fresh: out.published, alreadyIngested: out.duplicates, rejected: read.input.rejected };
  }
}

/** The sink of a process that has a store (serve, `collect --once`): checkpoints saved in it after the acknowledgement. */
export function natsSinkFor(store: Store, publisher: StreamPublisher): NatsSink {
  return new NatsSink({ publisher, saveCheckpoint: (id, x) => store.collectors().saveCheckpoint(id, { ...x, checkpoint: x.checkpoint as Record<string, unknown> }) });
}
