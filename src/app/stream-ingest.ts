// POST /api/ingest in the scale-out mode: the body is read as in the one-process mode (same parsers, same input
// summary), its run is recorded, and its records are published to the stream instead of committed here; the workers
// commit them. The answer comes once the stream acknowledged every record (durable there).
import type { Store } from '../store/types.ts';
import type { IngestResult } from './service.ts';
import { newRunId, readIngestBody } from './service.ts';
import type { StreamPublisher } from './stream-publish.ts';

export type StreamIngestResult = IngestResult & {
  /** events published to the stream for the workers; `updated` stays empty (people change when the workers commit) */
  queued: number;
};

export async function publishIngest(store: Store, publisher: StreamPublisher, body: string, opts: { name: string; format?: string }): Promise<StreamIngestResult> {
  const startedAt = new Date();
  const { events, directory, input } = await readIngestBody(store, body, opts, startedAt);
  const out = await publisher.publish({ events, directory });
  // The run (with the rejected records and their reasons) is recorded here: the workers write none of their own.
  const runId = newRunId('api', startedAt);
  await store.saveRun({ id: runId, via: 'api', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), inputs: [input] });
  return { runId, inputs: [input], alreadyIngested: out.duplicates, people: 0, updated: [], queued: out.published };
}
