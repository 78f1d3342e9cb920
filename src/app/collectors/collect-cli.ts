// `sleetwatch collect --once` (every configured collector, one pass each) and `sleetwatch collect --status` (lag, last
// success and error, back-off), as functions returning what to print; src/cli/main.ts declares the command.
import type { Config } from '../../core/config.ts';
import type { Store } from '../../store/types.ts';
import { IngestService } from '../service.ts';
import { IngestSink } from './ingest-sink.ts';
import { natsSinkFor } from './nats-sink.ts';
import { openPublisher, streamSettings } from '../stream.ts';
import { CollectorRunner, collectorStatus, type CollectorLog, type CollectorStatus } from './runner.ts';

export interface CollectOutput {
  ok: boolean;
  lines: string[];
  json: unknown;
}

const ago = (s: number | undefined): string => (s === undefined ? '-' : s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);

export function statusLines(rows: CollectorStatus[]): string[] {
  if (rows.length === 0) return ['no collector configured (config key "collectors"; see docs/collect.md)'];
  return rows.map((r) =>
    [
      r.id.padEnd(30),
      r.health.padEnd(12),
      `lag ${ago(r.lagSeconds)}`.padEnd(14),
      `events ${r.events}`.padEnd(16),
      `last ok ${r.lastSuccessAt ?? '-'}`,
      r.failures > 0 ? `  failures ${r.failures}, next try ${r.nextAttemptAt ?? '-'}: ${r.lastError ?? ''}` : '',
    ].join(' '),
  );
}

/**
 * The configured collectors (their secrets read now) over this store: committing through an IngestService, or in the
 * scale-out mode (NATS_URL or the config's `stream`) publishing to the stream for the workers, the checkpoint saved
 * after the acknowledgement. `close` ends what was opened for them.
 */
export async function openRunner(store: Store, config: Config, opts: { dataDir?: string; log?: CollectorLog } = {}): Promise<{ runner: CollectorRunner; close: () => Promise<void> }> {
  const streaming = streamSettings(config);
  if (streaming) {
    const { stream, publisher } = await openPublisher(store, streaming, 'sleetwatch-collect');
    const runner = new CollectorRunner({ store, sink: natsSinkFor(store, publisher), config: config.collectors, log: opts.log });
    return { runner, close: () => stream.close() };
  }
  const service = await IngestService.open(store, { config, dataDir: opts.dataDir });
  const runner = new CollectorRunner({ store, sink: new IngestSink(service, store), config: config.collectors, log: opts.log });
  return { runner, close: async () => undefined };
}

export async function collectOnce(store: Store, config: Config, opts: { dataDir?: string; log?: CollectorLog; only?: string[] } = {}): Promise<CollectOutput> {
  const { runner, close } = await openRunner(store, config, opts);
  try {
    return await collectWith(runner, opts);
  } finally {
    await close();
  }
}

async function collectWith(runner: CollectorRunner, opts: { only?: string[] }): Promise<CollectOutput> {
  const lines = runner.problems.map((p) => `${p.vendor}: not usable: ${p.message}`);
  if (runner.ids().length === 0 && lines.length === 0) return { ok: false, lines: ['no collector configured (config key "collectors"; see docs/collect.md)'], json: [] };
  const results = await runner.runAll({ force: true, only: opts.only });
  for (const r of results) {
    lines.push(
      r.error
        ? `${r.id}: FAILED: ${r.error}`
        : `${r.id}: ${r.pages} page${r.pages === 1 ? '' : 's'}, ${r.records} records, ${r.fresh} new events, ${r.alreadyIngested} already ingested, ${r.rejected} rejected${r.complete ? '' : ' (more to fetch: continues at the next pass)'}`,
    );
  }
  return { ok: runner.problems.length === 0 && results.every((r) => !r.error), lines, json: { results, problems: runner.problems } };
}

export async function collectStatus(store: Store, config: Config): Promise<CollectOutput> {
  // Status needs no secret: the runner is built only to name the configured collectors (a missing secret is reported).
  const runner = new CollectorRunner({ store, sink: { write: () => Promise.reject(new Error('status only')) }, config: config.collectors, env: process.env });
  const rows = collectorStatus(await store.collectors().list(), runner, Date.now());
  const lines = [...runner.problems.map((p) => `${p.vendor}: not usable: ${p.message}`), ...statusLines(rows)];
  return { ok: runner.problems.length === 0 && rows.every((r) => r.health !== 'failing' && r.health !== 'backing-off'), lines, json: rows };
}
