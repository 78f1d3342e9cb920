// The records of a JSON document (an array, or a page object such as Graph's {"value": [...]}) located in its UTF-8
// bytes, so that each record is decoded and parsed on its own instead of the whole document at once. One JSON.parse
// of a 2 MB page builds a 2-4 MB string in the old generation (page faults, a two-byte copy when the page holds one
// non-ASCII character) and cost a scan of 150 Graph pages more than its whole detection; records of 1-2 KB parse
// from young strings at about twice the speed, and documents larger than the engine's string limit become readable.
//
// The outer levels (the top-level array or object, its keys, the page array and the commas between) are checked
// against the JSON grammar here; each record and every other member's value is then checked by JSON.parse itself.
// Anything unexpected returns `{ bad }`: the caller parses the whole text instead, which gives the exact message.

/** Where a document's records are: the container and the [start, end) byte spans of its records. */
export type JsonLayout =
  | { container: 'json-array' | 'json-page'; spans: number[]; other: number[] }
  | { container: 'json-object' }
  | { bad: number };

class Bad {
  constructor(readonly at: number) {}
}

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Layout of the JSON document in `buf[from, end)`. `pageKeys` in priority order: the first whose (last) value is an
 * array holds the records, as JSON.parse + a key lookup would pick. `other` holds the spans of every other member's
 * value, which the caller must still check (JSON.parse) to accept the document as valid.
 */
export function splitJson(buf: Buffer, from: number, end: number, pageKeys: readonly string[]): JsonLayout {
  let i = from;
  const fail = (at = i): never => {
    throw new Bad(Math.min(at, end));
  };
  const ws = (): void => {
    while (i < end && isWs(buf[i])) i++;
  };
  /** Past the closing quote of the string starting at i. */
  const string = (): void => {
    let j = i;
    for (;;) {
      j = buf.indexOf(34, j + 1);
      if (j < 0 || j >= end) fail(end);
      let k = j - 1;
      while (buf[k] === 92) k--;
      if ((j - 1 - k) % 2 === 0) break; // an even run of backslashes: the quote is not escaped
    }
    i = j + 1;
  };
  /** Past the value starting at i (brackets balanced by count only: JSON.parse of the span checks the rest). */
  const value = (): void => {
    const c = buf[i];
    if (c === 34) return string();
    if (c === 123 || c === 91) {
      let depth = 0;
      while (i < end) {
        const b = buf[i];
        if (b === 34) {
          string();
          continue;
        }
        if (b === 123 || b === 91) depth++;
        else if (b === 125 || b === 93) {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      fail(end);
    }
    const s = i;
    while (i < end) {
      const b = buf[i];
      if (b === 44 || b === 93 || b === 125 || isWs(b)) break;
      i++;
    }
    if (i === s) fail(s);
  };
  /** `[ v, v, ... ]` at i: the spans of its elements. */
  const array = (spans: number[]): void => {
    i++; // [
    ws();
    if (buf[i] === 93) {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (i >= end) fail();
      const s = i;
      value();
      spans.push(s, i);
      ws();
      if (buf[i] === 44) {
        i++;
        continue;
      }
      if (buf[i] === 93) {
        i++;
        return;
      }
      fail();
    }
  };

  try {
    ws();
    if (i >= end) fail();
    let layout: JsonLayout;
    if (buf[i] === 91) {
      const spans: number[] = [];
      array(spans);
      layout = { container: 'json-array', spans, other: [] };
    } else if (buf[i] === 123) {
      // members: the last occurrence of a key wins, as in JSON.parse
      const members = new Map<string, { s: number; e: number; array: number[] | undefined }>();
      i++;
      ws();
      if (buf[i] === 125) i++;
      else
        for (;;) {
          ws();
          if (buf[i] !== 34) fail();
          const ks = i;
          string();
          let key: string;
          try {
            key = JSON.parse(buf.toString('utf8', ks, i)) as string;
          } catch {
            return { bad: ks };
          }
          ws();
          if (buf[i] !== 58) fail();
          i++;
          ws();
          if (i >= end) fail();
          const s = i;
          let arr: number[] | undefined;
          if (buf[i] === 91 && pageKeys.includes(key)) {
            arr = [];
            array(arr);
          } else value();
          members.set(key, { s, e: i, array: arr });
          ws();
          if (buf[i] === 44) {
            i++;
            continue;
          }
          if (buf[i] === 125) {
            i++;
            break;
          }
          fail();
        }
      const pageKey = pageKeys.find((k) => members.get(k)?.array !== undefined);
      if (pageKey === undefined) layout = { container: 'json-object' };
      else {
        const other: number[] = [];
        for (const [k, m] of members) if (k !== pageKey) other.push(m.s, m.e);
        layout = { container: 'json-page', spans: members.get(pageKey)!.array!, other };
      }
    } else return { bad: i };
    ws();
    if (i < end) fail();
    return layout;
  } catch (e) {
    if (e instanceof Bad) return { bad: e.at };
    throw e;
  }
}
