// Microsoft Intune managed devices as Microsoft Graph returns them (GET /deviceManagement/managedDevices, resource
// type managedDevice): Graph pages {"@odata.context", "value": [...]}, JSON arrays, NDJSON. One device → one
// `device` event naming its primary user (userPrincipalName, userId) and the host identifiers (deviceName, the Intune
// id, azureADDeviceId, serialNumber) through which endpoint telemetry naming only the host resolves to that user.
// The event time is enrolledDateTime: the laptop's arrival.
import type { Identifier, NormalizedEvent, Origin } from '../../core/model.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import { notAPerson } from '../types.ts';
import { isObj, type Obj } from '../okta-systemlog/values.ts';
import { implausibleMessage, implausibleTime, parseIsoUtc } from '../timestamps.ts';
import { deviceIdOf, hostnameOf, pushId, serialOf } from '../common/host.ts';

const SOURCE = 'intune-devices';
const ODATA_TYPE = '#microsoft.graph.managedDevice';
/** A device without a primary user: shared, kiosk, userless Autopilot (pre-provisioned) devices. */
export const IGNORE_NO_USER = notAPerson('Intune device without a primary user (shared / kiosk)');

/** A non-blank string property, trimmed. Non-strings are absent (Graph writes strings for every field read here). */
function text(r: Obj, key: string): string | undefined {
  const v = r[key];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t.length === 0 ? undefined : t;
}

/** managedDeviceOwnerType: company | personal; 'unknown' says nothing. */
function ownership(v: string | undefined): string | undefined {
  return v === undefined || v.toLowerCase() === 'unknown' ? undefined : v;
}

function parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent> {
  if (!isObj(record)) return { ok: false, field: '(record)', message: 'expected a JSON object (a Graph managedDevice)' };
  const id = text(record, 'id');
  if (id === undefined) return { ok: false, field: 'id', message: 'missing id (the Intune managed device id)' };
  const enrolledRaw = text(record, 'enrolledDateTime');
  if (enrolledRaw === undefined) return { ok: false, field: 'enrolledDateTime', message: 'missing enrolledDateTime' };
  const time = parseIsoUtc(enrolledRaw);
  if (time === undefined) {
    return { ok: false, field: 'enrolledDateTime', message: `not an ISO 8601 timestamp or not a real date: ${JSON.stringify(enrolledRaw.slice(0, 40))}` };
  }
  const implausible = implausibleTime(time);
  if (implausible !== undefined) return { ok: false, field: 'enrolledDateTime', message: implausibleMessage(enrolledRaw, implausible) };
  const upn = text(record, 'userPrincipalName');
  if (upn === undefined) return IGNORE_NO_USER;

  const deviceName = text(record, 'deviceName');
  const aadDeviceId = deviceIdOf(text(record, 'azureADDeviceId'));
  const serial = serialOf(text(record, 'serialNumber'));
  const ids: Identifier[] = [{ kind: 'upn', value: upn }];
  pushId(ids, 'entraId', deviceIdOf(text(record, 'userId')));
  pushId(ids, 'hostname', hostnameOf(deviceName));
  ids.push({ kind: 'intuneDeviceId', value: id });
  pushId(ids, 'aadDeviceId', aadDeviceId);
  pushId(ids, 'serialNumber', serial);

  const ev: NormalizedEvent = {
    id: `intune:${id}`,
    source: SOURCE,
    kind: 'device',
    type: 'managedDevice',
    time,
    actor: { ids, displayName: text(record, 'userDisplayName') },
    outcome: 'success',
    deviceId: aadDeviceId,
    device: {
      name: deviceName,
      enrolled: time,
      os: text(record, 'operatingSystem'),
      osVersion: text(record, 'osVersion'),
      model: text(record, 'model'),
      manufacturer: text(record, 'manufacturer'),
      serial,
      ownership: ownership(text(record, 'managedDeviceOwnerType')),
    },
    origin,
  };
  return { ok: true, items: [ev] };
}

function sniff(record: unknown, container: string): boolean {
  if (container === 'csv' || !isObj(record)) return false;
  if (record['@odata.type'] === ODATA_TYPE) return true;
  // a $select-ed page has no @odata.type: the managedDevice properties themselves
  return (
    typeof record.deviceName === 'string' &&
    typeof record.enrolledDateTime === 'string' &&
    ('managedDeviceOwnerType' in record || 'azureADDeviceId' in record || ('userPrincipalName' in record && 'operatingSystem' in record))
  );
}

export const intuneDevices: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Intune managed devices (Graph GET /deviceManagement/managedDevices)',
  produces: 'events',
  containers: ['json-page', 'json-array', 'ndjson', 'json-object'],
  example: JSON.stringify({
    '@odata.type': ODATA_TYPE,
    id: '705c034c-034c-705c-4c03-5c704c035c70',
    userId: '4e4a8c5d-2b6f-4b0e-9a51-0d0c7c1f3e21',
    deviceName: 'LAPTOP-7Q2M4K',
    managedDeviceOwnerType: 'company',
    enrolledDateTime: '2024-03-04T08:12:43.797191Z',
    operatingSystem: 'Windows',
    osVersion: '10.0.22631.3296',
    azureADDeviceId: '9c1e5a0e-2f4b-4d2a-8a3b-6f1d2e0c4b7a',
    userPrincipalName: 'adele.vance@contoso.com',
    model: 'Latitude 7440',
    manufacturer: 'Dell Inc.',
    serialNumber: '8XK2Q74',
    userDisplayName: 'Adele Vance',
  }),
  sniff,
  parse,
};
