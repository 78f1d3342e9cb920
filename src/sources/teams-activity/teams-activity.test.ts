import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { readInputFile, sniffFile, type Sink } from '../reader.ts';
import { formats } from '../index.ts';
import { oktaClText, pantherTestsText } from '../../../test/samples.ts';
import { CONCEALED, DELETED, teamsActivity } from './format.ts';

type Rec = Record<string, unknown>;
const FIX = new URL('./fixtures/', import.meta.url).pathname;
const text = (name: string): string => readFileSync(join(FIX, name), 'utf8');
const csvRows = (name: string): Rec[] => parseCsv(text(name), { columns: true, bom: true }) as Rec[];
const csv = csvRows('graph-user-detail-d30.csv');
const page = (JSON.parse(text('graph-user-detail-d30.json')) as { value: Rec[] }).value;
const [adele, johan, megan, pradeep, lee] = csv;
const origin = { file: 'graph-user-detail-d30.csv', line: 2 };
const D = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

function parseOk(rec: unknown): NormalizedEvent {
  const out = teamsActivity.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}
function rejected(rec: unknown): { field: string; message: string } {
  const out = teamsActivity.parse(rec, origin);
  if (out.ok !== false) throw new Error(`not rejected: ${JSON.stringify(out).slice(0, 200)}`);
  return { field: out.field, message: out.message };
}
function collect(): Sink & { events: NormalizedEvent[] } {
  const events: NormalizedEvent[] = [];
  return {
    events,
    event: (e) => events.push(NormalizedEvent.parse(e)),
    directory: () => {
      throw new Error('no directory entries expected');
    },
  };
}
/** A row of only the given columns (the CSV spelling), as a CSV reader yields it. */
const minimal = (extra: Rec = {}): Rec => ({
  'Report Refresh Date': '2026-11-30',
  'User Principal Name': 'someone@contoso.com',
  'Report Period': '30',
  ...extra,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-teams-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('teams-activity: mapping (report built from the documented header)', () => {
  it('maps a full row field by field', () => {
    expect(parseOk(adele)).toEqual({
      id: 'teams:adelev@contoso.com:2026-11-30:D30',
      source: 'teams-activity',
      kind: 'usage',
      type: 'Teams user activity (D30)',
      time: D(2026, 11, 30),
      actor: {
        ids: [
          { kind: 'upn', value: 'AdeleV@contoso.com' },
          { kind: 'entraId', value: '6f1b0a36-2c4e-4d0b-9a7e-1f2d3c4b5a69' },
        ],
      },
      outcome: 'unknown',
      usage: {
        periodDays: 30,
        messages: 14 + 187, // Team Chat (= Post 6 + Reply 8, not added again) + Private Chat
        calls: 9,
        meetings: 22,
        audioSeconds: 14 * 3600 + 3 * 60 + 12,
        videoSeconds: 9 * 3600 + 41 * 60,
        screenShareSeconds: 3600 + 5 * 60 + 30,
        lastActivity: D(2026, 11, 27),
      },
      origin,
    });
  });

  it('the silent, camera-off profile: messages 2, meetings 11, audio only', () => {
    expect(parseOk(johan).usage).toEqual({
      periodDays: 30,
      messages: 2,
      calls: 0,
      meetings: 11,
      audioSeconds: 22320,
      videoSeconds: 0,
      screenShareSeconds: 0,
      lastActivity: D(2026, 11, 29),
    });
  });

  it('no activity in the period: no last activity date; empty durations fall back to the In Seconds columns', () => {
    const ev = parseOk(megan);
    expect(ev.usage).toEqual({ periodDays: 30, messages: 0, calls: 0, meetings: 0, audioSeconds: 0, videoSeconds: 0, screenShareSeconds: 0 });
    expect(ev.usage?.lastActivity).toBeUndefined();
  });

  it('a guest (#EXT#) UPN is an identity like any other; the id lower-cases it', () => {
    const ev = parseOk(lee);
    expect(ev.id).toBe('teams:lee_fabrikam.com#ext#@contoso.onmicrosoft.com:2026-11-30:D30');
    expect(ev.actor.ids[0]).toEqual({ kind: 'upn', value: 'lee_fabrikam.com#EXT#@contoso.onmicrosoft.com' });
    expect(ev.usage).toMatchObject({ messages: 3 + 12, calls: 1, meetings: 4, audioSeconds: 10800, videoSeconds: 9000 });
  });

  it('a deleted user is ignored with a fixed reason', () => {
    expect(teamsActivity.parse(pradeep, origin)).toEqual({ ok: 'ignored', reason: DELETED });
    expect(teamsActivity.parse({ ...page[0], isDeleted: true }, origin)).toEqual({ ok: 'ignored', reason: DELETED });
  });

  it('the JSON output ($format=application/json, camelCase) gives the same events as the CSV: one id per person and report', () => {
    const fromJson = page.map((r) => teamsActivity.parse(r, origin));
    const fromCsv = csv.map((r) => teamsActivity.parse(r, origin));
    expect(fromJson).toEqual(fromCsv);
  });

  it('field-absent variations: a count the row does not give is absent, never 0', () => {
    expect(parseOk(minimal()).usage).toEqual({ periodDays: 30 });
    expect(parseOk(minimal({ 'Private Chat Message Count': '4' })).usage).toEqual({ periodDays: 30, messages: 4 });
    // the channel total missing: Post + Reply stand for it
    expect(parseOk(minimal({ 'Post Messages': '2', 'Reply Messages': '' })).usage).toEqual({ periodDays: 30, messages: 2 });
    expect(parseOk(minimal({ 'Team Chat Message Count': '5', 'Post Messages': '2', 'Reply Messages': '3' })).usage).toEqual({ periodDays: 30, messages: 5 });
    // Meeting Count, else Meetings Attended Count
    expect(parseOk(minimal({ 'Meetings Attended Count': '7' })).usage).toEqual({ periodDays: 30, meetings: 7 });
    expect(parseOk(minimal({ 'Meeting Count': '9', 'Meetings Attended Count': '7' })).usage).toEqual({ periodDays: 30, meetings: 9 });
    // the ISO duration wins over the seconds column; either alone is read
    expect(parseOk(minimal({ 'Audio Duration': 'PT1M', 'Audio Duration In Seconds': '61' })).usage).toEqual({ periodDays: 30, audioSeconds: 60 });
    expect(parseOk(minimal({ 'Video Duration In Seconds': '61' })).usage).toEqual({ periodDays: 30, videoSeconds: 61 });
    // JSON nulls are absent values
    const j = parseOk({ reportRefreshDate: '2026-11-30', userPrincipalName: 'x@contoso.com', reportPeriod: '7', lastActivityDate: null, callCount: null, audioDuration: null });
    expect(j.usage).toEqual({ periodDays: 7 });
    expect(j.type).toBe('Teams user activity (D7)');
    expect(j.actor.ids).toEqual([{ kind: 'upn', value: 'x@contoso.com' }]);
  });

  it('report period: 30, "30" and "D30" are one period (one id); a date= report is one day', () => {
    const ids = ['30', 'D30', 30, 'd30'].map((p) => parseOk(minimal({ 'Report Period': p })).id);
    expect(new Set(ids)).toEqual(new Set(['teams:someone@contoso.com:2026-11-30:D30']));
    expect(parseOk(minimal({ 'Report Period': '1' })).usage?.periodDays).toBe(1);
  });
});

describe('teams-activity: the real rows of the CLI for Microsoft 365 documentation (a concealed report)', () => {
  it('CSV and its JSON rendering: the concealed row is ignored with a reason telling the admin what to turn off', async () => {
    for (const f of ['pnp-cli-user-detail.csv', 'pnp-cli-user-detail.json']) {
      const p = join(FIX, f);
      expect((await sniffFile(p)).format.id).toBe('teams-activity');
      const sum = await readInputFile(p, collect());
      expect(sum).toMatchObject({ format: 'teams-activity', records: 1, accepted: 0, ignored: 1, ignoredReasons: { [CONCEALED]: 1 }, rejected: 0 });
    }
    expect(CONCEALED).toContain('Display concealed user, group, and site names in all reports');
  });

  it('once the report is not concealed, the same row (5 channel = 2 posts + 3 replies) maps; the nil User Id is no identity', () => {
    const [row] = csvRows('pnp-cli-user-detail.csv');
    const ev = parseOk({ ...row, 'User Principal Name': 'megan@contoso.com' });
    expect(ev).toMatchObject({
      id: 'teams:megan@contoso.com:2022-10-28:D7',
      type: 'Teams user activity (D7)',
      time: D(2022, 10, 28),
      actor: { ids: [{ kind: 'upn', value: 'megan@contoso.com' }] },
      usage: { periodDays: 7, messages: 5, calls: 0, meetings: 0, audioSeconds: 0, videoSeconds: 0, screenShareSeconds: 0, lastActivity: D(2022, 10, 26) },
    });
  });

  it('a concealed name is 32 hex digits without @ (any case); other names without @ are rejected', () => {
    expect(teamsActivity.parse({ ...adele, 'User Principal Name': '6e55a185b405b6f2a6804bb7897c8aab' }, origin)).toEqual({ ok: 'ignored', reason: CONCEALED });
    expect(rejected({ ...adele, 'User Principal Name': '6E55A185B405B6F2A6804BB7897C8AA' })).toEqual({
      field: 'User Principal Name',
      message: 'not a user principal name (name@domain): "6E55A185B405B6F2A6804BB7897C8AA"',
    });
    expect(rejected({ ...page[0], userPrincipalName: 'userPrincipalName-value' }).field).toBe('userPrincipalName');
    // the JSON output of a concealed tenant: the same hash, the nil userId
    expect(teamsActivity.parse({ ...page[0], userPrincipalName: '6E55A185B405B6F2A6804BB7897C8AAB', userId: '00000000-0000-0000-0000-000000000000' }, origin)).toEqual({ ok: 'ignored', reason: CONCEALED });
  });
});

describe('teams-activity: rejections name the column as the record spells it', () => {
  const cases: [Rec, string, string | RegExp][] = [
    [{ ...adele, 'Report Refresh Date': '2026-02-30' }, 'Report Refresh Date', 'not a date (YYYY-MM-DD): "2026-02-30"'],
    [{ ...adele, 'Report Refresh Date': '11/30/2026' }, 'Report Refresh Date', 'not a date (YYYY-MM-DD): "11/30/2026"'],
    [{ ...adele, 'Report Refresh Date': '' }, 'Report Refresh Date', 'missing'],
    [{ ...adele, 'Report Refresh Date': '1999-12-31' }, 'Report Refresh Date', /is before 2000-01-01$/],
    [{ ...adele, 'Report Refresh Date': '9999-12-31' }, 'Report Refresh Date', /more than one day after the reading time$/],
    [{ ...adele, 'Last Activity Date': '0001-01-01' }, 'Last Activity Date', /is before 2000-01-01$/],
    [{ ...adele, 'Last Activity Date': 'yesterday' }, 'Last Activity Date', 'not a date (YYYY-MM-DD): "yesterday"'],
    [{ ...adele, 'Report Period': 'D0' }, 'Report Period', 'not a report period (days, e.g. 30 or D30): "D0"'],
    [{ ...adele, 'Report Period': 'weekly' }, 'Report Period', /^not a report period/],
    [{ ...adele, 'Report Period': '' }, 'Report Period', 'missing'],
    [{ ...adele, 'Team Chat Message Count': '-1' }, 'Team Chat Message Count', 'not a count: "-1"'],
    [{ ...adele, 'Call Count': '1.5' }, 'Call Count', 'not a count: "1.5"'],
    [{ ...adele, 'Meeting Count': '12345678901' }, 'Meeting Count', 'not a count: "12345678901"'],
    [{ ...adele, 'Audio Duration': 'PT1H2X' }, 'Audio Duration', 'not an ISO 8601 duration (e.g. PT1H2M3S): "PT1H2X"'],
    [{ ...adele, 'Video Duration': '00:00:00' }, 'Video Duration', /^not an ISO 8601 duration/],
    [{ ...adele, 'Screen Share Duration': 'P1Y' }, 'Screen Share Duration', /^not an ISO 8601 duration/],
    [{ ...adele, 'Audio Duration In Seconds': 'lots' }, 'Audio Duration In Seconds', 'not a count: "lots"'],
    [{ ...adele, 'User Id': 'not-a-guid' }, 'User Id', 'not an Entra object id (GUID): "not-a-guid"'],
    [{ ...adele, 'Is Deleted': 'maybe' }, 'Is Deleted', 'not true/false: "maybe"'],
    [{ ...adele, 'User Principal Name': '' }, 'User Principal Name', 'missing'],
    [{ ...page[0], userPrincipalName: 42 }, 'userPrincipalName', 'not a string: 42'],
    [{ ...page[0], callCount: -3 }, 'callCount', 'not a count: -3'],
    [{ ...page[0], audioDuration: 60 }, 'audioDuration', 'not an ISO 8601 duration (e.g. PT1H2M3S): 60'],
    [{ ...page[0], reportRefreshDate: '2026-13-01' }, 'reportRefreshDate', 'not a date (YYYY-MM-DD): "2026-13-01"'],
    [{ ...page[0], reportPeriod: undefined }, 'reportPeriod', 'missing'],
    [{ ...page[0], isDeleted: 'nope' }, 'isDeleted', 'not true/false: "nope"'],
  ];
  it.each(cases.map((c) => [c[1], c] as const))('%s', (_f, [rec, field, message]) => {
    const r = rejected(rec);
    expect(r.field).toBe(field);
    if (typeof message === 'string') expect(r.message).toBe(message);
    else expect(r.message).toMatch(message);
  });
  it('a JSON count written as text is still a count; a non-object record is rejected', () => {
    expect(parseOk({ ...page[0], teamChatMessageCount: '7' }).usage?.messages).toBe(7 + 187);
    expect(teamsActivity.parse(['x'], origin)).toEqual({ ok: false, field: '(record)', message: 'not a report row (CSV row or JSON object)' });
    expect(teamsActivity.parse(null, origin)).toMatchObject({ ok: false, field: '(record)' });
  });
});

describe('teams-activity: detection', () => {
  it('sniffs the CSV rows, the JSON page and the CLI JSON', () => {
    for (const r of csv) expect(teamsActivity.sniff(r, 'csv')).toBe(true);
    for (const r of page) expect(teamsActivity.sniff(r, 'json-page')).toBe(true);
    for (const r of JSON.parse(text('pnp-cli-user-detail.json')) as Rec[]) expect(teamsActivity.sniff(r, 'json-array')).toBe(true);
  });

  it('does not claim other Microsoft 365 usage reports, HR rows, Slack lines or identity logs', () => {
    const others: Rec[] = [
      // Teams device usage user detail (documented header: no activity counts)
      { 'Report Refresh Date': '2026-11-30', 'User Id': '', 'User Principal Name': 'a@b.com', 'Last Activity Date': '', 'Is Deleted': 'False', 'Used Web': 'Yes', 'Report Period': '30' },
      // Teams user activity counts (no user)
      { 'Report Refresh Date': '2022-10-28', 'Report Date': '2022-10-26', 'Team Chat Messages': '5', 'Private Chat Messages': '0', Calls: '0', Meetings: '0', 'Report Period': '7' },
      // Email activity user detail
      { 'Report Refresh Date': '2026-11-30', 'User Principal Name': 'a@b.com', 'Send Count': '3', 'Receive Count': '9', 'Read Count': '4', 'Report Period': '30' },
      // HR export
      { 'Employee ID': '1', 'User Principal Name': 'a@b.com', 'First Name': 'A', 'Last Name': 'B', 'Hire Date': '2020-01-01' },
      // Slack member analytics line
      { date: '2020-10-05', user_id: 'W1', email_address: 'a@b.com', is_active: true, messages_posted_count: 1 },
      // Entra sign-in
      { createdDateTime: '2026-11-30T00:00:00Z', userPrincipalName: 'a@b.com', ipAddress: '1.2.3.4', status: { errorCode: 0 } },
    ];
    for (const r of others) expect(teamsActivity.sniff(r, 'csv')).toBe(false);
    expect(teamsActivity.sniff(null, 'ndjson')).toBe(false);
    expect(teamsActivity.sniff([adele], 'json-array')).toBe(false);
  });

  it("claims none of the other vendors' real samples (Panther rule tests, Okta_CL)", () => {
    const panther = pantherTestsText()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { Log: Rec }).Log);
    for (const r of panther) expect(teamsActivity.sniff(r, 'ndjson')).toBe(false);
    for (const r of JSON.parse(oktaClText()) as unknown[]) expect(teamsActivity.sniff(r, 'json-array')).toBe(false);
  });

  it('no earlier format in the registry claims a Teams row', () => {
    const mine = formats.findIndex((f) => f.id === 'teams-activity');
    for (const f of formats.slice(0, mine)) {
      for (const r of [adele, page[0]]) expect(f.sniff(r, r === adele ? 'csv' : 'json-page'), f.id).toBe(false);
    }
  });
});

describe('teams-activity: through the reader', () => {
  it('the Graph download (UTF-8 BOM, CRLF) and the JSON page: same events, exactly once on re-read', async () => {
    const p = join(dir, 'TeamsUserActivityUserDetail.csv');
    await writeFile(p, '\ufeff' + text('graph-user-detail-d30.csv').replace(/\n/g, '\r\n'));
    const a = collect();
    expect(await readInputFile(p, a)).toMatchObject({ format: 'teams-activity', records: 5, accepted: 4, ignored: 1, ignoredReasons: { [DELETED]: 1 }, rejected: 0 });
    const b = collect();
    expect(await readInputFile(join(FIX, 'graph-user-detail-d30.json'), b)).toMatchObject({ format: 'teams-activity', records: 5, accepted: 4, ignored: 1, rejected: 0 });
    const strip = (e: NormalizedEvent): NormalizedEvent => ({ ...e, origin: undefined });
    expect(b.events.map(strip)).toEqual(a.events.map(strip));
    expect(a.events.map((e) => e.origin?.line)).toEqual([2, 3, 4, 6]);
    expect(b.events.map((e) => e.origin?.index)).toEqual([0, 1, 2, 4]);
  });

  it('a malformed row is rejected with its line and column, the rest is read', async () => {
    const lines = text('graph-user-detail-d30.csv').split('\n');
    lines[2] = lines[2].replace('PT6H12M', 'PT6H12');
    const p = join(dir, 'bad.csv');
    await writeFile(p, lines.join('\n'));
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({ records: 5, accepted: 3, ignored: 1, rejected: 1 });
    expect(sum.errors[0]).toMatchObject({ line: 3, field: 'Audio Duration', message: 'not an ISO 8601 duration (e.g. PT1H2M3S): "PT6H12"' });
  });
});

describe('teams-activity: hostile input', () => {
  it('huge and odd values are rejected or read in linear time', () => {
    const big = 'P'.repeat(60_000) + 'T1S';
    const t0 = performance.now();
    expect(rejected({ ...adele, 'Audio Duration': big }).field).toBe('Audio Duration');
    expect(rejected({ ...adele, 'User Principal Name': 'a@'.repeat(30_000) }).field).toBe('User Principal Name');
    expect(rejected({ ...adele, 'Call Count': '9'.repeat(60_000) }).field).toBe('Call Count');
    expect(rejected({ ...adele, 'Report Refresh Date': '2026-11-30' + 'T'.repeat(60_000) }).field).toBe('Report Refresh Date');
    const junk: Rec = { ...adele };
    for (let i = 0; i < 20_000; i++) junk[`${'x'.repeat(i % 200)}${i}`] = 'y';
    expect(parseOk(junk).id).toBe('teams:adelev@contoso.com:2026-11-30:D30');
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('control characters and markup in a UPN are rejected naming the column, quoted escaped', () => {
    const r = rejected({ ...adele, 'User Principal Name': '<script>\u0000' });
    expect(r.field).toBe('User Principal Name');
    expect(r.message).toBe('not a user principal name (name@domain): "<script>\\\\x00"');
  });

  it('prototype keys are not columns', () => {
    const rec = JSON.parse('{"__proto__": {"userPrincipalName": "evil@x.com"}, "constructor": 1, "reportRefreshDate": "2026-11-30", "reportPeriod": "30", "teamChatMessageCount": 1}') as Rec;
    expect(rejected(rec)).toEqual({ field: 'userPrincipalName', message: 'missing' });
  });
});
