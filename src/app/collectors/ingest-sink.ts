// The default sink: a page's records through IngestService (the pipeline `scan --store` and POST /api/ingest use),
// committed with the collector's checkpoint in the same transaction (BatchInput.checkpoint).
import type { Store } from '../../store/types.ts';
import type { IngestService } from '../service.ts';
import { readPage } from './read.ts';
import type { CollectorSink, RecordsBatch, SinkOutcome } from './sink.ts';

export class IngestSink implements CollectorSink {
  constructor(
    private readonly service: IngestService,
    private readonly store: Store,
  ) {}

  async write(b: RecordsBatch): Promise<SinkOutcome> {
    const checkpoint = b.checkpoint as Record<string, unknown>;
    if (b.page.records.length === 0) {
      // Nothing to ingest: the checkpoint alone (no event can be lost or counted twice by it).
      await this.store.collectors().saveCheckpoint(b.collector, { checkpoint, events: 0, at: new Date() });
      return { fresh: 0, alreadyIngested: 0, rejected: 0 };
    }
    const r = readPage(b.page);
    const out = await this.service.ingestBatch({
      events: r.events,
      directory: r.directory,
      inputs: [r.input],
      via: 'collect',
      startedAt: b.fetchedAt,
      checkpoint: { collector: b.collector, checkpoint, newestEventAt: b.newestEventAt },
    });
    return { fresh: out.fresh, alreadyIngested: out.alreadyIngested, rejected: r.input.rejected };
  }
}
