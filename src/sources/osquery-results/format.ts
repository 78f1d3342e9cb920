// osquery scheduled-query results (the filesystem logger's osqueryd.results.log / osqueryd.snapshots.log, or the
// same lines shipped elsewhere): NDJSON, one record per line, in the three documented shapes — event ("columns" +
// "action"), snapshot ("snapshot": [rows]) and batch ("diffResults": {"added", "removed"}). One event per row of a
// table we use (see tables.ts); see README.md for the mapping.
import type { NormalizedEvent } from '../../core/model.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import { implausibleMessage, implausibleTime } from '../timestamps.ts';
import { tableOf, type Row } from './tables.ts';
import { colText, fail, HostIds, intOf, isUuid, REASON_EMPTY, REASON_REMOVED, REASON_TABLE, rowEvent, show, type Envelope } from './normalize.ts';

const SOURCE = 'osquery-results';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * An envelope counter (epoch, counter) as decimal text: a non-negative integer number, or a string of at most 20
 * digits (schedule_epoch is a 64-bit integer) without leading zeros; absent → ''.
 */
function counterText(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined;
  if (typeof v !== 'string' || v.length > 20) return undefined;
  let i = 0;
  while (i < v.length - 1 && v.charCodeAt(i) === 48) i++;
  for (let j = i; j < v.length; j++) {
    const c = v.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  return v.slice(i);
}

type Batch = { action: 'added' | 'snapshot'; rows: unknown[]; field: (i: number) => string };

export const osqueryResults: EventFormat = {
  id: SOURCE,
  title: 'osquery scheduled-query results (differential, snapshot and batch NDJSON)',
  produces: 'events',
  containers: ['ndjson', 'json-array', 'json-object'],
  example: JSON.stringify({
    name: 'pack_it_programs',
    hostIdentifier: 'DESKTOP-7Q2K9LM',
    calendarTime: 'Mon Mar 10 09:12:44 2025 UTC',
    unixTime: 1741597964,
    epoch: 0,
    counter: 3,
    numerics: false,
    decorations: { host_uuid: '4C4C4544-0042-3510-8052-B4C04F4A3532', hostname: 'DESKTOP-7Q2K9LM' },
    columns: { name: 'AnyDesk', version: 'ad 9.0.4', install_location: '"C:\\Program Files (x86)\\AnyDesk"', publisher: 'AnyDesk Software GmbH', install_date: '20250310' },
    action: 'added',
  }),

  sniff(record) {
    if (!isRecord(record) || typeof record.name !== 'string') return false;
    if (typeof record.hostIdentifier !== 'string' && typeof record.hostname !== 'string' && !isRecord(record.decorations)) return false;
    if (record.unixTime === undefined && record.calendarTime === undefined) return false;
    return isRecord(record.columns) || Array.isArray(record.snapshot) || isRecord(record.diffResults);
  },

  parse(record, origin): ParseOutcome<NormalizedEvent> {
    if (!isRecord(record)) return fail('(record)', 'not a JSON object');
    const name = record.name;
    if (typeof name !== 'string' || name === '') return fail('name', name === undefined || name === null || name === '' ? 'missing' : `not a string: ${show(name)}`);

    // Host: hostIdentifier (the documentation's examples call it "hostname"), then the decorations.
    const hiField = record.hostIdentifier !== undefined ? 'hostIdentifier' : 'hostname';
    const hi = record[hiField];
    if (hi !== undefined && hi !== null && typeof hi !== 'string') return fail(hiField, `not a string: ${show(hi)}`);
    const host = typeof hi === 'string' ? hi.trim() : '';
    const ids = new HostIds();
    if (host !== '') ids.add(isUuid(host) ? 'hostUuid' : 'hostname', host);
    const deco = record.decorations;
    if (deco !== undefined && deco !== null) {
      if (!isRecord(deco)) return fail('decorations', 'not an object');
      const df = (k: string): string => `decorations.${k}`;
      const hu = colText(deco, 'host_uuid', df), u = colText(deco, 'uuid', df), hn = colText(deco, 'hostname', df), cn = colText(deco, 'computer_name', df);
      const hs = colText(deco, 'hardware_serial', df);
      for (const v of [hu, u, hn, cn, hs]) if (typeof v === 'object') return v;
      ids.add('hostUuid', hu as string | undefined);
      ids.add('hostUuid', u as string | undefined);
      ids.add('hostname', hn as string | undefined);
      ids.add('hostname', cn as string | undefined);
      ids.add('serialNumber', hs as string | undefined);
    }
    if (ids.ids.length === 0) return fail('hostIdentifier', 'missing (no hostIdentifier and no host_uuid / uuid / hostname / computer_name / hardware_serial decoration)');

    // Time: unixTime, epoch seconds (a number, or a string in osquery < 3 and in the documentation's examples).
    const ut = record.unixTime;
    if (ut === undefined || ut === null || ut === '') return fail('unixTime', 'missing');
    const secs = intOf(ut);
    if (secs === undefined) return fail('unixTime', `not epoch seconds: ${show(ut)}`);
    const time = secs * 1000;
    const why = implausibleTime(time);
    if (why !== undefined) return fail('unixTime', implausibleMessage(String(ut), why));
    const epoch = counterText(record.epoch);
    if (epoch === undefined) return fail('epoch', 'not an integer');
    const counter = counterText(record.counter);
    if (counter === undefined) return fail('counter', 'not an integer');

    // Shape: batch, snapshot, or one row.
    let batch: Batch;
    let removed = 0;
    if (record.diffResults !== undefined) {
      const d = record.diffResults;
      if (!isRecord(d)) return fail('diffResults', 'not an object');
      const added = d.added ?? [];
      const rem = d.removed ?? [];
      if (!Array.isArray(added)) return fail('diffResults.added', 'not an array');
      if (!Array.isArray(rem)) return fail('diffResults.removed', 'not an array');
      removed = rem.length;
      batch = { action: 'added', rows: added, field: (i) => `diffResults.added[${i}]` };
    } else if (record.snapshot !== undefined) {
      if (!Array.isArray(record.snapshot)) return fail('snapshot', 'not an array');
      batch = { action: 'snapshot', rows: record.snapshot, field: (i) => `snapshot[${i}]` };
    } else {
      const cols = record.columns;
      if (cols === undefined || cols === null) return fail('columns', 'missing (no columns, snapshot or diffResults)');
      if (!isRecord(cols)) return fail('columns', 'not an object');
      const action = record.action;
      if (action === 'removed') return { ok: 'ignored', reason: REASON_REMOVED };
      if (action !== 'added' && action !== 'snapshot')
        return fail('action', action === undefined ? 'missing' : `not added, removed or snapshot: ${show(action)}`);
      batch = { action, rows: [cols], field: () => 'columns' };
    }
    if (batch.rows.length === 0) return { ok: 'ignored', reason: removed > 0 ? REASON_REMOVED : REASON_EMPTY };

    const env: Envelope = { host, name, unixTime: String(secs), epoch, counter, time, ids, origin, source: SOURCE };
    const items: NormalizedEvent[] = [];
    let skip: string | undefined;
    for (let i = 0; i < batch.rows.length; i++) {
      const r = batch.rows[i];
      if (!isRecord(r)) return fail(batch.field(i), 'not an object');
      const table = tableOf(r as Row, name);
      if (table === undefined) {
        skip ??= REASON_TABLE;
        continue;
      }
      const out = rowEvent(env, table, batch.action, r as Row, (k) => `${batch.field(i)}.${k}`); // named only on failure
      if ('skip' in out) skip ??= out.skip;
      else if ('ok' in out) return out;
      else items.push(out);
    }
    if (items.length === 0) return { ok: 'ignored', reason: skip ?? REASON_TABLE };
    return { ok: true, items };
  },
};
