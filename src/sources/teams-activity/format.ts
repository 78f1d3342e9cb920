// Microsoft Teams user activity, user detail (Microsoft Graph `GET /reports/getTeamsUserActivityUserDetail(period='D30')`):
// the CSV the report downloads as, the JSON page `$format=application/json` returns (`{"value":[…]}`, camelCase keys),
// and the JSON array tools such as the CLI for Microsoft 365 write (the CSV's column names as keys). One row → one
// `usage` event: the person's chat messages, calls, meetings and audio / video / screen-share time over the period.
import type { Identifier, NormalizedEvent, Origin, UsageFacts } from '../../core/model.ts';
import { implausibleMessage, implausibleTime } from '../timestamps.ts';
import type { EventFormat, ParseOutcome } from '../types.ts';
import { isObj, looksLikeEmail } from '../okta-systemlog/values.ts';
import { NAMES, columnOf, type Column } from './columns.ts';
import { isoDurationSeconds } from './duration.ts';
import { calendarDate, count, dayText, flag, isBad, isEmpty, show, type Bad } from './values.ts';

const SOURCE = 'teams-activity';

/** Fixed ignore reasons (counted per input; never record data). */
export const CONCEALED =
  'concealed report: user names are hidden (Microsoft 365 admin center > Settings > Org settings > Services > Reports: turn off "Display concealed user, group, and site names in all reports", then export again)';
export const DELETED = 'deleted user (Is Deleted = True)';

interface Cell {
  key: string;
  value: unknown;
}
type Row = Partial<Record<Column, Cell>>;
type Reject = { ok: false; field: string; message: string };

/** The record's cells by report column (the first non-empty cell when a column appears under two spellings). */
function collect(record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const key in record) {
    const c = columnOf(key);
    if (c === undefined) continue;
    const value = record[key];
    const had = row[c];
    if (had === undefined || (isEmpty(had.value) && !isEmpty(value))) row[c] = { key, value };
  }
  return row;
}

/** 32 hexadecimal digits: the MD5-like name a concealed report writes instead of the user principal name. */
function isConcealedName(s: string): boolean {
  if (s.length !== 32) return false;
  for (let i = 0; i < 32; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** A GUID `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case). */
function isGuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/** Days of a report period: 30, "30" (the CSV and JSON write the number), "D30" (the request's spelling). */
function periodDays(v: unknown): number | undefined | Bad {
  if (isEmpty(v)) return undefined;
  let x: unknown = v;
  if (typeof v === 'string') {
    const s = v.trim();
    x = s.length > 1 && (s[0] === 'D' || s[0] === 'd') ? s.slice(1) : s;
  }
  const n = count(x);
  if (isBad(n) || n === undefined || n < 1 || n > 366) return { bad: `not a report period (days, e.g. 30 or D30): ${show(v)}` };
  return n;
}

function parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent> {
  if (!isObj(record)) return { ok: false, field: '(record)', message: 'not a report row (CSV row or JSON object)' };
  const row = collect(record);
  // Name columns the way this record spells them: the JSON output's camelCase, else the CSV header.
  const refreshKey = row.refresh?.key ?? row.upn?.key ?? '';
  const json = refreshKey.length > 0 && refreshKey.indexOf(' ') < 0 && refreshKey[0] >= 'a' && refreshKey[0] <= 'z';
  const name = (c: Column): string => row[c]?.key ?? NAMES[c][json ? 1 : 0];
  const reject = (c: Column, message: string): Reject => ({ ok: false, field: name(c), message });

  // Who: the user principal name, unless the report is concealed.
  const upnRaw = row.upn?.value;
  if (isEmpty(upnRaw)) return reject('upn', 'missing');
  if (typeof upnRaw !== 'string') return reject('upn', `not a string: ${show(upnRaw)}`);
  const upn = upnRaw.trim();
  if (upn.indexOf('@') < 0 && isConcealedName(upn)) return { ok: 'ignored', reason: CONCEALED };
  if (!looksLikeEmail(upn)) return reject('upn', `not a user principal name (name@domain): ${show(upnRaw)}`);

  const deleted = flag(row.deleted?.value);
  if (isBad(deleted)) return reject('deleted', deleted.bad);
  if (deleted === true) return { ok: 'ignored', reason: DELETED };

  // When: the report's refresh date (midnight UTC); the period it covers ends there.
  const refresh = calendarDate(row.refresh?.value);
  if (refresh === undefined) return reject('refresh', 'missing');
  if (isBad(refresh)) return reject('refresh', refresh.bad);
  const why = implausibleTime(refresh);
  if (why !== undefined) return reject('refresh', implausibleMessage(String(row.refresh?.value), why));
  const days = periodDays(row.period?.value);
  if (days === undefined) return reject('period', 'missing');
  if (isBad(days)) return reject('period', days.bad);

  const ids: Identifier[] = [{ kind: 'upn', value: upn }];
  const uid = row.userId?.value;
  if (!isEmpty(uid)) {
    if (typeof uid !== 'string' || !isGuid(uid.trim())) return reject('userId', `not an Entra object id (GUID): ${show(uid)}`);
    if (uid.trim() !== NIL_GUID) ids.push({ kind: 'entraId', value: uid.trim() });
  }

  const nums: Partial<Record<Column, number>> = {};
  for (const c of ['teamChat', 'privateChat', 'post', 'reply', 'calls', 'meetings', 'meetingsAttended', 'audioSeconds', 'videoSeconds', 'screenSeconds'] as const) {
    const v = count(row[c]?.value);
    if (isBad(v)) return reject(c, v.bad);
    if (v !== undefined) nums[c] = v;
  }
  const secs: Partial<Record<'audio' | 'video' | 'screen', number>> = {};
  for (const c of ['audio', 'video', 'screen'] as const) {
    const v = row[c]?.value;
    if (isEmpty(v)) continue;
    const s = typeof v === 'string' ? isoDurationSeconds(v) : undefined;
    if (s === undefined) return reject(c, `not an ISO 8601 duration (e.g. PT1H2M3S): ${show(v)}`);
    secs[c] = s;
  }
  let lastActivity: number | undefined;
  const la = calendarDate(row.lastActivity?.value);
  if (isBad(la)) return reject('lastActivity', la.bad);
  if (la !== undefined) {
    const w = implausibleTime(la);
    if (w !== undefined) return reject('lastActivity', implausibleMessage(String(row.lastActivity?.value), w));
    lastActivity = la;
  }

  const usage: UsageFacts = { periodDays: days };
  // Team Chat Message Count is the channel messages, which Post Messages + Reply Messages break down (the real
  // CLI for Microsoft 365 row: 5 = 2 + 3): the breakdown is used only when the total is not given.
  const channel = nums.teamChat ?? (nums.post !== undefined || nums.reply !== undefined ? (nums.post ?? 0) + (nums.reply ?? 0) : undefined);
  if (channel !== undefined || nums.privateChat !== undefined) usage.messages = (channel ?? 0) + (nums.privateChat ?? 0);
  if (nums.calls !== undefined) usage.calls = nums.calls;
  const meetings = nums.meetings ?? nums.meetingsAttended;
  if (meetings !== undefined) usage.meetings = meetings;
  const audio = secs.audio ?? nums.audioSeconds;
  if (audio !== undefined) usage.audioSeconds = audio;
  const video = secs.video ?? nums.videoSeconds;
  if (video !== undefined) usage.videoSeconds = video;
  const screen = secs.screen ?? nums.screenSeconds;
  if (screen !== undefined) usage.screenShareSeconds = screen;
  if (lastActivity !== undefined) usage.lastActivity = lastActivity;

  const day = dayText(refresh);
  const event: NormalizedEvent = {
    id: `teams:${upn.toLowerCase()}:${day}:D${days}`,
    source: SOURCE,
    kind: 'usage',
    type: `Teams user activity (D${days})`,
    time: refresh,
    actor: { ids },
    outcome: 'unknown',
    usage,
    origin,
  };
  return { ok: true, items: [event] };
}

/**
 * A Teams user-detail row: the report refresh date, the user principal name and one of the Teams activity counts
 * (chat messages, calls, meetings). Other Microsoft 365 usage reports (e-mail, OneDrive, Teams device usage) have the
 * first two but none of those counts; the Teams activity *counts* reports name no user.
 */
function sniff(record: unknown): boolean {
  if (!isObj(record)) return false;
  let refresh = false;
  let upn = false;
  let teams = false;
  for (const key in record) {
    const c = columnOf(key);
    if (c === 'refresh') refresh = true;
    else if (c === 'upn') upn = true;
    else if (c === 'teamChat' || c === 'privateChat' || c === 'calls' || c === 'meetings') teams = true;
  }
  return refresh && upn && teams;
}

export const teamsActivity: EventFormat = {
  id: SOURCE,
  title: 'Microsoft Teams user activity user detail (Graph getTeamsUserActivityUserDetail: CSV, or JSON with $format=application/json)',
  produces: 'events',
  containers: ['csv', 'json-page', 'json-array', 'ndjson', 'json-object'],
  example:
    'Report Refresh Date,User Id,User Principal Name,Last Activity Date,Is Deleted,Deleted Date,Assigned Products,Team Chat Message Count,Private Chat Message Count,Call Count,Meeting Count,…,Audio Duration,Video Duration,Screen Share Duration,…,Report Period\n' +
    '2026-11-30,6f1b0a36-…,adele.vance@contoso.com,2026-11-27,False,,MICROSOFT 365 E5,4,37,3,9,…,PT2H14M5S,PT0S,PT12M,…,30',
  sniff,
  parse,
};
