import { describe, expect, it } from 'vitest';
import { splitJson, type JsonLayout } from './json-split.ts';

const KEYS = ['value', 'records', 'Resources', 'items'];
const layout = (text: string, from = 0): JsonLayout => splitJson(Buffer.from(text, 'utf8'), from, Buffer.byteLength(text), KEYS);
/** The records' texts, as the reader would parse them. */
function records(text: string): string[] {
  const buf = Buffer.from(text, 'utf8');
  const l = splitJson(buf, 0, buf.length, KEYS);
  if (!('spans' in l)) throw new Error(`no records: ${JSON.stringify(l)}`);
  const out: string[] = [];
  for (let k = 0; k < l.spans.length; k += 2) out.push(buf.toString('utf8', l.spans[k], l.spans[k + 1]));
  return out;
}

describe('splitJson', () => {
  it('finds the records of an array and of a page, whatever the strings hold', () => {
    const recs = [{ a: 'x]}",\\' }, { b: ['[', '{', '"'] }, 'é中😀', 12.5e3, null, true, [[], {}]];
    for (const indent of [0, 1, 2]) {
      expect(records(JSON.stringify(recs, null, indent)).map((t) => JSON.parse(t))).toEqual(recs);
      const page = JSON.stringify({ '@odata.context': 'x', value: recs, '@odata.nextLink': 'y]' }, null, indent);
      expect(layout(page)).toMatchObject({ container: 'json-page' });
      expect(records(page).map((t) => JSON.parse(t))).toEqual(recs);
    }
    expect(layout('[]')).toEqual({ container: 'json-array', spans: [], other: [] });
    expect(layout(' { "value" : [ ] } ')).toMatchObject({ container: 'json-page', spans: [] });
  });

  it('picks the page array as JSON.parse and a key lookup would: key priority, the last duplicate, arrays only', () => {
    expect(records('{"items": [1], "value": [2]}')).toEqual(['2']);
    expect(records('{"value": [1], "value": [2, 3]}')).toEqual(['2', '3']);
    expect(layout('{"value": {"a": [1]}, "x": 1}')).toEqual({ container: 'json-object' });
    expect(layout('{"value": [1], "value": 2}')).toEqual({ container: 'json-object' });
    expect(records('{"val\\u0075e": [7]}')).toEqual(['7']); // an escaped key is the same key
    const l = layout('{"a": {"b": [1, 2]}, "value": [3], "items": [4]}');
    expect(l).toMatchObject({ container: 'json-page' });
    expect((l as { other: number[] }).other).toHaveLength(4); // the other members' values, for the caller to check
  });

  it('names the byte where the outer structure breaks; what is inside a record is left to JSON.parse', () => {
    expect(layout('[1 2]')).toEqual({ bad: 3 });
    expect(layout('[1,]')).toEqual({ bad: 3 });
    expect(layout('[1, 2')).toEqual({ bad: 5 });
    expect(layout('{"value": [1]} x')).toEqual({ bad: 15 });
    expect(layout('{"value" [1]}')).toEqual({ bad: 9 });
    expect(layout('{value: [1]}')).toEqual({ bad: 1 });
    expect(layout('"just a string"')).toEqual({ bad: 0 });
    expect(layout('[{"a": "unterminated}]')).toEqual({ bad: 22 });
    expect(records('[{"a": x}, 2]')).toEqual(['{"a": x}', '2']); // the reader rejects the first, reads the second
  });

  it('starts after a byte-order mark and takes linear time on hostile nesting and escapes', () => {
    expect(records('\uFEFF[1]'.slice(1))).toEqual(['1']);
    expect(splitJson(Buffer.from('\uFEFF[1]'), 3, 6, KEYS)).toEqual({ container: 'json-array', spans: [4, 5], other: [] });
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(layout(`[${deep}]`)).toEqual({ container: 'json-array', spans: [1, deep.length + 1], other: [] });
    const slashes = `["${'\\\\'.repeat(100_000)}"]`;
    expect(records(slashes)).toHaveLength(1);
  });
});
