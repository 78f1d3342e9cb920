// A page of collected records read with the same parsers as `scan` and POST /api/ingest: src/sources/reader.ts with
// the format the collector names (forced, as `--format` would), the same sanitising gate, the same rejections.
import type { DirectoryEntry, NormalizedEvent } from '../../core/model.ts';
import { readInputText } from '../../sources/reader.ts';
import type { ReadBatch, RecordPage } from './sink.ts';

export function readPage(page: RecordPage): ReadBatch {
  const events: NormalizedEvent[] = [];
  const directory: DirectoryEntry[] = [];
  // Ids within this page: a repeated record is counted as a duplicate of the input (as POST /api/ingest does).
  const ids = new Set<string>();
  const input = readInputText(page.name, JSON.stringify(page.records), {
    event: (e) => {
      if (ids.has(e.id)) return false;
      ids.add(e.id);
      events.push(e);
      return true;
    },
    directory: (d) => directory.push(d),
  }, { format: page.format });
  return { events, directory, input };
}
