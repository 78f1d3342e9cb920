import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { samplePath } from '../../../test/samples.ts';
import { formats } from '../index.ts';
import { readInputFile, sniffFile, type Sink } from '../reader.ts';
import { defenderHunting } from './format.ts';
import { domainOf, reportIdOf } from './columns.ts';
import { usbFacts } from './usb.ts';

type Rec = Record<string, unknown>;
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const GOLDEN_SAML = samplePath('defender/GoldenSAML_Microsoft365DefenderEvents.json');
const SENTINEL_CSV = fixture('azure-sentinel-m365-processevents-excerpt.csv');
const origin = { file: 'rows.json', index: 0 };

function collect(): Sink & { events: NormalizedEvent[] } {
  const events: NormalizedEvent[] = [];
  const seen = new Set<string>();
  return {
    events,
    event: (e) => {
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      events.push(NormalizedEvent.parse(e));
      return true;
    },
    directory: () => {
      throw new Error('no directory entries expected');
    },
  };
}
function parseOk(rec: unknown): NormalizedEvent {
  const out = defenderHunting.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}
const withoutOrigin = (e: NormalizedEvent): Omit<NormalizedEvent, 'origin'> => {
  const { origin: _o, ...rest } = e;
  return rest;
};

// Rows with the documented columns of each table (learn.microsoft.com/defender-xdr/advanced-hunting-*-table), values
// made up. Numbers are JSON numbers, as the API and the Streaming API write them.
const HOST = { DeviceId: 'a1f3c9e2b7d4058e6c1b2a3d4e5f60718293a4b5', DeviceName: 'laptop-7q2m4k.contoso.com' };
const PROCESS: Rec = {
  Timestamp: '2024-05-21T23:33:55.6970602Z',
  ...HOST,
  ActionType: 'ProcessCreated',
  FileName: 'AnyDesk.exe',
  FolderPath: 'C:\\Users\\adele\\Downloads\\AnyDesk.exe',
  ProcessVersionInfoCompanyName: 'AnyDesk Software GmbH',
  ProcessVersionInfoProductName: 'AnyDesk',
  ProcessVersionInfoProductVersion: '8.0.10',
  ProcessVersionInfoOriginalFileName: 'AnyDesk.exe',
  ProcessCommandLine: '"AnyDesk.exe" --control',
  AccountUpn: null,
  ReportId: 18842,
};
const NETWORK: Rec = {
  Timestamp: '2024-05-21T23:41:07.1234567Z',
  ...HOST,
  ActionType: 'ConnectionSuccess',
  RemoteIP: '203.0.113.7',
  RemotePort: 443,
  RemoteUrl: 'https://relay-8f2a.net.anydesk.com:443/connect?x=1',
  LocalIP: '10.0.0.5',
  LocalPort: 52817,
  Protocol: 'Tcp',
  LocalIPType: 'Private',
  RemoteIPType: 'Public',
  InitiatingProcessFileName: 'AnyDesk.exe',
  InitiatingProcessFolderPath: 'c:\\users\\adele\\downloads\\anydesk.exe',
  InitiatingProcessVersionInfoCompanyName: 'AnyDesk Software GmbH',
  InitiatingProcessVersionInfoProductName: 'AnyDesk',
  InitiatingProcessVersionInfoProductVersion: '8.0.10',
  InitiatingProcessVersionInfoOriginalFileName: 'AnyDesk.exe',
  ReportId: 18907,
};
const USB_PNP: Rec = {
  Timestamp: '2024-05-22T08:02:11.5550000Z',
  ...HOST,
  ActionType: 'PnpDeviceConnected',
  AdditionalFields: JSON.stringify({
    ClassName: 'USB',
    DeviceId: 'USB\\VID_1D6B&PID_0104\\0123456789',
    DeviceDescription: 'USB Composite Device',
    VendorIds: 'USB\\VID_1D6B&PID_0104&REV_0404 USB\\VID_1D6B&PID_0104',
    ClassId: '{36fc9e60-c465-11cf-8056-444553540000}',
  }),
  ReportId: 19002,
};
/** DeviceInfo's ReportId runs past 2^53: the JSON shapes carry the number, the CSV its 18 digits. */
const BIG_REPORT_ID = '639199803770463703';
const INFO: Rec = {
  Timestamp: '2024-05-21T23:30:00.0000000Z',
  ...HOST,
  ClientVersion: '10.8760.22621.1028',
  PublicIP: '198.51.100.24',
  OSPlatform: 'Windows11',
  OSVersion: '10.0',
  OSBuild: 22631,
  Vendor: 'Dell Inc.',
  Model: 'Latitude 7440',
  AadDeviceId: '9c1e5a0e-2f4b-4d2a-8a3b-6f1d2e0c4b7a',
  IsAzureADJoined: true,
  OnboardingStatus: 'Onboarded',
  LoggedOnUsers: '[{"UserName":"adele.vance@contoso.com","DomainName":"AzureAD","Sid":"S-1-12-1-1111-2222-3333-4444"}]',
  ReportId: 0, // replaced by BIG_REPORT_ID in the text of every shape
};
const TVM: Rec = {
  ...HOST,
  OSPlatform: 'Windows11',
  OSVersion: '10.0',
  OSArchitecture: 'x64',
  SoftwareVendor: 'anydesk',
  SoftwareName: 'anydesk',
  SoftwareVersion: '8.0.10.0',
  EndOfSupportStatus: '',
  ProductCodeCpe: 'cpe:2.3:a:anydesk:anydesk:8.0.10.0:*:*:*:*:*:*:*',
};

const TABLES: [string, Rec][] = [
  ['DeviceProcessEvents', PROCESS],
  ['DeviceNetworkEvents', NETWORK],
  ['DeviceEvents', USB_PNP],
  ['DeviceInfo', INFO],
  ['DeviceTvmSoftwareInventory', { ...TVM, Timestamp: '2024-05-21T00:00:00Z' }],
];

/** JSON text of a value, with DeviceInfo's ReportId written with all its digits (a JS number cannot hold them). */
const json = (v: unknown): string => JSON.stringify(v).replace(/"ReportId":0\b/g, `"ReportId":${BIG_REPORT_ID}`);
const cellText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v));
const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
function csvOf(rows: Rec[]): string {
  const cols = Object.keys(rows[0]);
  const body = rows.map((r) => cols.map((c) => quote(c === 'ReportId' && r[c] === 0 ? BIG_REPORT_ID : cellText(r[c]))).join(','));
  return [cols.map(quote).join(','), ...body].join('\r\n') + '\r\n';
}
/** The Log Analytics (Sentinel) CSV of a row: "Timestamp [UTC]" in the portal's en-US form, milliseconds, a Type column. */
function laCsvOf(table: string, r: Rec): string {
  const { Timestamp, ...rest } = r;
  const d = new Date(Timestamp as string);
  const h = d.getUTCHours();
  const us = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}.${String(d.getUTCMilliseconds()).padStart(3, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  return csvOf([{ TenantId: '6de90c16-b0cb-4759-86b3-5601aec49b50', ...rest, 'Timestamp [UTC]': us, Type: table }]);
}
const streamRecord = (table: string, r: Rec): Rec => ({
  time: '2024-05-22T09:00:00.1234567Z',
  tenantId: '6de90c16-b0cb-4759-86b3-5601aec49b50',
  operationName: 'Publish',
  category: `AdvancedHunting-${table}`,
  _TimeReceivedBySvc: '2024-05-22T08:58:00.0000000Z',
  properties: r,
});
const schemaOf = (r: Rec): Rec[] => Object.keys(r).map((k) => ({ Name: k, Type: typeof r[k] === 'number' ? 'Int64' : 'String' }));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-defender-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(name: string, text: string): Promise<{ events: NormalizedEvent[]; format: string; errors: unknown[] }> {
  const p = join(dir, name);
  await writeFile(p, text);
  const s = collect();
  const sum = await readInputFile(p, s);
  return { events: s.events, format: sum.format, errors: sum.errors };
}

describe('defender-hunting: one row, every shape, one event', () => {
  it.each(TABLES)('%s: CSV, JSON array, NDJSON, API {Schema,Results}, Graph {schema,results}, Event Hubs, storage lines, Log Analytics CSV', async (table, row) => {
    const shapes: [string, string][] = [
      ['portal.csv', csvOf([row])],
      ['rows.json', `[${json(row)}]`],
      ['rows.ndjson', `${json(row)}\n`],
      ['api.json', json({ Stats: { ExecutionTime: 0.5 }, Schema: schemaOf(row), Results: [row] })],
      ['graph.json', json({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults', schema: schemaOf(row).map((c) => ({ name: c.Name, type: c.Type })), results: [row] })],
      ['eventhub.json', json({ records: [streamRecord(table, row)] })],
      ['PT1H.json', `${json(streamRecord(table, row))}\r\n`],
      ['la-export.csv', laCsvOf(table, row)],
    ];
    const events: NormalizedEvent[] = [];
    for (const [name, text] of shapes) {
      const r = await read(`${table}-${name}`, text);
      expect(r.format, name).toBe('defender-hunting');
      expect(r.errors, name).toEqual([]);
      expect(r.events, name).toHaveLength(1);
      events.push(r.events[0]);
    }
    const first = withoutOrigin(events[0]);
    for (const e of events) expect(withoutOrigin(e)).toEqual(first);
  });

  it('the Streaming API record and the exported row of a DeviceProcessEvents row: same id mde:${ReportId}:${DeviceId}:${Timestamp}', () => {
    const a = parseOk(PROCESS);
    const b = parseOk(streamRecord('DeviceProcessEvents', PROCESS));
    expect(a.id).toBe('mde:18842:a1f3c9e2b7d4058e6c1b2a3d4e5f60718293a4b5:2024-05-21T23:33:55.697Z');
    expect(withoutOrigin(b)).toEqual(withoutOrigin(a));
  });

  it('an 18-digit ReportId gives the same id whether read as a JSON number (rounded) or as CSV text', () => {
    expect(reportIdOf({ ReportId: JSON.parse(BIG_REPORT_ID) as number })).toBe(reportIdOf({ ReportId: BIG_REPORT_ID }));
    expect(reportIdOf({ ReportId: '113597' })).toBe('113597');
    expect(reportIdOf({ ReportId_long: 113597 })).toBe('113597'); // a KQL union's renamed column
  });
});

describe('defender-hunting: values by table', () => {
  it('DeviceProcessEvents → software via process', () => {
    const e = parseOk(PROCESS);
    expect(e).toMatchObject({
      source: 'defender-hunting',
      kind: 'software',
      type: 'ProcessCreated',
      time: Date.UTC(2024, 4, 21, 23, 33, 55, 697),
      outcome: 'success',
      actor: { ids: [{ kind: 'hostname', value: 'laptop-7q2m4k.contoso.com' }, { kind: 'mdeDeviceId', value: HOST.DeviceId }] },
    });
    expect(e.software).toEqual({
      name: 'AnyDesk',
      via: 'process',
      publisher: 'AnyDesk Software GmbH',
      version: '8.0.10',
      path: 'C:\\Users\\adele\\Downloads\\AnyDesk.exe',
      file: 'AnyDesk.exe',
      originalFile: 'AnyDesk.exe',
    });
    // no version info (unsigned tools often have none): the file name is the name; a joined Signer is kept
    const bare = parseOk({ ...PROCESS, ProcessVersionInfoProductName: '', ProcessVersionInfoCompanyName: null, Signer: 'AnyDesk Software GmbH' });
    expect(bare.software).toMatchObject({ name: 'AnyDesk.exe', file: 'AnyDesk.exe', publisher: undefined, signer: 'AnyDesk Software GmbH' });
  });

  it('DeviceNetworkEvents → network (domain without scheme, path, port) and the initiating process via network', () => {
    const e = parseOk(NETWORK);
    expect(e).toMatchObject({ kind: 'network', type: 'ConnectionSuccess', outcome: 'success' });
    expect(e.ip).toBeUndefined(); // the destination is no client address of the person
    expect(e.network).toEqual({ domain: 'relay-8f2a.net.anydesk.com', remoteIp: '203.0.113.7', remotePort: 443 });
    expect(e.software).toMatchObject({ name: 'AnyDesk', via: 'network', file: 'AnyDesk.exe', publisher: 'AnyDesk Software GmbH' });
    expect(parseOk({ ...NETWORK, ActionType: 'ConnectionFailed', RemoteUrl: '' })).toMatchObject({ outcome: 'failure', network: { domain: undefined } });
    const bad = defenderHunting.parse({ ...NETWORK, RemoteIP: '<script>alert(1)</script>' }, origin);
    expect(bad).toMatchObject({ ok: false, field: 'RemoteIP' });
  });

  it('domainOf strips scheme, credentials, path, query and port', () => {
    expect(domainOf('https://evil.example:8443/x')).toBe('evil.example');
    expect(domainOf('HTTP://User:pw@Files.Example.COM/a?b#c')).toBe('files.example.com');
    expect(domainOf('login.microsoftonline.com')).toBe('login.microsoftonline.com');
    expect(domainOf('example.org.')).toBe('example.org');
    expect(domainOf('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(domainOf('')).toBeUndefined();
  });

  it('DeviceEvents PnpDeviceConnected → usb with vendor / product ids from the PnP id', () => {
    const e = parseOk(USB_PNP);
    expect(e).toMatchObject({ kind: 'usb', type: 'PnpDeviceConnected' });
    expect(e.usb).toEqual({ vendorId: '1d6b', productId: '0104', product: 'USB Composite Device', serial: '0123456789' });
  });

  it('UsbDriveMounted → usb: maker, product, serial; USBSTOR ids; made-up instance ids are no serial', () => {
    const mounted = parseOk({
      ...USB_PNP,
      ActionType: 'UsbDriveMounted',
      AdditionalFields: { DriveLetter: 'E:', BusType: 7, Manufacturer: 'SanDisk', ProductName: 'Cruzer Blade', ProductRevision: '1.00', SerialNumber: '4C530001230927117482' },
    });
    expect(mounted.usb).toEqual({ vendor: 'SanDisk', product: 'Cruzer Blade', serial: '4C530001230927117482', vendorId: undefined, productId: undefined });
    expect(usbFacts({ DeviceId: 'USBSTOR\\Disk&Ven_SanDisk&Prod_Cruzer_Blade&Rev_1.00\\4C530001230927117482&0', ClassName: 'DiskDrive' })).toEqual({
      vendorId: undefined,
      productId: undefined,
      vendor: 'SanDisk',
      product: 'Cruzer Blade',
      serial: '4C530001230927117482',
    });
    expect(usbFacts({ DeviceId: 'USB\\VID_046D&PID_C52B\\6&1B2C3D4E&0&2', ClassName: 'USB' })).toMatchObject({ vendorId: '046d', productId: 'c52b', serial: undefined });
    expect(usbFacts({ DeviceId: 'HID\\VID_046D&PID_C52B&MI_00\\7&2A3B&0&0000', ClassName: 'HIDClass' })).toMatchObject({ vendorId: '046d', productId: 'c52b' });
  });

  it('DeviceEvents: other ActionTypes and PnP devices not on USB are ignored with a reason', () => {
    expect(defenderHunting.parse({ ...USB_PNP, ActionType: 'LdapSearch' }, origin)).toEqual({ ok: 'ignored', reason: 'not used: Defender device event other than process, network, USB' });
    const monitor = { ...USB_PNP, AdditionalFields: JSON.stringify({ ClassName: 'Monitor', DeviceId: 'DISPLAY\\DELA1CE\\5&2f1e0a&0&UID4352', DeviceDescription: 'Generic PnP Monitor' }) };
    expect(defenderHunting.parse(monitor, origin)).toEqual({ ok: 'ignored', reason: 'not used: Defender PnP device not on USB' });
  });

  it('DeviceInfo → device tied to the one UPN LoggedOnUsers names; host ids only otherwise', () => {
    const e = parseOk(INFO);
    expect(e).toMatchObject({ kind: 'device', type: 'DeviceInfo', deviceId: '9c1e5a0e-2f4b-4d2a-8a3b-6f1d2e0c4b7a' });
    expect(e.actor.ids).toEqual([
      { kind: 'upn', value: 'adele.vance@contoso.com' },
      { kind: 'hostname', value: 'laptop-7q2m4k.contoso.com' },
      { kind: 'mdeDeviceId', value: HOST.DeviceId },
      { kind: 'aadDeviceId', value: '9c1e5a0e-2f4b-4d2a-8a3b-6f1d2e0c4b7a' },
    ]);
    expect(e.device).toEqual({ name: 'laptop-7q2m4k.contoso.com', os: 'Windows11', osVersion: '10.0', model: 'Latitude 7440', manufacturer: 'Dell Inc.' });
    // a local account name (as on macOS: [{"UserName":"rob"}]) names no person
    const local = parseOk({ ...INFO, LoggedOnUsers: '[{"UserName":"rob"}]' });
    expect(local.actor.ids.map((i) => i.kind)).toEqual(['hostname', 'mdeDeviceId', 'aadDeviceId']);
    // two people logged on: the device is tied to neither
    const two = parseOk({ ...INFO, LoggedOnUsers: [{ UserName: 'a@contoso.com' }, { UserName: 'b@contoso.com' }] });
    expect(two.actor.ids.some((i) => i.kind === 'upn')).toBe(false);
  });

  it('DeviceInfo repeats every few minutes: the same device and Timestamp is the same id', () => {
    const a = parseOk(INFO);
    const b = parseOk({ ...INFO, PublicIP: '198.51.100.99' });
    const later = parseOk({ ...INFO, Timestamp: '2024-05-21T23:45:00Z' });
    expect(b.id).toBe(a.id);
    expect(later.id).not.toBe(a.id);
    const { ReportId: _r, ...noReport } = INFO;
    expect(parseOk(noReport).id).toBe(parseOk({ ...noReport, PublicIP: '198.51.100.99' }).id);
  });

  it('DeviceTvmSoftwareInventory → software via inventory; no time column: the Streaming record time, else a rejection', () => {
    const streamed = parseOk(streamRecord('DeviceTvmSoftwareInventory', TVM));
    expect(streamed).toMatchObject({ kind: 'software', type: 'DeviceTvmSoftwareInventory', time: Date.UTC(2024, 4, 22, 9, 0, 0, 123) });
    expect(streamed.software).toEqual({ name: 'anydesk', via: 'inventory', publisher: 'anydesk', version: '8.0.10.0' });
    expect(streamed.id).toMatch(/^mde:tvm:[0-9a-f]{16}$/);
    // the same entry exported later, or from the portal with a Timestamp added to the query: the same id
    expect(parseOk({ ...streamRecord('DeviceTvmSoftwareInventory', TVM), time: '2024-06-01T00:00:00Z' }).id).toBe(streamed.id);
    expect(defenderHunting.parse(TVM, origin)).toEqual({
      ok: false,
      field: 'Timestamp',
      message: 'DeviceTvmSoftwareInventory has no time column: add one to the query (| extend Timestamp = now())',
    });
    expect(parseOk({ ...TVM, Timestamp: '2024-07-01T00:00:00Z' }).id).toBe(streamed.id);
    expect(parseOk(streamRecord('DeviceTvmSoftwareInventory', { ...TVM, SoftwareVersion: '9.0.1' })).id).not.toBe(streamed.id);
  });

  it('host identifiers: an all-zero DeviceId and a generic name are no identifier; a row naming no host is rejected', () => {
    const e = parseOk({ ...PROCESS, DeviceId: '00000000-0000-0000-0000-000000000000' });
    expect(e.actor.ids).toEqual([{ kind: 'hostname', value: 'laptop-7q2m4k.contoso.com' }]);
    expect(parseOk({ ...PROCESS, DeviceName: 'localhost' }).actor.ids).toEqual([{ kind: 'mdeDeviceId', value: HOST.DeviceId }]);
    expect(defenderHunting.parse(streamRecord('DeviceProcessEvents', { ...PROCESS, DeviceId: '', DeviceName: null }), origin)).toMatchObject({ ok: false, field: 'DeviceName' });
  });

  it('a row without ReportId has a stable hash id', () => {
    const { ReportId: _r, ...row } = PROCESS;
    const a = parseOk(row);
    expect(a.id).toMatch(/^mde:[0-9a-f]{16}$/);
    expect(parseOk({ ...row }).id).toBe(a.id);
    expect(parseOk({ ...row, FileName: 'TeamViewer.exe', ProcessVersionInfoProductName: 'TeamViewer' }).id).not.toBe(a.id);
  });

  it('rejects a broken Timestamp, an implausible one, and a zone-less local-time export', () => {
    expect(defenderHunting.parse({ ...PROCESS, Timestamp: 'yesterday' }, origin)).toMatchObject({ ok: false, field: 'Timestamp' });
    expect(defenderHunting.parse({ ...PROCESS, Timestamp: '0001-01-01T00:00:00Z' }, origin)).toMatchObject({ ok: false, field: 'Timestamp', message: expect.stringContaining('before 2000-01-01') });
    const { Timestamp: _t, ...rest } = PROCESS;
    expect(defenderHunting.parse({ ...rest, 'Timestamp [Local Time]': '10/25/2023, 9:43:21.994 AM' }, origin)).toMatchObject({ ok: false, field: 'Timestamp [Local Time]' });
  });

  it('tables not read are ignored with a reason naming no record data', () => {
    expect(defenderHunting.parse(streamRecord('DeviceFileEvents', { ...HOST, Timestamp: '2024-05-21T23:33:55Z', ActionType: 'FileCreated' }), origin)).toEqual({
      ok: 'ignored',
      reason: 'not used: Defender DeviceFileEvents',
    });
    expect(defenderHunting.parse(streamRecord('AlertInfo', { Timestamp: '2024-05-21T23:33:55Z', AlertId: 'da1' }), origin)).toEqual({
      ok: 'ignored',
      reason: 'not used: Defender table other than DeviceInfo, DeviceTvmSoftwareInventory, DeviceProcessEvents, DeviceNetworkEvents, DeviceEvents',
    });
  });
});

describe('defender-hunting: real exports', () => {
  it('OTRF Golden SAML advanced hunting rows (API Results, one per line, a union of tables): 9 rows, all ignored with reasons', async () => {
    expect(await sniffFile(GOLDEN_SAML)).toMatchObject({ format: { id: 'defender-hunting' }, container: 'ndjson' });
    const s = collect();
    const sum = await readInputFile(GOLDEN_SAML, s);
    expect(sum).toMatchObject({
      format: 'defender-hunting',
      records: 9,
      accepted: 0,
      ignored: 9,
      rejected: 0,
      ignoredReasons: {
        // 5 DeviceEvents LdapSearch rows of the ADFS server and 2 IdentityDirectoryEvents rows (they name a DeviceName)
        'not used: Defender device event other than process, network, USB': 7,
        // 2 CloudAppEvents rows
        'not used: Defender row naming no device (no DeviceName, no DeviceId)': 2,
      },
    });
  });

  it('Azure-Sentinel DeviceProcessEvents CSV export in browser local time: rejected, naming the column and the fix', async () => {
    expect(await sniffFile(SENTINEL_CSV)).toMatchObject({ format: { id: 'defender-hunting' }, container: 'csv' });
    const sum = await readInputFile(SENTINEL_CSV, collect());
    expect(sum).toMatchObject({ records: 1, accepted: 0, rejected: 1 });
    expect(sum.errors[0]).toMatchObject({ line: 2, field: 'Timestamp [Local Time]', message: expect.stringContaining('display time zone set to UTC') });
  });

  it('the same export with the UTC display setting ("Timestamp [UTC]") is read: a DeviceProcessEvents row of a Linux host', async () => {
    const text = readFileSync(SENTINEL_CSV, 'utf8').replace(/ \[Local Time\]/g, ' [UTC]');
    const r = await read('sentinel-utc.csv', text);
    expect(r.errors).toEqual([]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      id: 'mde:530932:0cf5805bb864bdf4b26e01f8c9672b5e709cbe51:2023-10-25T09:43:21.994Z',
      kind: 'software',
      type: 'ProcessCreated',
      time: Date.UTC(2023, 9, 25, 9, 43, 21, 994),
      actor: { ids: [{ kind: 'hostname', value: 'ip-172-31-46-50.eu-central-1.compute.internal' }, { kind: 'mdeDeviceId', value: '0cf5805bb864bdf4b26e01f8c9672b5e709cbe51' }] },
      software: { via: 'process', file: '/', name: '/' },
    });
  });

  it('the documented API response (a projection without DeviceId / DeviceName) is read, its rows naming no host ignored', () => {
    // learn.microsoft.com/defender-xdr/api-advanced-hunting, "Response object" (CC BY 4.0), Stats shortened
    const doc = {
      Stats: { ExecutionTime: 4.621215 },
      Schema: [
        { Name: 'Timestamp', Type: 'DateTime' },
        { Name: 'FileName', Type: 'String' },
        { Name: 'InitiatingProcessFileName', Type: 'String' },
      ],
      Results: [
        { Timestamp: '2020-08-30T06:38:35.7664356Z', FileName: 'conhost.exe', InitiatingProcessFileName: 'powershell.exe' },
        { Timestamp: '2020-08-30T06:38:30.5163363Z', FileName: 'conhost.exe', InitiatingProcessFileName: 'powershell.exe' },
      ],
    };
    expect(defenderHunting.sniff(doc, 'json-object')).toBe(true);
    expect(defenderHunting.parse(doc, origin)).toEqual({ ok: true, items: [] });
  });

  it('a broken row in an API document rejects the document, naming the row', () => {
    const doc = { Schema: schemaOf(PROCESS), Results: [PROCESS, { ...PROCESS, Timestamp: 'never' }] };
    expect(defenderHunting.parse(doc, origin)).toMatchObject({ ok: false, field: 'Results[1].Timestamp', message: expect.stringContaining(".Results[]'") });
  });

  it('no other format claims Defender rows, and Defender does not claim the other formats’ fixtures (checked in fixtures.test.ts)', () => {
    const others = formats.filter((f) => f.id !== 'defender-hunting');
    for (const rec of [PROCESS, streamRecord('DeviceInfo', INFO), { records: 1 }]) {
      for (const f of others) expect(f.sniff(rec, 'json-array'), f.id).toBe(false);
    }
    expect(defenderHunting.sniff({ Timestamp: 'x', ActionType: 'y' }, 'json-array')).toBe(false);
  });
});
