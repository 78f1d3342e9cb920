// Where a collector's output goes. A collector fetches pages of vendor records and hands each page (with the
// checkpoint that follows it) to a CollectorSink; it never commits or publishes anything itself. The default sink
// (./ingest-sink.ts) reads the records with the same parsers as `scan` and POST /api/ingest (src/sources/<format>/)
// and commits events, people, findings AND the checkpoint in one IngestService transaction. A NATS JetStream sink can
// publish the same batch instead, as long as it keeps the contract below.
import type { DirectoryEntry, InputSummary, NormalizedEvent } from '../../core/model.ts';

/**
 * Where a collector stands in its source: opaque to everyone but the collector that wrote it (JSON; no secret may go in
 * it). `since` is the window start of the next pass; `next` a page URL to resume the pass in progress from; `high` the
 * newest event time seen in that pass (ISO). Stored per collector by store.collectors().
 */
export interface Checkpoint {
  /** ISO time: the next pass asks for events from here (minus the overlap window). */
  since?: string;
  /** The vendor's next-page URL / token of the pass in progress (undefined between passes). */
  next?: string;
  /** ISO time: newest event time seen in the pass in progress (becomes `since` when the pass ends). */
  high?: string;
}

/** One page of vendor records as the vendor sent them (the records of a Graph `value`, an Okta array, Google `items`). */
export interface RecordPage {
  /** src/sources format id the records are read with (`entra-signin`, `okta-systemlog`, `gworkspace`...). */
  format: string;
  /** Names the page in run records and rejections, e.g. `collect:graph-signins/2026-12-03T08:00:00Z#3`. No secret, no token. */
  name: string;
  /** The records, JSON as received. */
  records: unknown[];
}

/** The output of one collector step: one page and the checkpoint that holds once the page is durably handled. */
export interface RecordsBatch {
  /** Collector id (`graph-signins`, `okta-logs`, `google-login`...): the checkpoint's key. */
  collector: string;
  page: RecordPage;
  checkpoint: Checkpoint;
  /** Newest event time of this page (epoch ms), for the lag; undefined for directory pages or an empty page. */
  newestEventAt?: number;
  fetchedAt: Date;
}

/** The records of a batch read through src/sources (./read.ts readBatch): what IngestService takes. */
export interface ReadBatch {
  events: NormalizedEvent[];
  directory: DirectoryEntry[];
  input: InputSummary;
}

/** What a sink did with a batch. */
export interface SinkOutcome {
  /** events new to the store (or published for the first time) */
  fresh: number;
  /** events already ingested (an overlap re-fetched): not counted again */
  alreadyIngested: number;
  /** records the parser rejected (kept in the run record with their reasons) */
  rejected: number;
}

/**
 * The contract: `write` resolves only once the batch's records AND its checkpoint are durable together (one database
 * transaction, or a publish acknowledged under message ids derived from the event ids plus the checkpoint saved after
 * the ack, so that a crash re-sends and the de-duplication drops the copy). It rejects when nothing may be assumed
 * durable: the collector then retries the same page from the previous checkpoint. Writing the same batch twice must
 * count no event twice.
 */
export interface CollectorSink {
  write(batch: RecordsBatch): Promise<SinkOutcome>;
}
