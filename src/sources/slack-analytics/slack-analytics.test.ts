import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NormalizedEvent } from '../../core/model.ts';
import { formats } from '../index.ts';
import { readInputFile, sniffFile, type Sink } from '../reader.ts';
import { oktaClText, pantherTestsText } from '../../../test/samples.ts';
import { BOT, DELETED, GUEST, NO_EMAIL, slackAnalytics } from './format.ts';

type Rec = Record<string, unknown>;
const FIX = new URL('./fixtures/', import.meta.url).pathname;
const text = (name: string): string => readFileSync(join(FIX, name), 'utf8');
const lines = (name: string): Rec[] =>
  text(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
const docs = lines('slack-docs-member-analytics.ndjson');
const built = lines('slack-member-analytics-built.ndjson');
const [rbrautigan, gstein, obutler] = docs;
const [adele, johan, guest, noEmail, megan] = built;
const origin = { file: 'member.ndjson', line: 1 };
const D = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

function parseOk(rec: unknown): NormalizedEvent {
  const out = slackAnalytics.parse(rec, origin);
  if (out.ok !== true) throw new Error(out.ok === false ? `rejected: ${out.field}: ${out.message}` : `ignored: ${out.reason}`);
  expect(out.items).toHaveLength(1);
  return NormalizedEvent.parse(out.items[0]);
}
function rejected(rec: unknown): { field: string; message: string } {
  const out = slackAnalytics.parse(rec, origin);
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

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sleetwatch-slack-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('slack-analytics: the three example lines of the admin.analytics.getFile documentation', () => {
  it('maps a line field by field', () => {
    expect(parseOk(gstein)).toEqual({
      id: 'slack:E5UBAR8CH:W1ZOSID3ZI2:2020-10-05',
      source: 'slack-analytics',
      kind: 'usage',
      type: 'Slack member analytics (daily)',
      time: D(2020, 10, 5),
      actor: { ids: [{ kind: 'email', value: 'gstein@example.org' }] },
      outcome: 'unknown',
      usage: { periodDays: 1, messages: 123, calls: 4, meetings: 5, activeDays: 1 },
      origin,
    });
  });

  it('a non-billable, inactive member is kept: the silence is the signal', () => {
    expect(parseOk(rbrautigan).usage).toEqual({ periodDays: 1, messages: 0, calls: 12, meetings: 3, activeDays: 0 });
    expect(parseOk(obutler).usage).toEqual({ periodDays: 1, messages: 5, calls: 3, meetings: 0, activeDays: 1 });
  });

  it('the gzip file the API returns, through the reader (unpacked by its first bytes)', async () => {
    const p = join(FIX, 'slack-docs-member-analytics.ndjson.gz');
    expect(await sniffFile(p)).toMatchObject({ format: { id: 'slack-analytics' }, container: 'ndjson' });
    const s = collect();
    const sum = await readInputFile(p, s);
    expect(sum).toEqual({ path: p, format: 'slack-analytics', records: 3, accepted: 3, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] });
    expect(s.events.map((e) => [e.id, e.origin?.line])).toEqual([
      ['slack:E5UBAR8CH:W0POSID23ID:2020-10-05', 1],
      ['slack:E5UBAR8CH:W1ZOSID3ZI2:2020-10-05', 2],
      ['slack:E5UBAR8CH:W3DOSZD23IP:2020-10-05', 3],
    ]);
    // the same lines uncompressed give the same events: re-reading is exactly once
    const plain = collect();
    await readInputFile(join(FIX, 'slack-docs-member-analytics.ndjson'), plain);
    expect(plain.events.map((e) => e.id)).toEqual(s.events.map((e) => e.id));
  });
});

describe('slack-analytics: lines built from the documented fields', () => {
  it('team_id (in the @slack/web-api type) names the workspace in the id when present, else enterprise_id', () => {
    expect(parseOk(adele)).toMatchObject({ id: 'slack:T0CONTOSO1:W04ADELEV:2026-11-30', time: D(2026, 11, 30) });
    expect(parseOk(megan).id).toBe('slack:E0CONTOSO:W0CMEGANB:2026-11-30');
  });

  it('a silent day: all zeros, inactive', () => {
    expect(parseOk(johan).usage).toEqual({ periodDays: 1, messages: 0, calls: 0, meetings: 0, activeDays: 0 });
  });

  it('enterprise_user_id (the field guide\'s name) and enterprise_employee_number (SCIM) → employeeId; absent fields stay absent', () => {
    const ev = parseOk(megan);
    expect(ev.actor.ids).toEqual([
      { kind: 'email', value: 'meganb@contoso.com' },
      { kind: 'employeeId', value: '100482' },
    ]);
    expect(ev.usage).toEqual({ periodDays: 1, messages: 7, calls: 2, activeDays: 1 }); // no slack_huddles_count: no meetings
    const bare = parseOk({ date: '2026-11-30', user_id: 'W1', team_id: 'T1', email_address: 'a@contoso.com' });
    expect(bare.usage).toEqual({ periodDays: 1 });
    expect(parseOk({ ...megan, enterprise_employee_number: 100482 }).actor.ids[1]).toEqual({ kind: 'employeeId', value: '100482' });
  });

  it('ignored with fixed reasons: a guest, an account without e-mail (bot / app user), deleted or bot when flagged', () => {
    expect(slackAnalytics.parse(guest, origin)).toEqual({ ok: 'ignored', reason: GUEST });
    expect(slackAnalytics.parse(noEmail, origin)).toEqual(NO_EMAIL);
    expect(slackAnalytics.parse({ ...adele, email_address: undefined }, origin)).toEqual(NO_EMAIL);
    expect(slackAnalytics.parse({ ...adele, is_deleted: true }, origin)).toEqual({ ok: 'ignored', reason: DELETED });
    expect(slackAnalytics.parse({ ...adele, deleted: true }, origin)).toEqual({ ok: 'ignored', reason: DELETED });
    expect(slackAnalytics.parse({ ...adele, is_bot: true }, origin)).toEqual(BOT);
    expect(parseOk({ ...adele, is_bot: false, is_deleted: false }).id).toBe('slack:T0CONTOSO1:W04ADELEV:2026-11-30');
  });

  it('through the reader, gzipped: 5 lines = 3 accepted + 2 ignored', async () => {
    const p = join(dir, 'member-2026-11-30.gz');
    await writeFile(p, gzipSync(readFileSync(join(FIX, 'slack-member-analytics-built.ndjson'))));
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({
      format: 'slack-analytics',
      records: 5,
      accepted: 3,
      ignored: 2,
      ignoredReasons: { [GUEST]: 1, [NO_EMAIL.reason]: 1 },
      rejected: 0,
    });
  });
});

describe('slack-analytics: rejections name the field', () => {
  const cases: [Rec, string, string | RegExp][] = [
    [{ ...gstein, date: undefined }, 'date', 'missing'],
    [{ ...gstein, date: '2020-10-32' }, 'date', 'not a date (YYYY-MM-DD): "2020-10-32"'],
    [{ ...gstein, date: 1601856000 }, 'date', 'not a date (YYYY-MM-DD): 1601856000'],
    [{ ...gstein, date: '1970-01-01' }, 'date', /is before 2000-01-01$/],
    [{ ...gstein, date: '2999-01-01' }, 'date', /more than one day after the reading time$/],
    [{ ...gstein, user_id: undefined }, 'user_id', 'missing'],
    [{ ...gstein, user_id: 'w1zosid3zi2' }, 'user_id', 'not a Slack id: "w1zosid3zi2"'],
    [{ ...megan, enterprise_user_id: '<b>' }, 'enterprise_user_id', 'not a Slack id: "<b>"'],
    [{ ...gstein, enterprise_id: undefined }, 'team_id', 'missing (no team_id or enterprise_id)'],
    [{ ...adele, team_id: 42 }, 'team_id', 'not a Slack id: 42'],
    [{ ...gstein, email_address: 'gstein' }, 'email_address', 'not an e-mail address: "gstein"'],
    [{ ...gstein, email_address: ['a@b.com'] }, 'email_address', 'not an e-mail address: an array'],
    [{ ...gstein, messages_posted_count: -1 }, 'messages_posted_count', 'not a count: -1'],
    [{ ...gstein, messages_posted_count: 1.5 }, 'messages_posted_count', 'not a count: 1.5'],
    [{ ...gstein, slack_calls_count: 'many' }, 'slack_calls_count', 'not a count: "many"'],
    [{ ...gstein, slack_huddles_count: true }, 'slack_huddles_count', 'not a count: true'],
    [{ ...gstein, is_active: 'maybe' }, 'is_active', 'not true/false: "maybe"'],
    [{ ...gstein, is_guest: 2 }, 'is_guest', 'not true/false: 2'],
    [{ ...gstein, is_billable_seat: {} }, 'is_billable_seat', 'not true/false: an object'],
    [{ ...megan, enterprise_employee_number: 'x'.repeat(65) }, 'enterprise_employee_number', /^not an employee number: /],
  ];
  it.each(cases.map((c) => [c[1], c] as const))('%s', (_f, [rec, field, message]) => {
    const r = rejected(rec);
    expect(r.field).toBe(field);
    if (typeof message === 'string') expect(r.message).toBe(message);
    else expect(r.message).toMatch(message);
  });
  it('a non-object line is rejected', () => {
    expect(slackAnalytics.parse([gstein], origin)).toEqual({ ok: false, field: '(record)', message: 'not a JSON object (one member analytics line)' });
  });
  it('a malformed line is rejected by its line number, the rest read', async () => {
    const ls = text('slack-docs-member-analytics.ndjson').trim().split('\n');
    ls[1] = ls[1].replace('"messages_posted_count":123', '"messages_posted_count":"123x"');
    const p = join(dir, 'bad.ndjson');
    await writeFile(p, ls.join('\n') + '\n');
    const sum = await readInputFile(p, collect());
    expect(sum).toMatchObject({ records: 3, accepted: 2, rejected: 1 });
    expect(sum.errors[0]).toMatchObject({ line: 2, field: 'messages_posted_count', message: 'not a count: "123x"' });
  });
});

describe('slack-analytics: detection', () => {
  it('sniffs member lines only', () => {
    for (const r of [...docs, ...built]) expect(slackAnalytics.sniff(r, 'ndjson')).toBe(true);
    // public channel analytics and channel metadata (the same method's other files)
    const channel = {
      enterprise_id: 'EJB3MZFLM',
      originating_team: { team_id: 'T5J3Q04QZ', name: 'postmodernity' },
      channel_id: 'CNGL0KGG1',
      date_created: 1555111593,
      date_last_active: 1684820530,
      total_members_count: 7,
      messages_posted_count: 223,
      date: '2020-11-14',
    };
    expect(slackAnalytics.sniff(channel, 'ndjson')).toBe(false);
    expect(slackAnalytics.sniff({ channel_id: 'CNGL0K091', name: 'tomorrow', date: '2020-11-14' }, 'ndjson')).toBe(false);
    expect(slackAnalytics.sniff(gstein, 'csv')).toBe(false);
    expect(slackAnalytics.sniff({ 'Report Refresh Date': '2026-11-30', 'User Principal Name': 'a@b.com', 'Call Count': '1' }, 'json-array')).toBe(false);
    expect(slackAnalytics.sniff(null, 'ndjson')).toBe(false);
  });

  it("claims none of the other vendors' real samples (Panther rule tests, Okta_CL)", () => {
    const panther = pantherTestsText()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { Log: Rec }).Log);
    for (const r of panther) expect(slackAnalytics.sniff(r, 'ndjson')).toBe(false);
    for (const r of JSON.parse(oktaClText()) as unknown[]) expect(slackAnalytics.sniff(r, 'json-array')).toBe(false);
  });

  it('no earlier format in the registry claims a member line', () => {
    const mine = formats.findIndex((f) => f.id === 'slack-analytics');
    for (const f of formats.slice(0, mine)) for (const r of [...docs, ...built]) expect(f.sniff(r, 'ndjson'), f.id).toBe(false);
  });
});

describe('slack-analytics: hostile input', () => {
  it('huge values are rejected in linear time, naming the field', () => {
    const t0 = performance.now();
    expect(rejected({ ...gstein, email_address: 'a@'.repeat(30_000) }).field).toBe('email_address');
    expect(rejected({ ...gstein, user_id: 'W'.repeat(60_000) }).field).toBe('user_id');
    expect(rejected({ ...gstein, date: '2020-10-05' + ' '.repeat(60_000) + 'x' }).field).toBe('date');
    expect(rejected({ ...gstein, slack_calls_count: '1'.repeat(60_000) }).field).toBe('slack_calls_count');
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('markup and control characters are quoted escaped', () => {
    expect(rejected({ ...gstein, email_address: '<img src=x>\u0007' })).toEqual({ field: 'email_address', message: 'not an e-mail address: "<img src=x>\\\\x07"' });
  });
});
