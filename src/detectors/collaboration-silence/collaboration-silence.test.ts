// collaboration-silence through the real pipeline: SCIM users and Graph sign-ins through the real parsers, usage
// events built in the model's shape (NormalizedEvent.parse: what the Teams user-activity and Slack member-analytics
// sources produce). April 2025: the Teams D30 report refreshed 2025-05-01 covers 1–30 April (22 weekdays).
import { describe, expect, it } from 'vitest';
import type { PersonContext, PersonIndex, Population } from '../../core/detector.ts';
import { Config } from '../../core/config.ts';
import { NormalizedEvent, type UsageFacts } from '../../core/model.ts';
import { Pipeline, type PipelineResult } from '../../core/pipeline.ts';
import { findingsFor, graphSignIn, parseRecords, scimUser, testIntel } from '../../../test/testkit.ts';
import { days, distinctUpns, IP, utc } from '../common/fixtures/net.ts';
import { definition } from './definition.ts';
import { assess, detector, summaries, type State } from './detector.ts';

const ID = 'collaboration-silence';
const P = definition.params.parse({});
const REFRESH = '2025-05-01';
const APRIL_WEEKDAYS = days('2025-04-01', 22, true); // 1–30 April 2025
const H = 3600;

let seq = 0;
/** A Teams user-activity user-detail row (one person, one period) as the teams-activity source normalises it. */
function teamsRow(upn: string, usage: Omit<UsageFacts, 'periodDays'> & { periodDays?: number }, refresh = REFRESH): NormalizedEvent {
  const periodDays = usage.periodDays ?? 30;
  return NormalizedEvent.parse({
    id: `teams:${upn}:${refresh}:D${periodDays}:${seq++}`,
    source: 'teams-activity',
    kind: 'usage',
    type: `Teams user activity (D${periodDays})`,
    time: Date.parse(`${refresh}T00:00:00Z`),
    actor: { ids: [{ kind: 'upn', value: upn }] },
    outcome: 'unknown',
    usage: { ...usage, periodDays },
  });
}

/** A Slack member-analytics row (one person, one day). */
function slackRow(email: string, day: string, usage: Omit<UsageFacts, 'periodDays'>): NormalizedEvent {
  return NormalizedEvent.parse({
    id: `slack:T1:${email}:${day}:${seq++}`,
    source: 'slack-analytics',
    kind: 'usage',
    type: 'Slack member analytics (daily)',
    time: Date.parse(`${day}T00:00:00Z`),
    actor: { ids: [{ kind: 'email', value: email }] },
    outcome: 'unknown',
    usage: { periodDays: 1, ...usage },
  });
}

/** Successful interactive Graph sign-ins at 14:00 UTC on the given days. */
const signIns = (upn: string, dayList: string[]) => dayList.map((d) => graphSignIn({ upn, time: utc(d, 14), ip: IP.charterAustin }));

/** A realistic engineer's D30 row: hundreds of chat messages, 5–30 calls, 10–40 meetings, hours of audio, some video. */
interface Profile {
  messages?: number;
  calls?: number;
  meetings?: number;
  audioH?: number;
  videoShare?: number;
}
const ENGINEERS: Profile[] = [
  { messages: 420, calls: 12, meetings: 28, audioH: 22, videoShare: 0.45 },
  { messages: 610, calls: 25, meetings: 35, audioH: 30, videoShare: 0.3 },
  { messages: 350, calls: 8, meetings: 18, audioH: 14, videoShare: 0.6 },
  { messages: 780, calls: 18, meetings: 40, audioH: 35, videoShare: 0.2 },
  { messages: 505, calls: 30, meetings: 22, audioH: 26, videoShare: 0.5 },
  { messages: 290, calls: 6, meetings: 15, audioH: 12, videoShare: 0.35 },
  { messages: 660, calls: 15, meetings: 31, audioH: 28, videoShare: 0.4 },
];
const usageOf = (x: Profile): Omit<UsageFacts, 'periodDays'> => ({
  messages: x.messages,
  calls: x.calls,
  meetings: x.meetings,
  audioSeconds: x.audioH !== undefined ? x.audioH * H : undefined,
  videoSeconds: x.audioH !== undefined && x.videoShare !== undefined ? Math.round(x.audioH * H * x.videoShare) : undefined,
  screenShareSeconds: 2 * H,
});
/** Silent: a handful of messages, almost no calls or meetings, camera never on. */
const SILENT: Profile = { messages: 4, calls: 0, meetings: 4, audioH: 3, videoShare: 0 };

interface Member {
  upn: string;
  department: string;
  created?: string;
  profile?: Profile;
  /** days with sign-ins (default: every April weekday) */
  signInDays?: string[];
  extra?: NormalizedEvent[];
}

function team(department: string, profiles: Profile[], prefix: string): Member[] {
  return profiles.map((profile, i) => ({ upn: `${prefix}${i}.${department.toLowerCase().replace(/\W/g, '')}@contoso.com`, department, profile }));
}

async function run(members: Member[]): Promise<{ result: PipelineResult; pipeline: Pipeline }> {
  distinctUpns(members.map((m) => m.upn));
  const intel = await testIntel();
  const pipeline = new Pipeline({ detectors: [detector], intel, config: Config.parse({}) });
  const { directory } = parseRecords(members.map((m) => scimUser({ upn: m.upn, department: m.department, created: m.created })));
  pipeline.addDirectory(directory);
  const { events } = parseRecords(members.flatMap((m) => signIns(m.upn, m.signInDays ?? APRIL_WEEKDAYS)));
  for (const ev of events) pipeline.ingest(ev);
  for (const m of members) {
    if (m.profile) pipeline.ingest(teamsRow(m.upn, usageOf(m.profile)));
    for (const ev of m.extra ?? []) pipeline.ingest(ev);
  }
  return { result: pipeline.finish(), pipeline };
}

const personOf = (r: PipelineResult, upn: string) => r.people.find((p) => p.identifiers.some((i) => i.toLowerCase() === upn.toLowerCase()))!;
const NEW_HIRE = '2025-03-17T09:00:00Z';

describe('collaboration-silence', () => {
  it('a new hire who signs in every weekday but is near-silent and never turns the camera on → high, with the numbers', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const upn = 'kevin.t@contoso.com';
    const { result } = await run([...eng, { upn, department: 'Engineering', created: NEW_HIRE, profile: SILENT }]);
    for (const m of eng) expect(findingsFor(result, m.upn, ID), m.upn).toEqual([]);
    const f = findingsFor(result, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'high',
      likelihoodRatio: P.likelihoodRatioHigh,
      title: 'New hire working daily is near-silent in chat and calls and keeps the camera off',
      firstSeen: '2025-04-01T00:00:00.000Z',
      lastSeen: '2025-05-01T00:00:00.000Z',
    });
    const x = f[0].explanation;
    // peers' chat: 290..780 messages over 30 days, median 505 → 16.83/day; the person: 4 → 0.13/day
    expect(x).toContain('teams-activity report of 30 days ending 2025-05-01: 4 chat messages = 0.13/day against a median of 16.83/day among 7 Engineering peers');
    expect(x).toContain('4 calls + meetings (0 calls, 4 meetings) = 0.13/day against a median of 1.53/day among 7 Engineering peers');
    expect(x).toContain('video on for 0 of 180 minutes in 4 calls + meetings (0%');
    expect(x).toContain('median of 7 Engineering peers is 40%');
    expect(x).toContain('Successful interactive sign-ins on 22 of 22 weekdays between 2025-04-01 and 2025-04-30 (14 needed): the account works daily.');
    expect(x).toContain('Hired 2025-03-17, 45 days before the end of the period (a new hire: within 90 days).');
    const z = f[0].evidence.find((e) => e.label.startsWith('robust z of log chat messages'))!;
    expect(z.value as number).toBeLessThan(-P.minRobustZ);
    expect(z.threshold).toBe(-P.minRobustZ);
    expect(f[0].evidence.find((e) => e.label === 'median of 7 Engineering peers' && e.unit === 'messages/day')?.value).toBe(16.83);
    expect(f[0].evidence.find((e) => e.label.startsWith('period judged'))).toMatchObject({ value: '2025-04-01–2025-04-30 (30 days)', eventId: expect.stringMatching(/^teams:/) });
    expect(personOf(result, upn).riskBreakdown?.newHire).toBe(true);
  });

  it('the same silence from a tenured person is medium; without daily sign-ins (leave, part-time) it stays low', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const tenured = 'olga.p@contoso.com';
    const onLeave = 'liam.r@contoso.com';
    const { result } = await run([
      ...eng,
      { upn: tenured, department: 'Engineering', profile: SILENT },
      { upn: onLeave, department: 'Engineering', created: NEW_HIRE, profile: SILENT, signInDays: APRIL_WEEKDAYS.slice(0, 4) },
    ]);
    expect(findingsFor(result, tenured, ID).map((f) => [f.severity, f.likelihoodRatio])).toEqual([['medium', P.likelihoodRatioMedium]]);
    const low = findingsFor(result, onLeave, ID);
    expect(low.map((f) => [f.severity, f.likelihoodRatio])).toEqual([['low', P.likelihoodRatioLow]]);
    expect(low[0].explanation).toContain('sign-ins on 4 of 22 weekdays');
    expect(low[0].explanation).toContain('may be leave, part-time work or missing sign-in data');
  });

  it('negative: a quiet engineer (little chat, ordinary meetings and video) gets nothing', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const upn = 'quiet.q@contoso.com';
    const { result } = await run([...eng, { upn, department: 'Engineering', created: NEW_HIRE, profile: { messages: 15, calls: 10, meetings: 25, audioH: 20, videoShare: 0.3 } }]);
    expect(findingsFor(result, upn, ID)).toEqual([]);
    expect(personOf(result, upn).level).toBe('none');
  });

  it('negative: a team that never turns on video gets no camera-off finding; silence there is still reported, without the camera', async () => {
    const support = team('Support', ENGINEERS.map((x) => ({ ...x, videoShare: 0 })), 'sup');
    const quietCam = 'nina.c@contoso.com';
    const silent = 'sam.s@contoso.com';
    const { result } = await run([
      ...support,
      { upn: quietCam, department: 'Support', created: NEW_HIRE, profile: { ...ENGINEERS[0], videoShare: 0 } },
      { upn: silent, department: 'Support', created: NEW_HIRE, profile: SILENT },
    ]);
    for (const m of [...support.map((s) => s.upn), quietCam]) expect(findingsFor(result, m, ID), m).toEqual([]);
    const f = findingsFor(result, silent, ID);
    expect(f.map((x) => [x.severity, x.title])).toEqual([['medium', 'Near-silent in chat and calls compared with peers']]);
    expect(f[0].explanation).toContain('The camera is not judged off (teams-activity: 0% against a peer median of 0%)');
    expect(f[0].explanation).toContain('Silence alone, without the camera, stays weak.');
  });

  it('camera off alone (ordinary chat and meetings) is weak: medium for a daily-working new hire, low when tenured', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const newHire = 'cam.n@contoso.com';
    const tenured = 'cam.t@contoso.com';
    const { result } = await run([
      ...eng,
      { upn: newHire, department: 'Engineering', created: NEW_HIRE, profile: { ...ENGINEERS[1], videoShare: 0 } },
      { upn: tenured, department: 'Engineering', profile: { ...ENGINEERS[2], videoShare: 0 } },
    ]);
    expect(findingsFor(result, newHire, ID).map((f) => [f.severity, f.title])).toEqual([['medium', 'Camera off in meetings while peers turn it on']]);
    expect(findingsFor(result, tenured, ID).map((f) => f.severity)).toEqual(['low']);
  });

  it('a small department falls back to the whole company and says so', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const upn = 'lena.l@contoso.com';
    const { result } = await run([
      ...eng,
      { upn: 'lawyer.a@contoso.com', department: 'Legal', profile: ENGINEERS[4] },
      { upn, department: 'Legal', created: NEW_HIRE, profile: SILENT },
    ]);
    const f = findingsFor(result, upn, ID);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0].explanation).toContain('among 8 people company-wide (the Legal department has 1 with this measure, 4 needed)');
    expect(f[0].evidence.some((e) => e.label === 'median of 8 company-wide peers')).toBe(true);
  });

  it('a small company gives no baseline: nothing is reported, and the reason is stated', async () => {
    const members: Member[] = [
      { upn: 'a.small@contoso.com', department: 'Engineering', profile: ENGINEERS[0] },
      { upn: 'b.small@contoso.com', department: 'Engineering', profile: ENGINEERS[1] },
      { upn: 'c.small@contoso.com', department: 'Engineering', created: NEW_HIRE, profile: SILENT },
    ];
    const { result, pipeline } = await run(members);
    for (const m of members) expect(findingsFor(result, m.upn, ID)).toEqual([]);
    const a = assessFor(pipeline, result, 'c.small@contoso.com');
    expect(a.findings).toEqual([]);
    expect(a.notes).toContain('chat messages (teams-activity): the department has 2 peer(s) with this measure (4 needed) and the company 2 (8 needed): no baseline');
  });

  it('a mid-period hire is judged per day of employment, not per day of the report', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const upn = 'fresh.f@contoso.com';
    // hired 2025-04-21: 10 days of the 30-day report; 60 messages and 6 meetings are ordinary per day worked
    const profile: Profile = { messages: 60, calls: 2, meetings: 6, audioH: 5, videoShare: 0.4 };
    const { result, pipeline } = await run([...eng, { upn, department: 'Engineering', created: '2025-04-21T08:00:00Z', profile, signInDays: APRIL_WEEKDAYS.slice(-8) }]);
    expect(findingsFor(result, upn, ID)).toEqual([]);
    const a = assessFor(pipeline, result, upn);
    const msg = a.comparisons.find((c) => c.metric === 'msg')!;
    expect(msg.value).toBeCloseTo(6, 9); // 60 messages / 10 days, not / 30
    expect(msg.low).toBe(false);
    // the same row for someone hired before the period would be far below the peers
    expect(60 / 30).toBeLessThan(P.maxShareOfMedian * msg.stats.median);
  });

  it('a hire after the report period ends is not judged on it', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const upn = 'late.l@contoso.com';
    const { result, pipeline } = await run([...eng, { upn, department: 'Engineering', created: '2025-04-28T08:00:00Z', profile: SILENT }]);
    expect(findingsFor(result, upn, ID)).toEqual([]);
    expect(assessFor(pipeline, result, upn).notes).toContain('teams-activity report of 30 days ending 2025-05-01 covers 3 day(s) of employment (7 needed)');
  });

  it('absent counts are never zeros: rows without chat or video columns give no chat or camera verdict', async () => {
    const noChat = ENGINEERS.map((x) => ({ ...x, messages: undefined }));
    const ops = team('Operations', noChat, 'ops');
    const upn = 'nochat.n@contoso.com';
    const { result, pipeline } = await run([...ops, { upn, department: 'Operations', created: NEW_HIRE, profile: { ...SILENT, messages: undefined, videoShare: undefined } }]);
    expect(findingsFor(result, upn, ID)).toEqual([]);
    const a = assessFor(pipeline, result, upn);
    expect(a.notes).toContain('chat messages: no source gives it for this person');
    expect(a.notes).toContain('video share of call and meeting time: no source gives it for this person');
    // calls and meetings alone were compared (and are far below), but silence needs chat too
    expect(a.comparisons.map((c) => [c.metric, c.low])).toEqual([['inter', true]]);
    const st = stateOf(pipeline, result, upn);
    const s = summaries(st, personOf(result, upn) as unknown as PersonContext, P).list[0];
    expect(s.messages).toBeUndefined();
    expect(s.msgRate).toBeUndefined();
    expect(s.videoShare).toBeUndefined();
    expect(s.cameraMeasurable).toBe(false);
  });

  it('Slack daily rows are summed over the rolling window (re-exported days replace, absent fields stay absent)', async () => {
    const email = 'slacker.s@contoso.com';
    const rows: NormalizedEvent[] = [];
    const all = days('2025-03-01', 61); // 1 March – 30 April
    all.forEach((d, i) => rows.push(slackRow(email, d, { messages: i % 3, activeDays: 1, ...(i % 2 === 0 ? { meetings: 1 } : {}) })));
    rows.push(slackRow(email, '2025-04-30', { messages: 10, activeDays: 1 })); // a re-export of the last day
    const { result, pipeline } = await run([{ upn: email, department: 'Engineering', extra: rows }]);
    const st = stateOf(pipeline, result, email);
    expect(st.dl[0].rows.length).toBe(P.dailyWindowDays);
    const s = summaries(st, { personId: 'x', events: 0 }, P).list[0];
    // window: 1–30 April = days 31..60; the last day re-exported with 10 messages and no meetings
    let messages = 0;
    let meetings = 0;
    for (let i = 31; i < 60; i++) {
      messages += i % 3;
      if (i % 2 === 0) meetings++;
    }
    messages += 10;
    expect(s).toMatchObject({ src: 'slack-analytics', how: 'daily', rows: 30, periodDays: 30, days: 30, messages, meetings });
    expect(s.calls).toBeUndefined();
    expect(s.interRate).toBeCloseTo(meetings / 30, 9);
    expect(new Date(s.start).toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(new Date(s.end).toISOString()).toBe('2025-05-01T00:00:00.000Z');
  });

  it('Slack and Teams together: silence must hold in every source that measures it', async () => {
    const eng = team('Engineering', ENGINEERS, 'eng');
    const slackChatty = (upn: string, perDay: number) => APRIL_WEEKDAYS.map((d) => slackRow(upn, d, { messages: perDay, activeDays: 1 }));
    for (const m of eng) m.extra = slackChatty(m.upn, 20 + (m.upn.length % 7));
    const chattyInSlack = 'slackonly.s@contoso.com';
    const silentEverywhere = 'mute.m@contoso.com';
    const { result } = await run([
      ...eng,
      { upn: chattyInSlack, department: 'Engineering', created: NEW_HIRE, profile: SILENT, extra: slackChatty(chattyInSlack, 22) },
      { upn: silentEverywhere, department: 'Engineering', created: NEW_HIRE, profile: SILENT, extra: slackChatty(silentEverywhere, 0) },
    ]);
    // Teams chat is near zero, but the person talks in Slack like the peers: not near-silent (the camera still is off)
    expect(findingsFor(result, chattyInSlack, ID).map((f) => f.title)).toEqual(['Camera off in meetings while peers turn it on']);
    const f = findingsFor(result, silentEverywhere, ID);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0].explanation).toContain('slack-analytics daily rows 2025-04-01–2025-04-30 (22 days summed)');
  });

  it('keeps only the latest report per source and period, and prefers the period closest to 30 days', async () => {
    const upn = 'periods.p@contoso.com';
    const extra = [
      teamsRow(upn, { periodDays: 7, messages: 1 }, '2025-05-01'),
      teamsRow(upn, { periodDays: 30, messages: 100 }, '2025-04-01'),
      teamsRow(upn, { periodDays: 30, messages: 300 }, '2025-05-01'),
      teamsRow(upn, { periodDays: 90, messages: 900 }, '2025-05-01'),
    ];
    const { result, pipeline } = await run([{ upn, department: 'Engineering', extra }]);
    const st = stateOf(pipeline, result, upn);
    expect(st.r.map((r) => [r.p, r.m]).sort((a, b) => a[0]! - b[0]!)).toEqual([[7, 1], [30, 300], [90, 900]]);
    expect(summaries(st, { personId: 'x', events: 0 }, P).list.map((s) => [s.periodDays, s.messages])).toEqual([[30, 300]]);
  });

  it('through the real teams-activity and slack-analytics parsers (Graph JSON rows, Slack NDJSON lines): the same verdicts', async () => {
    const dur = (seconds: number) => `PT${Math.floor(seconds / 3600)}H${Math.floor((seconds % 3600) / 60)}M${seconds % 60}S`;
    /** A Graph getTeamsUserActivityUserDetail(period='D30') JSON row (camelCase, durations in ISO 8601). */
    const graphRow = (upn: string, x: Profile) => {
      const u = usageOf(x);
      return {
        reportRefreshDate: REFRESH,
        userPrincipalName: upn,
        isLicensed: true,
        isDeleted: false,
        lastActivityDate: '2025-04-30',
        teamChatMessageCount: Math.round((x.messages ?? 0) * 0.1),
        privateChatMessageCount: (x.messages ?? 0) - Math.round((x.messages ?? 0) * 0.1),
        callCount: x.calls,
        meetingCount: x.meetings,
        audioDuration: dur(u.audioSeconds ?? 0),
        videoDuration: dur(u.videoSeconds ?? 0),
        screenShareDuration: dur(u.screenShareSeconds ?? 0),
        reportPeriod: '30',
      };
    };
    /** A Slack admin.analytics.getFile member line for one day. */
    const slackLine = (email: string, date: string, messages: number) => ({
      enterprise_id: 'E0CONTOSO', team_id: 'T0CONTOSO1', date, user_id: `W${email.split('@')[0].replace(/[^a-z0-9]/gi, '').toUpperCase()}`, email_address: email,
      is_guest: false, is_billable_seat: true, is_active: messages > 0, messages_posted_count: messages, slack_calls_count: 0, slack_huddles_count: messages > 0 ? 1 : 0,
    });
    const eng = team('Engineering', ENGINEERS, 'eng');
    const upn = 'kevin.t@contoso.com';
    const quiet = 'quiet.q@contoso.com';
    const members = [...eng, { upn, department: 'Engineering', created: NEW_HIRE }, { upn: quiet, department: 'Engineering', created: NEW_HIRE }];
    const profiles = new Map<string, Profile>([...eng.map((m) => [m.upn, m.profile!] as const), [upn, SILENT], [quiet, { messages: 15, calls: 10, meetings: 25, audioH: 20, videoShare: 0.3 }]]);
    const records = [
      ...members.map((m) => graphRow(m.upn, profiles.get(m.upn)!)),
      ...members.flatMap((m) => APRIL_WEEKDAYS.map((d) => slackLine(m.upn, d, m.upn === upn ? 0 : 15 + (m.upn.length % 5)))),
    ];
    const parsed = parseRecords(records).events;
    expect(new Set(parsed.map((e) => e.source))).toEqual(new Set(['teams-activity', 'slack-analytics']));
    const { result, pipeline } = await run(members.map((m) => ({ ...m, extra: parsed.filter((e) => e.actor.ids.some((i) => i.value.toLowerCase() === m.upn)) })));
    const f = findingsFor(result, upn, ID);
    // every source judged against the 8 Engineering peers, both far below on chat and on calls + meetings
    expect(assessFor(pipeline, result, upn).comparisons.map((c) => [c.src, c.metric, c.scope, c.stats.n, c.low])).toEqual([
      ['slack-analytics', 'msg', 'department', 8, true],
      ['teams-activity', 'msg', 'department', 8, true],
      ['slack-analytics', 'inter', 'department', 8, true],
      ['teams-activity', 'inter', 'department', 8, true],
      ['teams-activity', 'video', 'department', 8, true],
    ]);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0].explanation).toContain('teams-activity report of 30 days ending 2025-05-01: 4 chat messages');
    expect(f[0].explanation).toContain('slack-analytics daily rows 2025-04-01–2025-04-30 (22 days summed): 0 chat messages');
    for (const m of [...eng.map((e) => e.upn), quiet]) expect(findingsFor(result, m, ID), m).toEqual([]);
  });

  it('state stays bounded: 200 days of rows from three daily sources, 300 sign-in days, a dozen reports', () => {
    const st = detector.init();
    const ctx: PersonContext = { personId: 'p', events: 0 };
    const base = Date.parse('2025-01-01T00:00:00Z');
    const ev = (kind: 'usage' | 'signin', time: number, usage?: UsageFacts, source = 'slack-analytics') =>
      ({ id: `e${seq++}`, source, kind, type: 't', time, outcome: 'success', interactive: true, personId: 'p', intel: undefined, loc: undefined, usage }) as never;
    for (let d = 0; d < 300; d++) detector.observe!(st, ev('signin', base + d * 86_400_000 + 3_600_000), ctx, P);
    for (const src of ['slack-analytics', 'other-daily', 'third-daily']) {
      for (let d = 0; d < 200; d++) detector.observe!(st, ev('usage', base + d * 86_400_000, { periodDays: 1, messages: 12, calls: 1, meetings: 2, audioSeconds: 3600, videoSeconds: 1800, activeDays: 1 }, src), ctx, P);
    }
    for (let k = 0; k < 12; k++) detector.observe!(st, ev('usage', base + 200 * 86_400_000, { periodDays: 7 + k, messages: 100, calls: 5, meetings: 9, audioSeconds: 9000, videoSeconds: 3000 }, 'teams-activity'), ctx, P);
    const s = st as State;
    expect(s.sd.length).toBeLessThanOrEqual(191);
    expect(s.dl.map((x) => [x.src, x.rows.length])).toEqual([['other-daily', P.dailyWindowDays], ['third-daily', P.dailyWindowDays]]);
    expect(s.r.length).toBe(8);
    const bytes = JSON.stringify(st).length;
    expect(bytes).toBeLessThan(6144);
    expect(JSON.parse(JSON.stringify(st))).toEqual(st);
  });
});

// ---- helpers that look inside the pipeline after a run -------------------------------------------------------

function stateOf(pipeline: Pipeline, result: PipelineResult, upn: string): State {
  return pipeline.exportState(personOf(result, upn).personId)![ID] as State;
}

/** assess() for one person against a Population rebuilt from the pipeline's states and directory (for its notes). */
function assessFor(pipeline: Pipeline, result: PipelineResult, upn: string) {
  const ctxOf = (pid: string): PersonContext => {
    const r = result.people.find((p) => p.personId === pid)!;
    return { personId: pid, directory: r.directory, hired: r.directory?.created, events: r.events };
  };
  const pids = pipeline.personIds().sort();
  const pop = {
    size: pids.length,
    people: () => pids.map(ctxOf),
    person: (pid: string) => ctxOf(pid),
    stateOf: <S,>(det: string, pid: string) => pipeline.exportState(pid)?.[det] as S | undefined,
    index: <T extends { pid: string }>(_key: string, of: (p: PersonContext) => Iterable<readonly [string, T]>): PersonIndex<T> => {
      const groups = new Map<string, T[]>();
      for (const pid of pids) for (const [g, v] of of(ctxOf(pid))) groups.set(g, [...(groups.get(g) ?? []), v]);
      return { get: (g) => groups.get(g) };
    },
  } as unknown as Population;
  const pid = personOf(result, upn).personId;
  return assess(stateOf(pipeline, result, upn), ctxOf(pid), P, pop);
}
