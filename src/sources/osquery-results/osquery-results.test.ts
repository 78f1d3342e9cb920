import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { formats } from '../index.ts';
import { readInputFile, sniffFile, type Sink } from '../reader.ts';
import type { ParseOutcome } from '../types.ts';
import { osqueryResults } from './format.ts';
import { oktaClText, pantherTestsText, readSample } from '../../../test/samples.ts';

const FIX = new URL('./fixtures/', import.meta.url);
const fixturePath = (name: string): string => new URL(name, FIX).pathname;
const lines = (name: string): Record<string, unknown>[] =>
  readFileSync(fixturePath(name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const RESULTS = lines('msticpy-osqueryd.results.ndjson');
const SNAPSHOTS = lines('msticpy-osqueryd.snapshots.ndjson');
const DOCS = lines('osquery-docs-logging-examples.ndjson');
const BUILT = lines('documented-schema-rows.ndjson');
const STREAMALERT = lines('streamalert-windows-snapshot.ndjson')[0];
const origin = { file: 'x.ndjson', line: 1 };

const parse = (rec: unknown): ParseOutcome<NormalizedEvent> => osqueryResults.parse(rec, origin);

function events(rec: unknown): NormalizedEvent[] {
  const out = parse(rec);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  return out.items.map((e) => NormalizedEvent.parse(e)); // the model's own schema accepts every event
}
const one = (rec: unknown): NormalizedEvent => {
  const evs = events(rec);
  expect(evs).toHaveLength(1);
  return evs[0];
};
function rejected(rec: unknown): { field: string; message: string } {
  const out = parse(rec);
  if (out.ok !== false) throw new Error(`expected a rejection, got ${JSON.stringify(out).slice(0, 300)}`);
  return { field: out.field, message: out.message };
}
const ignored = (rec: unknown): string => {
  const out = parse(rec);
  if (out.ok !== 'ignored') throw new Error(`expected ignored, got ${JSON.stringify(out).slice(0, 300)}`);
  return out.reason;
};

function collect(): Sink & { events: NormalizedEvent[] } {
  const evs: NormalizedEvent[] = [];
  return { events: evs, event: (e) => evs.push(NormalizedEvent.parse(e)), directory: () => {} };
}

// A real differential row of the msticpy log (line 6), the envelope every variation below starts from.
const REAL = RESULTS[5];
const { columns: REAL_COLS, ...REAL_ENV } = REAL as { columns: Record<string, unknown> } & Record<string, unknown>;
const JUMPVM = [
  { kind: 'hostname', value: 'jumpvm' },
  { kind: 'hostUuid', value: '40443dd9-5b21-a345-8f89-aadde84c3719' },
];
const WIN_IDS = [
  { kind: 'hostname', value: 'DESKTOP-7Q2K9LM' },
  { kind: 'hostUuid', value: '4C4C4544-0042-3510-8052-B4C04F4A3532' },
  { kind: 'serialNumber', value: 'B5QJ3J2' },
];
const MAC_UUID = 'F7C5A9B2-3D61-5E8A-9C0B-1A2B3C4D5E6F';
const MAC_IDS = [
  { kind: 'hostUuid', value: MAC_UUID },
  { kind: 'hostname', value: 'Janes-MacBook-Pro.local' },
  { kind: 'hostname', value: "Jane's MacBook Pro" },
];
const T = 1741597964;

describe('osquery-results: sniff', () => {
  it('claims every record of the real and documented logs', () => {
    for (const r of [...RESULTS, ...SNAPSHOTS, ...DOCS, ...BUILT, STREAMALERT]) expect(osqueryResults.sniff(r, 'ndjson')).toBe(true);
  });

  it('does not claim status logs, other shapes or other formats’ records', () => {
    const status = { hostIdentifier: 'jumpvm', calendarTime: 'Thu Mar 16 03:08:58 2023 UTC', unixTime: '1678936138', severity: '0', filename: 'x.cpp', line: '1', message: 'm', version: '5.7.0' };
    expect(osqueryResults.sniff(status, 'ndjson')).toBe(false);
    expect(osqueryResults.sniff({ ...REAL, columns: 'x' }, 'ndjson')).toBe(false);
    expect(osqueryResults.sniff({ ...REAL, unixTime: undefined, calendarTime: undefined }, 'ndjson')).toBe(false);
    expect(osqueryResults.sniff({ ...REAL, name: 7 }, 'ndjson')).toBe(false);
    expect(osqueryResults.sniff({ ...REAL, hostIdentifier: undefined, decorations: undefined }, 'ndjson')).toBe(false);
    expect(osqueryResults.sniff(null, 'ndjson')).toBe(false);
    expect(osqueryResults.sniff([REAL], 'json-array')).toBe(false);
    // every record of every other format's fixtures (JSON and NDJSON)
    const root = new URL('../', import.meta.url);
    let seen = 0;
    for (const f of formats) {
      if (f.id === osqueryResults.id) continue;
      let names: string[];
      try {
        names = readdirSync(new URL(`${f.id}/fixtures/`, root));
      } catch {
        continue;
      }
      for (const n of names) {
        const text = readFileSync(new URL(`${f.id}/fixtures/${n}`, root), 'utf8');
        let recs: unknown[] = [];
        if (n.endsWith('.ndjson')) recs = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
        else if (n.endsWith('.json')) {
          const doc = JSON.parse(text) as unknown;
          if (Array.isArray(doc)) recs = doc;
          else if (doc !== null && typeof doc === 'object') {
            recs = [doc];
            for (const v of Object.values(doc)) if (Array.isArray(v)) recs.push(...(v as unknown[]));
          }
        }
        for (const r of recs) {
          seen++;
          expect(osqueryResults.sniff(r, 'ndjson'), `${f.id}/${n}`).toBe(false);
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
  });

  it('does not claim the other vendors’ real samples (Panther rule tests of other log types, Okta_CL, Defender rows)', () => {
    const tests = pantherTestsText()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { LogTypes: string[]; Log: Record<string, unknown> });
    const others = tests.filter((t) => !t.LogTypes.some((x) => x.startsWith('Osquery')));
    expect(others.length).toBeGreaterThan(400);
    for (const t of others) expect(osqueryResults.sniff(t.Log, 'ndjson'), JSON.stringify(t.LogTypes)).toBe(false);
    for (const r of JSON.parse(oktaClText()) as unknown[]) expect(osqueryResults.sniff(r, 'json-array')).toBe(false);
    const defender = readSample('defender/GoldenSAML_Microsoft365DefenderEvents.json').split('\n').filter((l) => l.trim() !== '');
    expect(defender.length).toBeGreaterThan(5);
    for (const l of defender) expect(osqueryResults.sniff(JSON.parse(l), 'ndjson')).toBe(false);
  });

  it('other formats do not claim osquery records', () => {
    for (const f of formats) {
      if (f.id === osqueryResults.id) continue;
      for (const r of [...RESULTS.slice(0, 40), ...SNAPSHOTS, ...DOCS, ...BUILT]) expect(f.sniff(r, 'ndjson'), f.id).toBe(false);
    }
  });
});

describe('osquery-results: the real msticpy logs (a Linux host with no remote-access tool: a negative control)', () => {
  it('results log: 266 lines; 14 process rows added, 129 removed rows and 123 rows of other tables ignored', async () => {
    const p = fixturePath('msticpy-osqueryd.results.ndjson');
    expect(await sniffFile(p)).toMatchObject({ format: { id: 'osquery-results' }, container: 'ndjson' });
    const s = collect();
    const sum = await readInputFile(p, s);
    expect(sum).toEqual({
      path: p,
      format: 'osquery-results',
      records: 266,
      accepted: 14,
      ignored: 252,
      ignoredReasons: { 'removed row': 129, 'osquery table not used': 123 },
      rejected: 0,
      errors: [],
    });
    expect(s.events.every((e) => e.kind === 'software' && e.type === 'osquery processes added' && e.software?.via === 'process')).toBe(true);
    expect(new Set(s.events.map((e) => e.id)).size).toBe(14);
    expect(s.events.map((e) => e.software?.name)).toEqual([
      'anacron', 'run-parts', 'run-parts', 'logrotate', 'kthreadd', 'kthreadd', 'logrotate', 'kthreadd', 'systemd', 'systemd',
      'kthreadd', 'kthreadd', 'kthreadd', 'systemd',
    ]);
  });

  it('maps a real process row exactly: host ids only in the actor (the account stays out)', () => {
    expect(one(REAL)).toEqual({
      id: expect.stringMatching(/^osquery:[0-9a-f]{16}$/),
      source: 'osquery-results',
      kind: 'software',
      type: 'osquery processes added',
      time: Date.UTC(2023, 2, 16, 3, 8, 58),
      actor: { ids: JUMPVM },
      outcome: 'unknown',
      software: { name: 'anacron', via: 'process', file: 'anacron' },
      origin,
    });
  });

  it('the logged_in_users join (pid, name, cmdline + tty, host, user) is not read as a process', () => {
    const row = RESULTS.find((r) => r.name === 'pack_incident-response_logged_in_users' && r.action === 'added');
    expect(ignored(row)).toBe('osquery table not used');
  });

  it('snapshot log (one row per line, logger_snapshot_event_type): 43 rows of tables not used', async () => {
    const p = fixturePath('msticpy-osqueryd.snapshots.ndjson');
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({ format: 'osquery-results', records: 43, accepted: 0, ignored: 43, ignoredReasons: { 'osquery table not used': 43 }, rejected: 0 });
  });

  it('the real open_sockets rows (UNIX sockets), were they added, give no connection', () => {
    const row = RESULTS.find((r) => r.name === 'pack_incident-response_open_sockets');
    expect(ignored({ ...row, action: 'added' })).toBe('socket without remote address');
  });
});

describe('osquery-results: the documentation examples (event, snapshot, batch)', () => {
  it('event format "added" (with the documented "hostname" key and string times) → a process event', () => {
    expect(one(DOCS[0])).toMatchObject({
      kind: 'software',
      type: 'osquery processes added',
      time: 1412123850000,
      actor: { ids: [{ kind: 'hostname', value: 'hostname.local' }] },
      software: { name: 'osqueryd', via: 'process', path: '/usr/local/bin/osqueryd', file: 'osqueryd' },
    });
  });

  it('"removed" is ignored; a snapshot of processes without a name column is a table not used', () => {
    expect(ignored(DOCS[1])).toBe('removed row');
    expect(ignored(DOCS[2])).toBe('osquery table not used');
  });

  it('batch format: the added rows are events, with the same id as the same row in the event format', () => {
    const evs = events(DOCS[3]);
    expect(evs).toHaveLength(1);
    expect(evs[0].id).toBe(one(DOCS[0]).id);
    expect(evs[0].type).toBe('osquery processes added');
    expect(ignored({ ...DOCS[3], diffResults: { removed: [{ name: 'x' }] } })).toBe('removed row');
    expect(ignored({ ...DOCS[3], diffResults: { added: [], removed: [] } })).toBe('no rows');
  });
});

describe('osquery-results: the StreamAlert Windows snapshot (real, redacted)', () => {
  it('an empty snapshot is "no rows"; its decorations (hostname, hardware_serial, uuid) are host ids', () => {
    expect(ignored(STREAMALERT)).toBe('no rows');
    const row = (BUILT[0].columns as Record<string, unknown>);
    expect(one({ ...STREAMALERT, snapshot: [row] }).actor.ids).toEqual([
      { kind: 'hostname', value: '4C4C4544-0051-XXXX-YYYY-ZZZZZZZZZZZZ' }, // redacted: no longer a UUID
      { kind: 'hostUuid', value: '4C4C4544-0051-XXXX-YYYY-ZZZZZZZZZZZZ' },
      { kind: 'hostname', value: 'foo-hostname' },
      { kind: 'serialNumber', value: '8Q394Y2' },
    ]);
    expect(one({ ...STREAMALERT, snapshot: [row] }).type).toBe('osquery programs snapshot');
  });
});

describe('osquery-results: rows built from the documented table schemas', () => {
  it('reads the whole file: 11 records, 10 accepted, the removed program ignored', async () => {
    const sum = await readInputFile(fixturePath('documented-schema-rows.ndjson'), collect());
    expect(sum).toMatchObject({ records: 11, accepted: 10, ignored: 1, ignoredReasons: { 'removed row': 1 }, rejected: 0 });
  });

  it('Windows programs: inventory with publisher, version, install folder (quotes dropped) and InstallDate', () => {
    expect(one(BUILT[0])).toEqual({
      id: expect.stringMatching(/^osquery:/),
      source: 'osquery-results',
      kind: 'software',
      type: 'osquery programs added',
      time: T * 1000,
      actor: { ids: WIN_IDS },
      outcome: 'unknown',
      software: {
        name: 'AnyDesk',
        via: 'inventory',
        publisher: 'AnyDesk Software GmbH',
        version: 'ad 9.0.4',
        path: 'C:\\Program Files (x86)\\AnyDesk',
        installed: Date.UTC(2025, 2, 10),
      },
      origin,
    });
  });

  it('batch of programs: one event per added row, the removed row not an event', () => {
    const evs = events(BUILT[1]);
    expect(evs.map((e) => [e.type, e.software?.name, e.software?.publisher, e.software?.installed])).toEqual([
      ['osquery programs added', 'TeamViewer', 'TeamViewer', Date.UTC(2025, 2, 10)],
      ['osquery programs added', 'Google Chrome', 'Google LLC', Date.UTC(2025, 2, 11)],
    ]);
    expect(evs[1].software?.path).toBeUndefined(); // install_location ""
    expect(ignored(BUILT[2])).toBe('removed row');
  });

  it('processes: the executable file name from the path', () => {
    expect(one(BUILT[3]).software).toEqual({
      name: 'AnyDesk.exe',
      via: 'process',
      path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe',
      file: 'AnyDesk.exe',
    });
  });

  it('process_open_sockets joined with processes: a network event with the connecting program', () => {
    const ev = one(BUILT[4]);
    expect(ev).toMatchObject({ kind: 'network', type: 'osquery process_open_sockets added', actor: { ids: WIN_IDS } });
    expect(ev.network).toEqual({ remoteIp: '192.0.2.81', remotePort: 443 });
    expect(ev.software).toEqual({ name: 'AnyDesk.exe', via: 'network', path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe', file: 'AnyDesk.exe' });
    expect(ev.ip).toBeUndefined(); // the remote end is not the host's address
  });

  it('usb_devices snapshot: one event per row, ids as four lower-case hex digits, serial "0" dropped', () => {
    const evs = events(BUILT[5]);
    expect(evs.map((e) => [e.kind, e.type, e.usb])).toEqual([
      ['usb', 'osquery usb_devices snapshot', { vendorId: '05ac', productId: '8007', vendor: 'Apple Inc.', product: 'AppleUSBXHCI Root Hub Simulation' }],
      ['usb', 'osquery usb_devices snapshot', { vendorId: '1d6b', productId: '0104', vendor: 'Linux Foundation', product: 'Composite KVM Device', serial: 'CAFEBABE' }],
    ]);
    expect(evs[0].actor.ids).toEqual(MAC_IDS); // hostIdentifier is a UUID: hostUuid, not hostname
    expect(evs[0].id).not.toBe(evs[1].id);
  });

  it('macOS apps: bundle name, short version, executable, .app path', () => {
    expect(one(BUILT[6]).software).toEqual({ name: 'TeamViewer', via: 'inventory', version: '15.63.4', path: '/Applications/TeamViewer.app', file: 'TeamViewer' });
  });

  it('chrome_extensions: via extension; the path holds the extension id', () => {
    expect(one(BUILT[7]).software).toEqual({
      name: 'Chrome Remote Desktop',
      via: 'extension',
      version: '1.5',
      path: '/Users/jane/Library/Application Support/Google/Chrome/Default/Extensions/inomeogfingihgjfjlpeplalcfajhgai/1.5_0/',
      installed: 1741597000000,
    });
  });

  it('system_info: a device event whose ids tie hostname, UUID and serial together', () => {
    const ev = one(BUILT[8]);
    expect(ev.kind).toBe('device');
    expect(ev.type).toBe('osquery system_info snapshot');
    expect(ev.device).toEqual({ name: "Jane's MacBook Pro", model: 'Mac14,2', manufacturer: 'Apple Inc.', serial: 'C02XK1ZJJG5J' });
    expect(ev.actor.ids).toEqual([...MAC_IDS, { kind: 'serialNumber', value: 'C02XK1ZJJG5J' }]);
  });

  it('deb and rpm packages: maintainer / vendor as publisher, rpm install_time', () => {
    expect(one(BUILT[9])).toMatchObject({
      type: 'osquery deb_packages added',
      actor: { ids: [{ kind: 'hostname', value: 'dev-ubuntu-01' }, { kind: 'hostUuid', value: '9A1E6F3C-2B4D-4E5F-8A7B-6C5D4E3F2A1B' }] },
      software: { name: 'anydesk', via: 'inventory', version: '6.3.0', publisher: 'philandro Software GmbH <info@anydesk.com>' },
    });
    expect(one(BUILT[10])).toMatchObject({
      type: 'osquery rpm_packages added',
      actor: { ids: [{ kind: 'hostname', value: 'dev-rhel-01' }] },
      software: { name: 'rustdesk', via: 'inventory', version: '1.3.8', publisher: 'rustdesk', installed: 1741590000000 },
    });
  });
});

describe('osquery-results: variations', () => {
  const env = (over: Record<string, unknown>, cols: Record<string, unknown> = REAL_COLS): Record<string, unknown> => ({ ...REAL_ENV, columns: cols, ...over });

  it('host ids: hostIdentifier alone, a UUID hostIdentifier, decorations alone, placeholders dropped', () => {
    expect(one(env({ decorations: undefined })).actor.ids).toEqual([{ kind: 'hostname', value: 'jumpvm' }]);
    expect(one(env({ hostIdentifier: '40443DD9-5B21-A345-8F89-AADDE84C3719', decorations: undefined })).actor.ids).toEqual([
      { kind: 'hostUuid', value: '40443DD9-5B21-A345-8F89-AADDE84C3719' },
    ]);
    // the same UUID as hostIdentifier and decoration is one identifier
    expect(one(env({ hostIdentifier: '40443dd9-5b21-a345-8f89-aadde84c3719' })).actor.ids).toEqual([JUMPVM[1]]);
    expect(one(env({ hostIdentifier: undefined, decorations: { hostname: 'LAPTOP-1.contoso.com', computer_name: 'LAPTOP-1' } })).actor.ids).toEqual([
      { kind: 'hostname', value: 'LAPTOP-1.contoso.com' }, // LAPTOP-1 is the same host by the resolver's key
    ]);
    expect(
      one(env({ hostIdentifier: 'localhost', decorations: { host_uuid: '00000000-0000-0000-0000-000000000000', hardware_serial: 'To Be Filled By O.E.M.', hostname: 'WS-042' } })).actor.ids,
    ).toEqual([{ kind: 'hostname', value: 'WS-042' }]);
  });

  it('numbers instead of strings (--logger_numerics, old string unixTime/epoch/counter) give the same event and id', () => {
    const a = one(REAL);
    const b = one(env({ unixTime: String(REAL.unixTime), epoch: '0', counter: '174' }, { ...REAL_COLS, pid: 193769, uid: 0, euid: 0, parent: 192816 }));
    expect(b).toEqual(a);
    const reordered = Object.fromEntries(Object.entries(REAL_COLS).reverse());
    expect(one(env({}, reordered)).id).toBe(a.id);
  });

  it('ids are stable across re-reads and change with any part of the row or envelope', () => {
    const a = one(REAL).id;
    expect(one(JSON.parse(JSON.stringify(REAL))).id).toBe(a);
    for (const over of [{ counter: 175 }, { epoch: 1 }, { unixTime: 1678936139 }, { hostIdentifier: 'jumpvm2' }, { name: 'other' }, { action: 'snapshot' }])
      expect(one(env(over)).id, JSON.stringify(over)).not.toBe(a);
    expect(one(env({}, { ...REAL_COLS, pid: '1' })).id).not.toBe(a);
  });

  it('absent columns: no version, publisher, path or date; a bad install_date is left out, not rejected', () => {
    const row = { name: 'AnyDesk', install_location: '' };
    expect(one({ ...BUILT[0], columns: row }).software).toEqual({ name: 'AnyDesk', via: 'inventory' });
    expect(one({ ...BUILT[0], columns: { ...row, install_date: '2025-03-10' } }).software?.installed).toBeUndefined();
    expect(one({ ...BUILT[0], columns: { ...row, install_date: '20250231' } }).software?.installed).toBeUndefined();
    expect(one({ ...BUILT[4], columns: { remote_address: '203.0.113.9', remote_port: '0', pid: '4' } })).toMatchObject({
      kind: 'network',
      network: { remoteIp: '203.0.113.9' },
    });
    expect(one({ ...BUILT[4], columns: { remote_address: '203.0.113.9', remote_port: '0', pid: '4' } }).software).toBeUndefined();
    expect(one({ ...BUILT[5], snapshot: [{ vendor_id: '0x5AC', model_id: '12A8', model: 'iPhone' }] }).usb).toEqual({ vendorId: '05ac', productId: '12a8', product: 'iPhone' });
  });

  it('the table is decided by the columns; the query name is a hint for rows too narrow to tell', () => {
    // a query called "programs" that selects processes is processes
    expect(one({ ...BUILT[3], name: 'pack_it_programs' }).type).toBe('osquery processes added');
    // SELECT name, version FROM programs: only the name tells
    const narrow = { name: 'Zoom', version: '6.1' };
    expect(one({ ...BUILT[0], name: 'pack_it_programs', columns: narrow }).type).toBe('osquery programs added');
    expect(one({ ...BUILT[0], name: 'mac_apps', columns: { name: 'zoom.us.app', path: '/Applications/zoom.us.app' } })).toMatchObject({
      type: 'osquery apps added',
      software: { name: 'zoom.us', via: 'inventory', path: '/Applications/zoom.us.app' },
    });
    expect(ignored({ ...BUILT[0], name: 'installed_software', columns: narrow })).toBe('osquery table not used');
    // a column the named table does not have: not trusted
    expect(ignored({ ...BUILT[0], name: 'pack_it_programs', columns: { ...narrow, summary: 'x' } })).toBe('osquery table not used');
    // pci_devices shares vendor_id/model_id with usb_devices
    expect(ignored({ ...BUILT[0], name: 'pci', columns: { pci_slot: '0000:00:02.0', vendor_id: '8086', model_id: '3e9b' } })).toBe('osquery table not used');
  });

  it('a socket to nowhere (listening, UDP unbound) is no connection', () => {
    for (const remote of ['', '0.0.0.0', '::'])
      expect(ignored({ ...BUILT[4], columns: { pid: '1', remote_address: remote, remote_port: '0', local_address: '0.0.0.0' } })).toBe('socket without remote address');
  });

  it('a snapshot mixing used and unused rows keeps the used ones; an empty snapshot is ignored', () => {
    const evs = events({ ...BUILT[5], snapshot: [{ foo: 'bar' }, (BUILT[5].snapshot as unknown[])[1]] });
    expect(evs).toHaveLength(1);
    expect(ignored({ ...BUILT[5], snapshot: [] })).toBe('no rows');
  });
});

describe('osquery-results: malformed records are rejected naming the field', () => {
  const env = (over: Record<string, unknown>): Record<string, unknown> => ({ ...REAL, ...over });
  const cases: [Record<string, unknown>, string, string | RegExp][] = [
    [env({ unixTime: undefined }), 'unixTime', 'missing'],
    [env({ unixTime: 'Thu Mar 16' }), 'unixTime', 'not epoch seconds: "Thu Mar 16"'],
    [env({ unixTime: -5 }), 'unixTime', /^not epoch seconds/],
    [env({ unixTime: 0 }), 'unixTime', /before 2000-01-01/],
    [env({ unixTime: 99999999999 }), 'unixTime', /more than one day after the reading time/],
    [env({ hostIdentifier: undefined, decorations: undefined }), 'hostIdentifier', /^missing/],
    [env({ hostIdentifier: '', decorations: { username: 'LOGIN' } }), 'hostIdentifier', /^missing/],
    [env({ hostIdentifier: 42 }), 'hostIdentifier', 'not a string: 42'],
    [env({ decorations: 'x' }), 'decorations', 'not an object'],
    [env({ decorations: { host_uuid: { a: 1 } } }), 'decorations.host_uuid', 'not a string: an object'],
    [env({ name: undefined }), 'name', 'missing'],
    [env({ name: 3 }), 'name', 'not a string: 3'],
    [env({ epoch: 'x' }), 'epoch', 'not an integer'],
    [env({ counter: [1] }), 'counter', 'not an integer'],
    [env({ epoch: '1'.repeat(21) }), 'epoch', 'not an integer'],
    [env({ unixTime: { n: 1 } }), 'unixTime', 'not epoch seconds: an object'],
    [env({ action: ['added'] }), 'action', 'not added, removed or snapshot: an array'],
    [env({ columns: undefined }), 'columns', /^missing/],
    [env({ columns: ['a'] }), 'columns', 'not an object'],
    [env({ action: undefined }), 'action', 'missing'],
    [env({ action: 'deleted' }), 'action', 'not added, removed or snapshot: "deleted"'],
    [env({ columns: { ...REAL_COLS, name: { x: 1 } } }), 'columns.name', /^not a string/],
    [env({ columns: undefined, snapshot: {} }), 'snapshot', 'not an array'],
    [env({ columns: undefined, snapshot: [REAL_COLS, 'x'] }), 'snapshot[1]', 'not an object'],
    [env({ columns: undefined, diffResults: [] }), 'diffResults', 'not an object'],
    [env({ columns: undefined, diffResults: { added: {} } }), 'diffResults.added', 'not an array'],
    [env({ columns: undefined, diffResults: { added: [], removed: 'x' } }), 'diffResults.removed', 'not an array'],
    [{ ...BUILT[5], snapshot: [{ vendor_id: 'zzzz', model_id: '0001' }] }, 'snapshot[0].vendor_id', 'not a USB id (1-4 hex digits): "zzzz"'],
    [{ ...BUILT[5], snapshot: [{ vendor_id: '05ac', model_id: '123456' }] }, 'snapshot[0].model_id', /^not a USB id/],
    [{ ...BUILT[4], columns: { pid: '1', remote_address: '<script>alert(1)</script>', remote_port: '443' } }, 'columns.remote_address', /^not an IP address/],
    [{ ...BUILT[4], columns: { pid: '1', remote_address: '192.0.2.1', remote_port: 'https' } }, 'columns.remote_port', 'not a port number: "https"'],
    [{ ...BUILT[4], columns: { pid: '1', remote_address: '192.0.2.1', remote_port: '70000' } }, 'columns.remote_port', 'not a port number: "70000"'],
    [{ ...BUILT[1], diffResults: { added: [{ name: 'x', install_location: 'C:\\x', publisher: true }] } }, 'diffResults.added[0].publisher', 'not a string: true'],
  ];
  it.each(cases.map((c, i) => [i, c[1], c] as const))('case %i: %s', (_i, _f, [rec, field, message]) => {
    const r = rejected(rec);
    expect(r.field).toBe(field);
    if (typeof message === 'string') expect(r.message).toBe(message);
    else expect(r.message).toMatch(message);
  });

  it('a record that is not an object', () => {
    expect(rejected([REAL])).toEqual({ field: '(record)', message: 'not a JSON object' });
    expect(rejected('x')).toEqual({ field: '(record)', message: 'not a JSON object' });
  });
});

describe('osquery-results: hostile input', () => {
  it('huge names, many columns and long values parse in linear time without crashing', () => {
    const cols: Record<string, string> = {};
    for (let i = 0; i < 100_000; i++) cols[`c${i}`] = 'x';
    const t0 = performance.now();
    expect(ignored({ ...REAL, name: 'processes'.repeat(100_000), columns: cols })).toBe('osquery table not used');
    expect(one({ ...REAL, columns: { ...REAL_COLS, cmdline: 'a'.repeat(60_000) } }).software?.name).toBe('anacron');
    // a long hostIdentifier names no host we can resolve: dropped, and the decoration remains
    expect(one({ ...REAL, hostIdentifier: 'h'.repeat(100_000) }).actor.ids).toEqual([JUMPVM[1]]);
    const snap = Array.from({ length: 5_000 }, (_, i) => ({ vendor_id: '1d6b', model_id: '0104', serial: String(i) }));
    expect(events({ ...BUILT[5], snapshot: snap })).toHaveLength(5_000);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('near-miss texts for the hand-written scanners (UUID, digits, hex ids, IPs) are read or rejected, never thrown', () => {
    const odd = ['', ' ', '-', '0x', '0x0x1', '１２３', '1e3', '12345678-1234-1234-1234-12345678901g', '\u0000', '\ud800', '9'.repeat(400), ':'.repeat(70)];
    for (const s of odd) {
      for (const rec of [
        { ...REAL, hostIdentifier: s },
        { ...REAL, unixTime: s },
        { ...BUILT[5], snapshot: [{ vendor_id: s, model_id: s }] },
        { ...BUILT[4], columns: { pid: '1', remote_address: s, remote_port: s } },
      ]) {
        const out = parse(rec);
        expect(['boolean', 'string']).toContain(typeof out.ok);
        if (out.ok === true) for (const e of out.items) NormalizedEvent.parse(e);
      }
    }
  });
});
