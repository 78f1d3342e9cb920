// Reading one input file into a sink, the same in the main thread (readPaths with no worker) and in a reader worker
// (./read-worker.ts): the format check for text with no record and an unreadable file kept as an 'unreadable' input.
import type { InputSummary } from '../core/model.ts';
import { InputError, NO_RECORDS, readInputFile, type Sink } from '../sources/reader.ts';
import { formats } from '../sources/index.ts';

/** An input that could not be read at all (unknown format, truncated JSON...): kept in the report, never dropped. */
export function unreadableInput(path: string, e: unknown): InputSummary {
  const message = e instanceof Error ? e.message : String(e);
  const tried = e instanceof InputError && e.tried ? ` (formats tried: ${e.tried.join(', ')})` : '';
  return {
    path,
    format: 'unreadable',
    records: 0,
    accepted: 0,
    ignored: 0,
    ignoredReasons: {},
    rejected: 0,
    errors: [{ field: '(file)', message: message + (message.includes('formats tried') ? '' : tried) }],
  };
}

/** What the main thread guessed of a file from its first bytes (see headGuess in ./scan.ts). */
export interface FileGuess {
  file: string;
  json: boolean;
  empty: boolean;
}

/** Read one file into the sink; never throws: a file that cannot be read is an 'unreadable' input. */
export async function readOneFile(
  { file, json, empty }: FileGuess,
  sink: Sink,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<InputSummary> {
  try {
    const summary = await readInputFile(file, sink, { onProgress });
    // Text (CSV or lines) with no record any format recognised: an unknown format, not an empty export.
    if (summary.format === NO_RECORDS && !json && !empty && summary.records === 0) {
      const tried = formats.map((f) => f.id);
      throw new InputError(`no records to detect a format from (formats tried: ${tried.join(', ')})`, file, undefined, tried);
    }
    return summary;
  } catch (e) {
    return unreadableInput(file, e);
  }
}
