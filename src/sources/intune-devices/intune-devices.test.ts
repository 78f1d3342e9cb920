import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { formats } from '../index.ts';
import { readInputFile, sniffFile, type Sink } from '../reader.ts';
import { intuneDevices } from './format.ts';

type Rec = Record<string, unknown>;
const DOCS_PAGE = fileURLToPath(new URL('./fixtures/graph-docs-list-manageddevices.json', import.meta.url));
const docsDevice = (JSON.parse(readFileSync(DOCS_PAGE, 'utf8')) as { value: Rec[] }).value[0];
const origin = { file: 'devices.json', index: 0 };

/** A managedDevice with the documented properties and realistic values (made up). */
const LAPTOP: Rec = {
  '@odata.type': '#microsoft.graph.managedDevice',
  id: '1f0c3a52-8e4d-4f6b-9b1a-2c7d5e9f0a13',
  userId: '4e4a8c5d-2b6f-4b0e-9a51-0d0c7c1f3e21',
  deviceName: 'LAPTOP-7Q2M4K',
  managedDeviceOwnerType: 'company',
  enrolledDateTime: '2024-03-04T08:12:43.797191Z',
  lastSyncDateTime: '2024-05-21T23:02:49.3205976Z',
  operatingSystem: 'Windows',
  complianceState: 'compliant',
  osVersion: '10.0.22631.3296',
  azureADDeviceId: '9c1e5a0e-2f4b-4d2a-8a3b-6f1d2e0c4b7a',
  userPrincipalName: 'adele.vance@contoso.com',
  model: 'Latitude 7440',
  manufacturer: 'Dell Inc.',
  serialNumber: '8XK2Q74',
  userDisplayName: 'Adele Vance',
  emailAddress: 'adele.vance@contoso.com',
};

function parseOk(rec: unknown): NormalizedEvent {
  const out = intuneDevices.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}
function collect(): Sink & { events: NormalizedEvent[] } {
  const events: NormalizedEvent[] = [];
  return {
    events,
    event: (e) => void events.push(NormalizedEvent.parse(e)),
    directory: () => {
      throw new Error('no directory entries expected');
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-intune-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('intune-devices: the Graph documentation example', () => {
  it('is detected and read: one device event named by the primary user, then the host ids', async () => {
    expect(await sniffFile(DOCS_PAGE)).toMatchObject({ format: { id: 'intune-devices' }, container: 'json-page' });
    const s = collect();
    const sum = await readInputFile(DOCS_PAGE, s);
    expect(sum).toMatchObject({ format: 'intune-devices', records: 1, accepted: 1, ignored: 0, rejected: 0 });
    expect(s.events[0]).toMatchObject({
      id: 'intune:705c034c-034c-705c-4c03-5c704c035c70',
      source: 'intune-devices',
      kind: 'device',
      type: 'managedDevice',
      // "2016-12-31T23:59:43.797191-08:00": the offset is applied
      time: Date.UTC(2017, 0, 1, 7, 59, 43, 797),
      outcome: 'success',
      deviceId: 'Azure ADDevice Id value',
      actor: {
        ids: [
          { kind: 'upn', value: 'User Principal Name value' },
          { kind: 'entraId', value: 'User Id value' },
          { kind: 'hostname', value: 'Device Name value' },
          { kind: 'intuneDeviceId', value: '705c034c-034c-705c-4c03-5c704c035c70' },
          { kind: 'aadDeviceId', value: 'Azure ADDevice Id value' },
          { kind: 'serialNumber', value: 'Serial Number value' },
        ],
        displayName: 'User Display Name value',
      },
      device: {
        name: 'Device Name value',
        enrolled: Date.UTC(2017, 0, 1, 7, 59, 43, 797),
        os: 'Operating System value',
        osVersion: 'Os Version value',
        model: 'Model value',
        manufacturer: 'Manufacturer value',
        serial: 'Serial Number value',
        ownership: 'company',
      },
    });
    expect(docsDevice['@odata.type']).toBe('#microsoft.graph.managedDevice');
  });
});

describe('intune-devices: values', () => {
  it('a company laptop: upn and entraId first, then hostname, intuneDeviceId, aadDeviceId, serialNumber; time = enrolment', () => {
    const e = parseOk(LAPTOP);
    expect(e.actor).toEqual({
      ids: [
        { kind: 'upn', value: 'adele.vance@contoso.com' },
        { kind: 'entraId', value: '4e4a8c5d-2b6f-4b0e-9a51-0d0c7c1f3e21' },
        { kind: 'hostname', value: 'LAPTOP-7Q2M4K' },
        { kind: 'intuneDeviceId', value: '1f0c3a52-8e4d-4f6b-9b1a-2c7d5e9f0a13' },
        { kind: 'aadDeviceId', value: '9c1e5a0e-2f4b-4d2a-8a3b-6f1d2e0c4b7a' },
        { kind: 'serialNumber', value: '8XK2Q74' },
      ],
      displayName: 'Adele Vance',
    });
    expect(e.time).toBe(Date.UTC(2024, 2, 4, 8, 12, 43, 797));
    expect(e.device).toEqual({
      name: 'LAPTOP-7Q2M4K',
      enrolled: e.time,
      os: 'Windows',
      osVersion: '10.0.22631.3296',
      model: 'Latitude 7440',
      manufacturer: 'Dell Inc.',
      serial: '8XK2Q74',
      ownership: 'company',
    });
  });

  it('a device with no primary user (shared, kiosk) is ignored with a reason', () => {
    const expected = { ok: 'ignored', reason: 'not about a person: Intune device without a primary user (shared / kiosk)' };
    expect(intuneDevices.parse({ ...LAPTOP, userPrincipalName: '', userId: '' }, origin)).toEqual(expected);
    expect(intuneDevices.parse({ ...LAPTOP, userPrincipalName: null }, origin)).toEqual(expected);
    const { userPrincipalName: _u, ...noUpn } = LAPTOP;
    expect(intuneDevices.parse(noUpn, origin)).toEqual(expected);
  });

  it('identifiers many devices share are dropped: all-zero ids, placeholder serials, default names', () => {
    const e = parseOk({
      ...LAPTOP,
      userId: '00000000-0000-0000-0000-000000000000',
      azureADDeviceId: '00000000-0000-0000-0000-000000000000',
      serialNumber: 'To be filled by O.E.M.',
      deviceName: 'iPhone',
      operatingSystem: 'iOS',
      managedDeviceOwnerType: 'unknown',
    });
    expect(e.actor.ids).toEqual([
      { kind: 'upn', value: 'adele.vance@contoso.com' },
      { kind: 'intuneDeviceId', value: '1f0c3a52-8e4d-4f6b-9b1a-2c7d5e9f0a13' },
    ]);
    expect(e.deviceId).toBeUndefined();
    expect(e.device).toMatchObject({ name: 'iPhone', serial: undefined, ownership: undefined });
    for (const serial of ['0', 'Default string', 'System Serial Number', '', '   ', '0000000000']) {
      expect(parseOk({ ...LAPTOP, serialNumber: serial }).actor.ids.some((i) => i.kind === 'serialNumber'), serial).toBe(false);
    }
  });

  it('rejects a record without id or enrolment time, or with a zero / unparseable enrolment time', () => {
    const { id: _i, ...noId } = LAPTOP;
    expect(intuneDevices.parse(noId, origin)).toMatchObject({ ok: false, field: 'id' });
    expect(intuneDevices.parse({ ...LAPTOP, enrolledDateTime: '' }, origin)).toMatchObject({ ok: false, field: 'enrolledDateTime', message: 'missing enrolledDateTime' });
    expect(intuneDevices.parse({ ...LAPTOP, enrolledDateTime: '0001-01-01T00:00:00Z' }, origin)).toMatchObject({
      ok: false,
      field: 'enrolledDateTime',
      message: expect.stringContaining('before 2000-01-01'),
    });
    expect(intuneDevices.parse({ ...LAPTOP, enrolledDateTime: 'March 4th' }, origin)).toMatchObject({ ok: false, field: 'enrolledDateTime' });
    expect(intuneDevices.parse('x', origin)).toMatchObject({ ok: false, field: '(record)' });
  });

  it('a Graph page, a JSON array and NDJSON give the same events; a $select-ed page without @odata.type is detected', async () => {
    const phone = { ...LAPTOP, id: '2a9b7c1d-0e3f-4a5b-8c6d-7e8f9a0b1c2d', deviceName: 'Adele’s iPhone', operatingSystem: 'iOS', serialNumber: 'F2LXK9JHQ1', azureADDeviceId: '' };
    const kiosk = { ...LAPTOP, id: '3b8c6d2e-1f4a-4b6c-9d7e-8f9a0b1c2d3e', deviceName: 'KIOSK-LOBBY-01', userPrincipalName: '', userId: '', userDisplayName: '' };
    const devices: Rec[] = [LAPTOP, phone, kiosk];
    const selected = devices.map(({ '@odata.type': _t, lastSyncDateTime: _l, complianceState: _c, emailAddress: _e, ...rest }) => rest);
    const shapes: [string, string][] = [
      ['page.json', JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices', '@odata.count': 3, value: devices })],
      ['array.json', JSON.stringify(devices)],
      ['devices.ndjson', devices.map((d) => JSON.stringify(d)).join('\n') + '\n'],
      ['select.json', JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices(id,deviceName)', value: selected })],
    ];
    const all: NormalizedEvent[][] = [];
    for (const [name, text] of shapes) {
      const p = join(dir, name);
      await writeFile(p, text);
      const s = collect();
      const sum = await readInputFile(p, s);
      expect(sum, name).toMatchObject({ format: 'intune-devices', records: 3, accepted: 2, ignored: 1, rejected: 0 });
      all.push(s.events.map(({ origin: _o, ...e }) => e as NormalizedEvent));
    }
    for (const evs of all) expect(evs).toEqual(all[0]);
    expect(all[0].map((e) => e.actor.ids.find((i) => i.kind === 'hostname')?.value)).toEqual(['LAPTOP-7Q2M4K', 'Adele’s iPhone']);
  });

  it('no other format claims a managedDevice, and intune-devices claims no other format’s records', () => {
    for (const f of formats) if (f.id !== 'intune-devices') expect(f.sniff(LAPTOP, 'json-array'), f.id).toBe(false);
    expect(intuneDevices.sniff({ deviceName: 'x', enrolledDateTime: '2024-01-01T00:00:00Z' }, 'json-array')).toBe(false);
    expect(intuneDevices.sniff(LAPTOP, 'csv')).toBe(false);
  });
});
