// Wires the pipeline for batch scans and HTTP ingest: sources → pipeline (resolve, enrich, detect, score) → report.
import type { Config } from '../core/config.ts';
import { Config as ConfigSchema } from '../core/config.ts';
import type { DirectoryEntry, InputSummary, NormalizedEvent } from '../core/model.ts';
import { Pipeline, type PipelineResult } from '../core/pipeline.ts';
import { buildReport } from '../core/report.ts';
import type { Report } from '../core/model.ts';
import { detectors } from '../detectors/registry.ts';
import { openIntel, type IntelService } from '../intel/index.ts';
import { InputError, listInputFiles, readInputFile, sniffFile, type Sink } from '../sources/reader.ts';

export interface ScanOptions {
  config?: Config;
  dataDir?: string;
  intel?: IntelService;
  /** Progress callback (stderr in the CLI). */
  onProgress?: (p: { file: string; index: number; files: number; bytesRead: number; totalBytes: number; events: number }) => void;
}

let sharedIntel: Promise<IntelService> | undefined;
let sharedIntelDir: string | undefined;
/** One intel service per process and data folder (the mmdb and catalogues are loaded once). */
export function getIntel(dataDir = './.sleetwatch'): Promise<IntelService> {
  if (!sharedIntel || sharedIntelDir !== dataDir) {
    sharedIntel = openIntel({ dataDir });
    sharedIntelDir = dataDir;
  }
  return sharedIntel;
}

export async function createPipeline(opts: { mode: 'batch' | 'stream'; config?: Config; dataDir?: string; intel?: IntelService }): Promise<Pipeline> {
  const intel = opts.intel ?? (await getIntel(opts.dataDir));
  return new Pipeline({ detectors, intel, config: opts.config ?? ConfigSchema.parse({}), mode: opts.mode });
}

/** An input that could not be read at all (unknown format, truncated JSON...): kept in the report, never dropped. */
export function unreadableInput(path: string, e: unknown): InputSummary {
  const message = e instanceof Error ? e.message : String(e);
  const tried = e instanceof InputError && e.tried ? ` (formats tried: ${e.tried.join(', ')})` : '';
  return { path, format: 'unreadable', records: 0, accepted: 0, rejected: 0, errors: [{ field: '(file)', message: message + (message.includes('formats tried') ? '' : tried) }] };
}

/**
 * Read files and folders: directory formats first (so sign-ins resolve to the claimed people), then events.
 * Each event goes to `onEvent`, each directory entry to `onDirectory`.
 */
export async function readPaths(
  paths: string[],
  onDirectory: (e: DirectoryEntry) => void,
  onEvent: (e: NormalizedEvent) => void,
  opts: Pick<ScanOptions, 'onProgress'> = {},
): Promise<InputSummary[]> {
  const files = await listInputFiles(paths);
  const sniffed: { file: string; produces?: 'events' | 'directory'; error?: unknown }[] = [];
  for (const file of files) {
    try {
      const s = await sniffFile(file);
      sniffed.push({ file, produces: s.format.produces });
    } catch (e) {
      sniffed.push({ file, error: e });
    }
  }
  const order = [...sniffed].sort((a, b) => rank(a.produces) - rank(b.produces));
  const inputs: InputSummary[] = [];
  let events = 0;
  const sink: Sink = {
    event: (ev) => {
      events++;
      onEvent(ev);
    },
    directory: onDirectory,
  };
  for (const [index, s] of order.entries()) {
    if (s.error) {
      inputs.push(unreadableInput(s.file, s.error));
      continue;
    }
    try {
      inputs.push(
        await readInputFile(s.file, sink, {
          onProgress: (bytesRead, totalBytes) => opts.onProgress?.({ file: s.file, index, files: order.length, bytesRead, totalBytes, events }),
        }),
      );
    } catch (e) {
      inputs.push(unreadableInput(s.file, e));
    }
  }
  return inputs;
}

const rank = (p?: string): number => (p === 'directory' ? 0 : p === 'events' ? 1 : 2);

/** Load everything into memory (for evaluation and tests). */
export async function loadInputs(paths: string[]): Promise<{ events: NormalizedEvent[]; directory: DirectoryEntry[]; inputs: InputSummary[] }> {
  const events: NormalizedEvent[] = [];
  const directory: DirectoryEntry[] = [];
  const inputs = await readPaths(paths, (d) => directory.push(d), (e) => events.push(e));
  return { events, directory, inputs };
}

/** The batch scan: files → report. Needs no database. */
export async function scanPaths(paths: string[], opts: ScanOptions = {}): Promise<{ report: Report; result: PipelineResult; inputs: InputSummary[] }> {
  const pipeline = await createPipeline({ mode: 'batch', config: opts.config, dataDir: opts.dataDir, intel: opts.intel });
  const inputs = await readPaths(paths, (d) => pipeline.addDirectory([d]), (e) => pipeline.ingest(e), opts);
  const result = pipeline.finish();
  return { report: buildReport(result, inputs, new Date()), result, inputs };
}
