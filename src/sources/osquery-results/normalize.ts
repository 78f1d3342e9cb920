// One osquery result row → one NormalizedEvent (or a reason to skip it). Pure; no regex on input data.
import type { DeviceFacts, EventKind, Identifier, NetworkFacts, NormalizedEvent, Origin, SoftwareFacts, UsbFacts } from '../../core/model.ts';
import { identifierKey } from '../../core/model.ts';
import { fnv1a64 } from '../../core/hash.ts';
import { badIp, ipOf } from '../common/ip.ts';
import type { Row, Table } from './tables.ts';

export type Fail = { ok: false; field: string; message: string };
export const fail = (field: string, message: string): Fail => ({ ok: false, field, message });

/** Reasons a row gives no event (fixed phrases: never record data). */
export const REASON_REMOVED = 'removed row';
export const REASON_TABLE = 'osquery table not used';
export const REASON_NO_REMOTE = 'socket without remote address';
export const REASON_EMPTY = 'no rows';

/** A value for a rejection message: a string quoted and cut at 40 characters; never a walk of a nested value. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * A column's text: osquery writes every column as a string (numbers too, unless `--logger_numerics`), so a string or
 * a number is read; '' and null are absent; anything else (an object, an array, a boolean) is malformed.
 */
export function colText(r: Row, key: string, field: (k: string) => string): string | undefined | Fail {
  const v = r[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return fail(field(key), `not a string: ${show(v)}`);
}

const isFail = (v: unknown): v is Fail => typeof v === 'object' && v !== null;

/** Decimal digits only (no sign, no fraction), at most 15 of them: an integer text. */
function intText(s: string): number | undefined {
  if (s.length === 0 || s.length > 15) return undefined;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}

/** An integer field written as a number or a string of digits ("1678936138"), or undefined. */
export function intOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string') return intText(v.trim());
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Host identifiers

const HEX = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** 8-4-4-4-12 hex digits. */
export function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!HEX(c)) return false;
  }
  return true;
}

/**
 * Values that name no particular machine (many hosts share them): resolving by them would merge strangers. Compared
 * trimmed and lower-cased.
 */
const PLACEHOLDER_HOST = new Set(['localhost', 'localhost.localdomain', '(none)', 'unknown', 'none', '-']);
const PLACEHOLDER_UUID = new Set([
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '03000200-0400-0500-0006-000700080009', // a well-known default SMBIOS UUID of unprogrammed boards
]);
const PLACEHOLDER_SERIAL = new Set([
  '0', '-', 'none', 'n/a', 'na', 'unknown', 'default string', 'to be filled by o.e.m.', 'system serial number',
  'not specified', 'not applicable', '0123456789', 'serial number', 'chassis serial number', 'invalid',
]);

function placeholder(kind: Identifier['kind'], v: string): boolean {
  const t = v.trim().toLowerCase();
  if (t === '') return true;
  if (kind === 'hostname') return PLACEHOLDER_HOST.has(t);
  if (kind === 'hostUuid') return PLACEHOLDER_UUID.has(t);
  if (kind === 'serialNumber') return PLACEHOLDER_SERIAL.has(t);
  return false;
}

/** Host identifiers, without repeats (by the resolver's key) and without placeholders. */
export class HostIds {
  readonly ids: Identifier[] = [];
  private readonly keys = new Set<string>();
  add(kind: Identifier['kind'], value: string | undefined): void {
    if (value === undefined || value.length > 512 || placeholder(kind, value)) return;
    const id: Identifier = { kind, value };
    const key = identifierKey(id);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.ids.push(id);
  }
  copy(): HostIds {
    const h = new HostIds();
    for (const id of this.ids) h.add(id.kind, id.value);
    return h;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Event id

/** A row's columns in one canonical text: keys sorted, numbers and strings alike (`--logger_numerics` or not). */
function canonicalRow(r: Row): string {
  const keys = Object.keys(r).sort();
  let out = '';
  for (const k of keys) {
    const v = r[k];
    const t = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null || v === undefined ? '' : '\u0002';
    out += `${k}\u0001${t}\u0001`;
  }
  return out;
}

export interface Envelope {
  /** hostIdentifier as given ('' when the record has none). */
  host: string;
  name: string;
  /** unixTime in seconds, as a decimal text. */
  unixTime: string;
  epoch: string;
  counter: string;
  time: number;
  ids: HostIds;
  origin: Origin;
  source: string;
}

export function eventId(env: Envelope, action: string, r: Row): string {
  return `osquery:${fnv1a64(`${env.host}\u0000${env.name}\u0000${env.unixTime}\u0000${env.epoch}\u0000${env.counter}\u0000${action}\u0000${canonicalRow(r)}`)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Row → facts

/** The last path segment ('C:\\Program Files\\AnyDesk\\AnyDesk.exe' → 'AnyDesk.exe'), or undefined when empty. */
export function baseName(p: string): string | undefined {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  const b = i < 0 ? p : p.slice(i + 1);
  return b === '' ? undefined : b;
}

/** A path the registry wrote in double quotes ('"C:\\Program Files\\AnyDesk"') without them. */
function unquote(s: string | undefined): string | undefined {
  if (s === undefined || s.length < 2 || s.charCodeAt(0) !== 34 || s.charCodeAt(s.length - 1) !== 34) return s;
  return s.length === 2 ? undefined : s.slice(1, -1);
}

/** Windows Installer InstallDate 'YYYYMMDD' → epoch ms (UTC midnight); anything else → undefined (not rejected). */
function yyyymmdd(s: string | undefined): number | undefined {
  if (s === undefined || s.length !== 8) return undefined;
  const n = intText(s);
  if (n === undefined) return undefined;
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  if (y < 1980 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? t : undefined;
}

/** Epoch seconds in a column (rpm install_time, chrome install_timestamp) → ms; 0 or garbage → undefined. */
function secondsCol(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = intText(s);
  return n === undefined || n < 315_532_800 /* 1980 */ || n > 4_102_444_800 /* 2100 */ ? undefined : n * 1000;
}

/** A USB vendor / product id as four lower-case hex digits ('05AC', '0x5ac', '5ac' → '05ac'). */
function usbId(s: string): string | undefined {
  let t = s.trim();
  if (t.length > 2 && t.charCodeAt(0) === 48 && (t.charCodeAt(1) === 120 || t.charCodeAt(1) === 88)) t = t.slice(2);
  if (t.length < 1 || t.length > 4) return undefined;
  for (let i = 0; i < t.length; i++) if (!HEX(t.charCodeAt(i))) return undefined;
  return t.toLowerCase().padStart(4, '0');
}

export type RowOutcome = NormalizedEvent | { skip: string } | Fail;

const ifNot = (s: string | undefined, bad: string): string | undefined => (s === undefined || s === bad ? undefined : s);

/**
 * One row of a table we use → its event. `field(k)` names a column in rejections ('columns.vendor_id',
 * 'snapshot[3].vendor_id'). `action` is 'added' or 'snapshot' (removed rows never get here).
 */
export function rowEvent(env: Envelope, table: Table, action: string, r: Row, field: (k: string) => string): RowOutcome {
  const col = (k: string): string | undefined | Fail => colText(r, k, field);
  let kind: EventKind = 'software';
  let software: SoftwareFacts | undefined;
  let network: NetworkFacts | undefined;
  let usb: UsbFacts | undefined;
  let device: DeviceFacts | undefined;
  let ids = env.ids;

  switch (table) {
    case 'programs': {
      const name = col('name'), version = col('version'), publisher = col('publisher'), loc = col('install_location'), date = col('install_date');
      if (isFail(name)) return name;
      if (isFail(version)) return version;
      if (isFail(publisher)) return publisher;
      if (isFail(loc)) return loc;
      if (isFail(date)) return date;
      if (name === undefined) return fail(field('name'), 'missing');
      software = { name, via: 'inventory', publisher, version, path: unquote(loc), installed: yyyymmdd(date) };
      break;
    }
    case 'apps': {
      const name = col('name'), bname = col('bundle_name'), dname = col('display_name'), path = col('path'), exe = col('bundle_executable');
      const short = col('bundle_short_version'), ver = col('bundle_version');
      for (const v of [name, bname, dname, path, exe, short, ver]) if (isFail(v)) return v;
      const folder = name as string | undefined;
      const label = (bname as string | undefined) ?? (dname as string | undefined) ?? (folder !== undefined && folder.endsWith('.app') && folder.length > 4 ? folder.slice(0, -4) : folder);
      if (label === undefined) return fail(field('name'), 'missing');
      software = { name: label, via: 'inventory', version: (short as string | undefined) ?? (ver as string | undefined), path: path as string | undefined, file: exe as string | undefined };
      break;
    }
    case 'deb_packages':
    case 'rpm_packages': {
      const name = col('name'), version = col('version'), who = col(table === 'deb_packages' ? 'maintainer' : 'vendor');
      const at = table === 'rpm_packages' ? col('install_time') : undefined;
      for (const v of [name, version, who, at]) if (isFail(v)) return v;
      if (name === undefined) return fail(field('name'), 'missing');
      software = { name: name as string, via: 'inventory', publisher: who as string | undefined, version: version as string | undefined, installed: secondsCol(at as string | undefined) };
      break;
    }
    case 'chrome_extensions': {
      const name = col('name'), version = col('version'), path = col('path'), author = col('author'), at = col('install_timestamp');
      for (const v of [name, version, path, author, at]) if (isFail(v)) return v;
      if (name === undefined) return fail(field('name'), 'missing');
      software = { name: name as string, via: 'extension', publisher: author as string | undefined, version: version as string | undefined, path: path as string | undefined, installed: secondsCol(at as string | undefined) };
      break;
    }
    case 'processes': {
      const name = col('name'), path = col('path');
      if (isFail(name)) return name;
      if (isFail(path)) return path;
      const file = path !== undefined ? baseName(path) : name;
      const label = name ?? file;
      if (label === undefined) return fail(field('name'), 'missing');
      software = { name: label, via: 'process', path, file };
      break;
    }
    case 'process_open_sockets': {
      const raddr = r.remote_address;
      const ip = ipOf(raddr, field('remote_address'));
      if (badIp(ip)) return ip;
      if (ip === undefined || ip === '0.0.0.0' || ip === '::') return { skip: REASON_NO_REMOTE };
      const rport = col('remote_port');
      if (isFail(rport)) return rport;
      let port: number | undefined;
      if (rport !== undefined) {
        port = intText(rport.trim());
        if (port === undefined || port > 65535) return fail(field('remote_port'), `not a port number: ${show(rport)}`);
        if (port === 0) port = undefined;
      }
      kind = 'network';
      network = { remoteIp: ip, remotePort: port };
      // process_open_sockets.path is the socket path of AF_UNIX sockets; on an internet socket a path (and a name)
      // come from a join with processes: the program that connected.
      const name = col('name'), path = col('path');
      if (isFail(name)) return name;
      if (isFail(path)) return path;
      const file = path !== undefined ? baseName(path) : undefined;
      const label = name ?? file;
      if (label !== undefined) software = { name: label, via: 'network', path, file: file ?? name };
      break;
    }
    case 'usb_devices': {
      const vendor = col('vendor'), vid = col('vendor_id'), model = col('model'), mid = col('model_id'), serial = col('serial');
      for (const v of [vendor, vid, model, mid, serial]) if (isFail(v)) return v;
      let vendorId: string | undefined;
      let productId: string | undefined;
      if (vid !== undefined) {
        vendorId = usbId(vid as string);
        if (vendorId === undefined) return fail(field('vendor_id'), `not a USB id (1-4 hex digits): ${show(vid)}`);
      }
      if (mid !== undefined) {
        productId = usbId(mid as string);
        if (productId === undefined) return fail(field('model_id'), `not a USB id (1-4 hex digits): ${show(mid)}`);
      }
      kind = 'usb';
      usb = { vendorId, productId, vendor: vendor as string | undefined, product: model as string | undefined, serial: ifNot(serial as string | undefined, '0') };
      break;
    }
    case 'system_info': {
      const hostname = col('hostname'), uuid = col('uuid'), serial = col('hardware_serial'), cname = col('computer_name');
      const vendor = col('hardware_vendor'), model = col('hardware_model');
      for (const v of [hostname, uuid, serial, cname, vendor, model]) if (isFail(v)) return v;
      kind = 'device';
      ids = env.ids.copy();
      ids.add('hostname', hostname as string | undefined);
      ids.add('hostname', cname as string | undefined);
      ids.add('hostUuid', uuid as string | undefined);
      ids.add('serialNumber', serial as string | undefined);
      const s = serial as string | undefined;
      device = {
        name: (cname as string | undefined) ?? (hostname as string | undefined),
        model: model as string | undefined,
        manufacturer: vendor as string | undefined,
        serial: s !== undefined && !placeholder('serialNumber', s) ? s : undefined,
      };
      break;
    }
  }
  if (ids.ids.length === 0) return fail('hostIdentifier', 'missing (no hostIdentifier, host decoration or system_info id)');
  return {
    id: eventId(env, action, r),
    source: env.source,
    kind,
    type: `osquery ${table} ${action}`,
    time: env.time,
    actor: { ids: ids.ids, displayName: undefined },
    outcome: 'unknown',
    reason: undefined,
    ip: undefined,
    userAgent: undefined,
    deviceId: undefined,
    app: undefined,
    interactive: undefined,
    vendorGeo: undefined,
    vendorNet: undefined,
    vendorRisk: undefined,
    device: device && compact(device),
    software: software && compact(software),
    network: network && compact(network),
    usb: usb && compact(usb),
    usage: undefined,
    origin: env.origin,
  };
}

/**
 * A copy without the undefined properties (facts are stored and compared: absent means absent). Copied rather than
 * `delete`d, so the facts objects keep fast (non-dictionary) shapes.
 */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  const src = o as Record<string, unknown>;
  for (const k in src) if (src[k] !== undefined) out[k] = src[k];
  return out as T;
}
