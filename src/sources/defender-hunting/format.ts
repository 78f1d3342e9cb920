// Microsoft Defender XDR advanced hunting, in the shapes users hold it: rows exported from the portal or returned by
// the API (CSV, JSON array, NDJSON, the API's {"Schema", "Results"} and Graph's {"schema", "results"} documents, Log
// Analytics / Sentinel CSV exports of the same tables) and Streaming API records (Event Hubs {"records": [...]},
// storage-account JSON lines: {"time", "tenantId", "operationName": "Publish", "category":
// "AdvancedHunting-<Table>", "properties": {...columns...}}). One format: the same row gives the same event, id
// included, from every shape.
//   DeviceInfo → `device`; DeviceTvmSoftwareInventory → `software` (inventory); DeviceProcessEvents → `software`
//   (process); DeviceNetworkEvents → `network` (+ the initiating process); DeviceEvents PnpDeviceConnected /
//   UsbDriveMounted → `usb`. Every event names the host: hostname (DeviceName), mdeDeviceId (DeviceId).
import type { DeviceFacts, Identifier, NetworkFacts, NormalizedEvent, Origin, SoftwareFacts, UsbFacts } from '../../core/model.ts';
import { iso } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import { isObj, looksLikeEmail, type Obj } from '../okta-systemlog/values.ts';
import { implausibleMessage, implausibleTime, parseUsOrIsoUtc } from '../timestamps.ts';
import { badIp, ipOf } from '../common/ip.ts';
import { deviceIdOf, hostnameOf, pushId } from '../common/host.ts';
import { col, domainOf, has, intCol, jsonCol, reportIdOf, timeColumn } from './columns.ts';
import { usbFacts } from './usb.ts';

const SOURCE = 'defender-hunting';
const STREAM_PREFIX = 'AdvancedHunting-';

export type Table = 'DeviceInfo' | 'DeviceTvmSoftwareInventory' | 'DeviceProcessEvents' | 'DeviceNetworkEvents' | 'DeviceEvents';
const READ = new Set<string>(['DeviceInfo', 'DeviceTvmSoftwareInventory', 'DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceEvents']);
/** Tables of the advanced hunting schema that are read as other device events and not used (a fixed list: reasons hold no record data). */
const OTHER_DEVICE_TABLES = [
  'DeviceFileEvents',
  'DeviceLogonEvents',
  'DeviceRegistryEvents',
  'DeviceImageLoadEvents',
  'DeviceNetworkInfo',
  'DeviceFileCertificateInfo',
];
const USB_ACTIONS = new Set(['PnpDeviceConnected', 'UsbDriveMounted']);

const IGNORE_TABLE = { ok: 'ignored', reason: 'not used: Defender table other than DeviceInfo, DeviceTvmSoftwareInventory, DeviceProcessEvents, DeviceNetworkEvents, DeviceEvents' } as const;
const IGNORE_DEVICE_EVENT = { ok: 'ignored', reason: 'not used: Defender device event other than process, network, USB' } as const;
const IGNORE_NOT_USB = { ok: 'ignored', reason: 'not used: Defender PnP device not on USB' } as const;
const IGNORE_NO_DEVICE = { ok: 'ignored', reason: 'not used: Defender row naming no device (no DeviceName, no DeviceId)' } as const;
const ignoreOther = (t: string): { ok: 'ignored'; reason: string } => ({ ok: 'ignored', reason: `not used: Defender ${t}` });

type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });

/** A Streaming API record: the row is its `properties`, the table its `category`, `time` when it was exported. */
function isStreamRecord(r: Obj): boolean {
  return typeof r.category === 'string' && r.category.startsWith(STREAM_PREFIX) && isObj(r.properties);
}

/** The API's {"Schema","Results"} / Graph's {"schema","results"} document: its rows. */
function resultRows(r: Obj): unknown[] | undefined {
  const rows = Array.isArray(r.Results) ? r.Results : Array.isArray(r.results) ? r.results : undefined;
  if (rows === undefined) return undefined;
  return Array.isArray(r.Schema) || Array.isArray(r.schema) || 'Stats' in r || '@odata.context' in r ? rows : undefined;
}

/** Which table a row of an export that does not say (portal, API) comes from, by its columns. */
function inferTable(r: Obj): string | undefined {
  if (has(r, 'SoftwareName') && (has(r, 'SoftwareVendor') || has(r, 'SoftwareVersion'))) return 'DeviceTvmSoftwareInventory';
  const action = col(r, 'ActionType');
  if (!has(r, 'ActionType') && (has(r, 'LoggedOnUsers') || has(r, 'OSPlatform') || has(r, 'OnboardingStatus') || has(r, 'ClientVersion'))) return 'DeviceInfo';
  if (action === 'ProcessCreated' || has(r, 'ProcessVersionInfoCompanyName') || has(r, 'ProcessVersionInfoProductName')) return 'DeviceProcessEvents';
  if (has(r, 'RemoteIPType') || has(r, 'LocalIPType') || (action !== undefined && /Connection|Inspected/.test(action))) return 'DeviceNetworkEvents';
  return 'DeviceEvents';
}

/** DeviceInfo.LoggedOnUsers: the one UPN / e-mail it names, when it names exactly one (else the host ids only). */
function loggedOnUpn(v: unknown): string | undefined {
  const list = Array.isArray(v) ? v : isObj(v) ? [v] : [];
  const found = new Set<string>();
  let first: string | undefined;
  for (const u of list) {
    if (!isObj(u)) continue;
    for (const key of ['UserPrincipalName', 'Upn', 'UserName']) {
      const name = u[key];
      if (typeof name === 'string' && looksLikeEmail(name.trim())) {
        const t = name.trim();
        if (!found.has(t.toLowerCase())) {
          found.add(t.toLowerCase());
          first ??= t;
        }
        break;
      }
    }
  }
  return found.size === 1 ? first : undefined;
}

/** The program of a process (DeviceProcessEvents: the new process; `Initiating` for the one that acted). */
function program(r: Obj, via: SoftwareFacts['via'], prefix: '' | 'InitiatingProcess'): SoftwareFacts | undefined {
  const vi = prefix === '' ? 'ProcessVersionInfo' : 'InitiatingProcessVersionInfo';
  const file = col(r, `${prefix}FileName`);
  const product = col(r, `${vi}ProductName`);
  const name = product ?? file;
  if (name === undefined) return undefined;
  return {
    name,
    via,
    publisher: col(r, `${vi}CompanyName`),
    version: col(r, `${vi}ProductVersion`),
    path: col(r, `${prefix}FolderPath`),
    file,
    originalFile: col(r, `${vi}OriginalFileName`),
    // DeviceProcessEvents has no signer column; a query that joins DeviceFileCertificateInfo brings `Signer`
    signer: prefix === '' ? col(r, 'Signer') : undefined,
  };
}

interface Facts {
  kind: NormalizedEvent['kind'];
  type: string;
  outcome: NormalizedEvent['outcome'];
  device?: DeviceFacts;
  software?: SoftwareFacts;
  network?: NetworkFacts;
  usb?: UsbFacts;
  /** Identifiers before the host ones (DeviceInfo's logged-on UPN). */
  person?: string;
  aadDeviceId?: string;
}

function factsOf(table: Table, r: Obj): Facts | Fail | { ok: 'ignored'; reason: string } {
  switch (table) {
    case 'DeviceInfo': {
      const aadDeviceId = deviceIdOf(col(r, 'AadDeviceId'));
      return {
        kind: 'device',
        type: 'DeviceInfo',
        outcome: 'success',
        device: {
          name: col(r, 'DeviceName'),
          os: col(r, 'OSPlatform'),
          osVersion: col(r, 'OSVersion') ?? col(r, 'OSBuild'),
          model: col(r, 'Model'),
          manufacturer: col(r, 'Vendor'),
        },
        person: loggedOnUpn(jsonCol(r, 'LoggedOnUsers')),
        aadDeviceId,
      };
    }
    case 'DeviceTvmSoftwareInventory': {
      const name = col(r, 'SoftwareName');
      if (name === undefined) return fail('SoftwareName', 'missing SoftwareName');
      return {
        kind: 'software',
        type: 'DeviceTvmSoftwareInventory',
        outcome: 'success',
        software: { name, via: 'inventory', publisher: col(r, 'SoftwareVendor'), version: col(r, 'SoftwareVersion') },
      };
    }
    case 'DeviceProcessEvents': {
      const software = program(r, 'process', '');
      if (software === undefined) return fail('FileName', 'missing FileName (and ProcessVersionInfoProductName)');
      return { kind: 'software', type: col(r, 'ActionType') ?? 'ProcessCreated', outcome: 'success', software };
    }
    case 'DeviceNetworkEvents': {
      const ip = ipOf(col(r, 'RemoteIP'), 'RemoteIP');
      if (badIp(ip)) return ip;
      const network: NetworkFacts = { domain: domainOf(col(r, 'RemoteUrl')), remoteIp: ip, remotePort: intCol(r, 'RemotePort') };
      if (network.domain === undefined && network.remoteIp === undefined) return fail('RemoteIP', 'neither RemoteUrl nor RemoteIP: no destination');
      const action = col(r, 'ActionType') ?? 'NetworkEvent';
      return {
        kind: 'network',
        type: action,
        outcome: action === 'ConnectionFailed' ? 'failure' : 'success',
        network,
        software: program(r, 'network', 'InitiatingProcess'),
      };
    }
    case 'DeviceEvents': {
      const action = col(r, 'ActionType');
      if (action === undefined || !USB_ACTIONS.has(action)) return IGNORE_DEVICE_EVENT;
      const usb = usbFacts(jsonCol(r, 'AdditionalFields'));
      if (usb === undefined) return IGNORE_NOT_USB;
      return { kind: 'usb', type: action, outcome: 'success', usb };
    }
  }
}

/** One row (already unwrapped from a Streaming record) → its event. `exported`: the Streaming record's `time`. */
export function parseRow(r: Obj, tableGiven: string | undefined, exported: string | undefined, origin: Origin): ParseOutcome<NormalizedEvent> {
  const table = tableGiven ?? inferTable(r);
  if (table === undefined || !READ.has(table)) {
    if (table !== undefined && OTHER_DEVICE_TABLES.includes(table)) return ignoreOther(table);
    return IGNORE_TABLE;
  }
  const deviceName = col(r, 'DeviceName');
  const mdeId = deviceIdOf(col(r, 'DeviceId'));
  if (deviceName === undefined && mdeId === undefined) {
    // a row of an export that does not say its table (a union, a projection) naming no host is about no device
    if (tableGiven === undefined) return IGNORE_NO_DEVICE;
    return fail('DeviceName', 'missing DeviceName and DeviceId: nothing names the host (project them in the query)');
  }
  const facts = factsOf(table as Table, r);
  if ('ok' in facts) return facts;

  // time: Timestamp (or the Log Analytics export's "Timestamp [UTC]"); the software inventory has no time column
  const tc = timeColumn(r, 'Timestamp');
  if (tc !== undefined && 'local' in tc) {
    return fail(tc.column, 'local time of the exporting browser, with no time zone: export with the display time zone set to UTC ("Timestamp [UTC]")');
  }
  const rawTime = tc?.value ?? (table === 'DeviceTvmSoftwareInventory' ? exported : undefined);
  const timeField = tc?.column ?? (rawTime !== undefined ? 'time' : 'Timestamp');
  if (rawTime === undefined) {
    return table === 'DeviceTvmSoftwareInventory'
      ? fail('Timestamp', 'DeviceTvmSoftwareInventory has no time column: add one to the query (| extend Timestamp = now())')
      : fail('Timestamp', 'missing Timestamp');
  }
  const time = parseUsOrIsoUtc(rawTime);
  if (time === undefined) return fail(timeField, `not an ISO 8601 timestamp or not a real date: ${JSON.stringify(rawTime.slice(0, 40))}`);
  const implausible = implausibleTime(time);
  if (implausible !== undefined) return fail(timeField, implausibleMessage(rawTime, implausible));

  const ids: Identifier[] = [];
  pushId(ids, 'upn', facts.person);
  pushId(ids, 'hostname', hostnameOf(deviceName));
  pushId(ids, 'mdeDeviceId', mdeId);
  pushId(ids, 'aadDeviceId', facts.aadDeviceId);
  if (ids.length === 0) return fail('DeviceName', 'no usable host identifier (a generic name such as "localhost" and no DeviceId)');

  const hostKey = mdeId ?? deviceName!.toLowerCase();
  const reportId = reportIdOf(r);
  let id: string;
  if (table === 'DeviceTvmSoftwareInventory') {
    // one inventory entry per host, program and version, whenever (and in whatever shape) it was exported
    const s = facts.software!;
    id = `mde:tvm:${fnv1a64(JSON.stringify([hostKey, s.publisher, s.name, s.version]))}`;
  } else if (reportId !== undefined) {
    id = `mde:${reportId}:${hostKey}:${iso(time)}`;
  } else {
    id = `mde:${fnv1a64(JSON.stringify([table, hostKey, iso(time), facts.type, facts.device, facts.software, facts.network, facts.usb, facts.person]))}`;
  }

  const ev: NormalizedEvent = {
    id,
    source: SOURCE,
    kind: facts.kind,
    type: facts.type,
    time,
    actor: { ids },
    outcome: facts.outcome,
    deviceId: facts.aadDeviceId,
    device: facts.device,
    software: facts.software,
    network: facts.network,
    usb: facts.usb,
    origin,
  };
  return { ok: true, items: [ev] };
}

function parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent> {
  if (!isObj(record)) return fail('(record)', 'expected a JSON object or CSV row (an advanced hunting row or a Streaming API record)');
  if (isStreamRecord(record)) {
    const table = (record.category as string).slice(STREAM_PREFIX.length);
    return parseRow(record.properties as Obj, table, typeof record.time === 'string' ? record.time : undefined, origin);
  }
  const rows = resultRows(record);
  if (rows !== undefined) {
    // The API's whole response is one record to the reader (its page keys do not include Results): every row is
    // read; rows of no use are dropped; one broken row rejects the document, naming the row.
    const items: NormalizedEvent[] = [];
    const key = Array.isArray(record.Results) ? 'Results' : 'results';
    for (let i = 0; i < rows.length; i++) {
      const row: unknown = rows[i];
      if (!isObj(row)) return fail(`${key}[${i}]`, 'expected a row object');
      const out = parseRow(row, typeof row.Type === 'string' ? row.Type : undefined, undefined, origin);
      if (out.ok === false) return fail(`${key}[${i}].${out.field}`, `${out.message} (extract the rows with jq -c '.${key}[]' to read the others)`);
      if (out.ok === true) items.push(...out.items);
    }
    return { ok: true, items };
  }
  return parseRow(record, typeof record.Type === 'string' && knownTable(record.Type) ? record.Type : undefined, undefined, origin);
}

/** A Log Analytics `Type` column naming an advanced hunting table. */
function knownTable(t: string): boolean {
  return READ.has(t) || OTHER_DEVICE_TABLES.includes(t) || /^(Identity|CloudApp|Email|Alert|Url|Behavior|Aad|EntraId|Exposure)/.test(t);
}

/** True for a row of an advanced hunting export (by its columns) or a Streaming API record. */
function looksLikeRow(r: Obj): boolean {
  const named = 'DeviceId' in r || 'DeviceName' in r;
  if (!named) return false;
  if ('Timestamp' in r || 'Timestamp [UTC]' in r || 'Timestamp [Local Time]' in r) return true;
  return 'SoftwareName' in r && ('SoftwareVendor' in r || 'SoftwareVersion' in r);
}

function sniff(record: unknown): boolean {
  if (!isObj(record)) return false;
  if (isStreamRecord(record)) return true;
  const rows = resultRows(record);
  if (rows !== undefined) {
    const schema = Array.isArray(record.Schema) ? record.Schema : Array.isArray(record.schema) ? record.schema : [];
    const names = new Set(schema.map((c: unknown) => (isObj(c) ? (c.Name ?? c.name) : undefined)));
    // any hunting query's answer is ours (its rows that name no host are ignored with a reason)
    return names.has('Timestamp') || names.has('DeviceId') || names.has('DeviceName') || (isObj(rows[0]) && looksLikeRow(rows[0]));
  }
  return looksLikeRow(record);
}

export const defenderHunting: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Defender XDR advanced hunting (portal / API export as CSV or JSON, Streaming API records)',
  produces: 'events',
  containers: ['csv', 'json-array', 'ndjson', 'json-page', 'json-object'],
  example: JSON.stringify({
    time: '2024-05-21T23:37:19.7996118Z',
    tenantId: '6de90c16-b0cb-4759-86b3-5601aec49b50',
    operationName: 'Publish',
    category: 'AdvancedHunting-DeviceProcessEvents',
    properties: {
      Timestamp: '2024-05-21T23:33:55.6970602Z',
      DeviceId: '3db402e9217f30248e26406c0a48094b00a0062e',
      DeviceName: 'laptop-7q2m4k.contoso.com',
      ActionType: 'ProcessCreated',
      FileName: 'AnyDesk.exe',
      FolderPath: 'C:\\Users\\adele\\Downloads\\AnyDesk.exe',
      ProcessVersionInfoCompanyName: 'AnyDesk Software GmbH',
      ProcessVersionInfoProductName: 'AnyDesk',
      ProcessVersionInfoProductVersion: '8.0.10',
      ProcessVersionInfoOriginalFileName: 'AnyDesk.exe',
      ReportId: 18842,
    },
  }),
  sniff,
  parse,
};
