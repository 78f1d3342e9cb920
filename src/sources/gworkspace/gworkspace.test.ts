import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { gworkspaceLogin } from './format.ts';

const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const sentinel = fixture('./fixtures/sentinel-login-activities.json') as Record<string, unknown>[];
const page = fixture('./fixtures/reports-api-login-page.json') as { kind: string; items: Record<string, unknown>[] };
const origin = { file: 'activities.json', index: 0 };

function parseOk(rec: unknown): NormalizedEvent[] {
  const out = gworkspaceLogin.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  return out.items.map((e) => NormalizedEvent.parse(e));
}

describe('gworkspace format', () => {
  it('sniffs activities in every shape, and not other vendors', () => {
    for (const a of [...sentinel, ...page.items]) expect(gworkspaceLogin.sniff(a, 'json-array')).toBe(true);
    expect(gworkspaceLogin.sniff({ id: { applicationName: 'drive' }, name: 'download' }, 'ndjson')).toBe(true);
    expect(gworkspaceLogin.sniff({ id: 'abc', createdDateTime: 'x' }, 'ndjson')).toBe(false);
    expect(gworkspaceLogin.sniff({ uuid: 'x', eventType: 'user.session.start' }, 'ndjson')).toBe(false);
  });

  it('maps the real login activities; same-time activities stay distinct events', () => {
    const evs = sentinel.flatMap(parseOk);
    expect(evs.map((e) => [e.id, e.kind, e.type, e.outcome])).toEqual([
      ['gws:2020-11-09T22:47:35.492Z:580457398125:login_success', 'signin', 'login_success', 'success'],
      ['gws:2020-11-09T22:47:35.492Z:580457398125:login_verification', 'audit', 'login_verification', 'success'],
      ['gws:2020-11-09T22:46:21.209Z:580457398125:login_success', 'signin', 'login_success', 'success'],
    ]);
    expect(evs[0]).toMatchObject({
      source: 'gworkspace',
      time: Date.UTC(2020, 10, 9, 22, 47, 35, 492),
      ip: '52.52.52.52',
      app: 'login',
      actor: { ids: [{ kind: 'email', value: 'user7@company.com' }, { kind: 'googleId', value: '106497629058682804316' }] },
      vendorRisk: { suspicious: false },
    });
    expect(evs[1].vendorRisk).toBeUndefined();
    // the API page of the same activities gives the same events
    expect(page.items.flatMap(parseOk)).toEqual(evs);
  });

  it('gives one event per event of a multi-event activity, ids by name and repeat', () => {
    const [a, b] = sentinel as { events: unknown[] }[];
    const merged = { ...sentinel[0], events: [b.events[0], a.events[0], a.events[0]] };
    const evs = parseOk(merged);
    expect(evs.map((e) => e.id)).toEqual([
      'gws:2020-11-09T22:47:35.492Z:580457398125:login_verification',
      'gws:2020-11-09T22:47:35.492Z:580457398125:login_success',
      'gws:2020-11-09T22:47:35.492Z:580457398125:login_success#1',
    ]);
    // the event split out by Sentinel and the same event inside the whole activity share an id
    expect(evs[0].id).toBe(parseOk(sentinel[1])[0].id);
  });

  it('reads failures, suspicious logins and Panther\'s flattened events', () => {
    const failure = {
      ...sentinel[0],
      events: [{ type: 'login', name: 'login_failure', parameters: [{ name: 'login_type', value: 'google_password' }, { name: 'login_failure_type', value: 'login_failure_invalid_password' }, { name: 'is_suspicious', boolValue: true }] }],
    };
    expect(parseOk(failure)[0]).toMatchObject({ kind: 'audit', outcome: 'failure', reason: 'login_failure_invalid_password', vendorRisk: { suspicious: true } });
    const flattened = {
      actor: { email: 'some.user@somedomain.com' },
      id: { applicationName: 'saml', time: '2022-05-26 15:26:09.421000000' },
      ipAddress: '10.10.10.10',
      kind: 'admin#reports#activity',
      name: 'login_success',
      parameters: { application_name: 'Some SAML Application', initiated_by: 'sp', saml_status_code: 'SUCCESS_URI' },
      type: 'login',
    };
    const [ev] = parseOk(flattened);
    expect(ev).toMatchObject({ kind: 'signin', app: 'Some SAML Application', time: Date.UTC(2022, 4, 26, 15, 26, 9, 421) });
    expect(ev.id).toMatch(/^gws:2022-05-26T15:26:09\.421Z:h[0-9a-f]{16}:login_success$/);
  });

  it('rejects with the field that is missing', () => {
    const cases: [unknown, string, string][] = [
      [{ id: { applicationName: 'login' }, type: 'login' }, 'id.time', 'missing'],
      [{ ...sentinel[0], id: { ...(sentinel[0].id as object), time: 'yesterday' } }, 'id.time', 'not a date: "yesterday"'],
      [{ ...sentinel[0], actor: { callerType: 'USER' } }, 'actor.email', 'missing (no actor.email or actor.profileId; callerType USER)'],
      [{ ...sentinel[0], actor: undefined }, 'actor.email', 'missing (no actor)'],
      [{ ...sentinel[0], events: [] }, 'events', 'empty: the activity has no events'],
      [{ ...sentinel[0], events: [{ type: 'login' }] }, 'events[0].name', 'missing'],
      [{ id: sentinel[0].id, actor: sentinel[0].actor }, 'events', 'missing (no events array and no event name)'],
      [{ kind: 'admin#reports#activity' }, 'id', 'missing'],
    ];
    for (const [rec, field, message] of cases) expect(gworkspaceLogin.parse(rec, origin), field).toEqual({ ok: false, field, message });
  });

  it('ignores an activity by an API key (actor.callerType KEY): valid, about no person', () => {
    expect(gworkspaceLogin.parse({ ...sentinel[0], actor: { callerType: 'KEY', key: 'SYSTEM' } }, origin)).toEqual({
      ok: 'ignored',
      reason: 'not about a person: Google activity by an API key (callerType KEY)',
    });
  });
});
