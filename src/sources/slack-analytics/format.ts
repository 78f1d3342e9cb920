// Slack member analytics (Web API `admin.analytics.getFile` with type=member, Enterprise Grid): a gzip of NDJSON, one
// object per member per day (the reader unpacks gzip by its first bytes). One line → one `usage` event for that day:
// messages posted, Slack calls, huddles, and whether the member was active at all.
import type { Identifier, NormalizedEvent, Origin, UsageFacts } from '../../core/model.ts';
import { implausibleMessage, implausibleTime } from '../timestamps.ts';
import { notAPerson, type EventFormat, type ParseOutcome } from '../types.ts';
import { isObj, looksLikeEmail, type Obj } from '../okta-systemlog/values.ts';
import { calendarDate, count, dayText, flag, isBad, isEmpty, show } from '../teams-activity/values.ts';

const SOURCE = 'slack-analytics';

/** Fixed ignore reasons (counted per input; never record data). */
export const GUEST = 'Slack guest account (is_guest: not a full member)';
export const DELETED = 'deleted Slack account';
export const BOT = notAPerson('Slack bot or app user');
export const NO_EMAIL = notAPerson('Slack account without an e-mail address (bot or app user)');

type Reject = { ok: false; field: string; message: string };
const reject = (field: string, message: string): Reject => ({ ok: false, field, message });

/** Longest Slack id accepted (real ones are 9–11 characters: T…, E…, U…, W…). */
const MAX_ID = 32;
/** Longest employee number accepted (a SCIM custom attribute; real ones are short). */
const MAX_EMPLOYEE_NUMBER = 64;

/** A Slack id: upper-case letters and digits. */
function isSlackId(s: string): boolean {
  if (s.length === 0 || s.length > MAX_ID) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** The first of `keys` present (not null / empty) in the record: its key and value. */
function pick(r: Obj, ...keys: string[]): { key: string; value: unknown } | undefined {
  for (const k of keys) if (!isEmpty(r[k])) return { key: k, value: r[k] };
  return undefined;
}

/** An id field: absent → undefined; a Slack id → its text; else a rejection naming the field. */
function slackId(r: Obj, ...keys: string[]): string | undefined | Reject {
  const p = pick(r, ...keys);
  if (p === undefined) return undefined;
  if (typeof p.value !== 'string' || !isSlackId(p.value)) return reject(p.key, `not a Slack id: ${show(p.value)}`);
  return p.value;
}
const isReject = (v: unknown): v is Reject => typeof v === 'object' && v !== null && (v as Reject).ok === false;

function parse(record: unknown, origin: Origin): ParseOutcome<NormalizedEvent> {
  if (!isObj(record)) return reject('(record)', 'not a JSON object (one member analytics line)');

  // Not a full human member: ignored (valid rows, nothing to measure about an employee).
  const guest = flag(record.is_guest);
  if (isBad(guest)) return reject('is_guest', guest.bad);
  for (const k of ['is_deleted', 'deleted'] as const) {
    const f = flag(record[k]);
    if (isBad(f)) return reject(k, f.bad);
    if (f === true) return { ok: 'ignored', reason: DELETED };
  }
  for (const k of ['is_bot', 'is_app_user'] as const) {
    const f = flag(record[k]);
    if (isBad(f)) return reject(k, f.bad);
    if (f === true) return BOT;
  }
  if (guest === true) return { ok: 'ignored', reason: GUEST };

  const date = calendarDate(record.date);
  if (date === undefined) return reject('date', 'missing');
  if (isBad(date)) return reject('date', date.bad);
  const why = implausibleTime(date);
  if (why !== undefined) return reject('date', implausibleMessage(String(record.date), why));

  const user = slackId(record, 'user_id', 'enterprise_user_id');
  if (user === undefined) return reject('user_id', 'missing');
  if (isReject(user)) return user;
  const team = slackId(record, 'team_id', 'enterprise_id');
  if (team === undefined) return reject('team_id', 'missing (no team_id or enterprise_id)');
  if (isReject(team)) return team;

  const email = record.email_address;
  if (isEmpty(email)) return NO_EMAIL;
  if (typeof email !== 'string' || !looksLikeEmail(email.trim())) return reject('email_address', `not an e-mail address: ${show(email)}`);
  const ids: Identifier[] = [{ kind: 'email', value: email.trim() }];
  const emp = record.enterprise_employee_number;
  if (!isEmpty(emp)) {
    const text = typeof emp === 'number' && Number.isInteger(emp) && emp >= 0 ? String(emp) : typeof emp === 'string' ? emp.trim() : undefined;
    if (text === undefined || text.length > MAX_EMPLOYEE_NUMBER)
      return reject('enterprise_employee_number', `not an employee number: ${show(emp)}`);
    ids.push({ kind: 'employeeId', value: text });
  }

  // Validated even when not used, so a broken line is not half read.
  const billable = flag(record.is_billable_seat);
  if (isBad(billable)) return reject('is_billable_seat', billable.bad);
  const active = flag(record.is_active);
  if (isBad(active)) return reject('is_active', active.bad);

  const usage: UsageFacts = { periodDays: 1 };
  const messages = pick(record, 'messages_posted_count', 'messages_posted');
  if (messages !== undefined) {
    const n = count(messages.value);
    if (isBad(n)) return reject(messages.key, n.bad);
    usage.messages = n;
  }
  const calls = count(record.slack_calls_count);
  if (isBad(calls)) return reject('slack_calls_count', calls.bad);
  if (calls !== undefined) usage.calls = calls;
  const huddles = count(record.slack_huddles_count);
  if (isBad(huddles)) return reject('slack_huddles_count', huddles.bad);
  if (huddles !== undefined) usage.meetings = huddles;
  if (active !== undefined) usage.activeDays = active ? 1 : 0;

  const day = dayText(date);
  const event: NormalizedEvent = {
    id: `slack:${team}:${user}:${day}`,
    source: SOURCE,
    kind: 'usage',
    type: 'Slack member analytics (daily)',
    time: date,
    actor: { ids },
    outcome: 'unknown',
    usage,
    origin,
  };
  return { ok: true, items: [event] };
}

/**
 * A member analytics line: a `date`, a member id (`user_id` / `enterprise_user_id`) and one of the member fields
 * (`is_active`, `is_billable_seat`, `messages_posted_count`, `email_address`). Public channel analytics (channel_id,
 * no member) and every identity-provider format lack the member id.
 */
function sniff(record: unknown, container: string): boolean {
  if (container === 'csv' || !isObj(record)) return false;
  if (typeof record.date !== 'string') return false;
  if (typeof record.user_id !== 'string' && typeof record.enterprise_user_id !== 'string') return false;
  return 'is_active' in record || 'is_billable_seat' in record || 'messages_posted_count' in record || 'email_address' in record;
}

export const slackAnalytics: EventFormat = {
  id: SOURCE,
  title: 'Slack member analytics (admin.analytics.getFile type=member: gzip NDJSON, one line per member per day)',
  produces: 'events',
  containers: ['ndjson', 'json-array', 'json-object'],
  example:
    '{"enterprise_id":"E5UBAR8CH","date":"2020-10-05","user_id":"W1ZOSID3ZI2","email_address":"gstein@example.org","is_guest":false,"is_billable_seat":true,"is_active":true,' +
    '"is_active_ios":false,"is_active_android":false,"is_active_desktop":true,"reactions_added_count":23,"messages_posted_count":123,"channel_messages_posted_count":23,' +
    '"files_added_count":3,"is_active_apps":false,"is_active_workflows":true,"is_active_slack_connect":false,"total_calls_count":10,"slack_calls_count":4,' +
    '"slack_huddles_count":5,"search_count":1001,"date_claimed":1584810520}',
  sniff,
  parse,
};
