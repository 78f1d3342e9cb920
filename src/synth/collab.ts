// Collaboration: Microsoft Teams "user activity, user detail" reports (Graph
// GET /reports/getTeamsUserActivityUserDetail(period='D30'), CSV with a BOM, the documented header), one a week:
//   teams/TeamsUserActivityUserDetail-D30-YYYY-MM-DD.csv
// Each person's day in Teams is drawn from their department's habits (chat, calls, meetings, time on camera, screen
// sharing) times their own (log-normal), on the days they work; a report sums the 30 days before its refresh date.
// Planted and honest oddities come from the story tags (see README.md): the laptop-farm and rmm-after-enrolment
// workers next to never write or call and keep the camera off; the night shift never turns video on; quiet-in-chat
// engineers write little but meet on camera; camera-shy people keep it off.
import type { Rng } from './prng.ts';
import type { Person } from './roster.ts';
import { DAY } from './tz.ts';

/** The documented CSV header of the report (Microsoft Graph reportRoot: getTeamsUserActivityUserDetail), in order. */
export const TEAMS_HEADER = [
  'Report Refresh Date', 'Tenant Display Name', 'Shared Channel Tenant Display Names', 'User Id', 'User Principal Name', 'Last Activity Date', 'Is Deleted', 'Deleted Date',
  'Assigned Products', 'Team Chat Message Count', 'Private Chat Message Count', 'Call Count', 'Meeting Count', 'Post Messages', 'Reply Messages', 'Urgent Messages',
  'Meetings Organized Count', 'Meetings Attended Count', 'Ad Hoc Meetings Organized Count', 'Ad Hoc Meetings Attended Count', 'Scheduled One-time Meetings Organized Count',
  'Scheduled One-time Meetings Attended Count', 'Scheduled Recurring Meetings Organized Count', 'Scheduled Recurring Meetings Attended Count', 'Audio Duration', 'Video Duration',
  'Screen Share Duration', 'Audio Duration In Seconds', 'Video Duration In Seconds', 'Screen Share Duration In Seconds', 'Has Other Action', 'Is Licensed', 'Report Period',
] as const;

export const REPORT_PERIOD_DAYS = 30;
/** A report every week: its refresh date is the window's day 7, 14, 21… */
export const REPORT_EVERY_DAYS = 7;

/** Per working day: chat messages, calls, meetings; video = share of call/meeting time on camera; share = chance a meeting has a screen share. */
interface Habits {
  chat: number;
  calls: number;
  meetings: number;
  video: number;
  share: number;
}

const DEPARTMENT_HABITS: Record<string, Habits> = {
  Engineering: { chat: 22, calls: 0.4, meetings: 1.6, video: 0.5, share: 0.2 },
  Data: { chat: 18, calls: 0.4, meetings: 1.8, video: 0.5, share: 0.25 },
  Product: { chat: 30, calls: 0.8, meetings: 3.5, video: 0.6, share: 0.3 },
  Design: { chat: 20, calls: 0.5, meetings: 2.5, video: 0.65, share: 0.35 },
  Sales: { chat: 25, calls: 2.5, meetings: 3, video: 0.7, share: 0.3 },
  Marketing: { chat: 25, calls: 0.6, meetings: 2.2, video: 0.55, share: 0.2 },
  'Customer Support': { chat: 40, calls: 3, meetings: 0.8, video: 0.3, share: 0.25 },
  Finance: { chat: 15, calls: 0.6, meetings: 1.5, video: 0.45, share: 0.2 },
  People: { chat: 20, calls: 1.5, meetings: 2.5, video: 0.7, share: 0.1 },
  IT: { chat: 35, calls: 2.5, meetings: 1, video: 0.3, share: 0.4 },
  Legal: { chat: 10, calls: 1, meetings: 1.5, video: 0.4, share: 0.1 },
  Security: { chat: 18, calls: 0.5, meetings: 1.4, video: 0.45, share: 0.15 },
  // the night shift never turns the camera on (hard negative camera-off-team)
  'Support Operations': { chat: 20, calls: 1.5, meetings: 0.8, video: 0, share: 0.1 },
};

interface DayUse {
  team: number;
  priv: number;
  posts: number;
  calls: number;
  meetings: number;
  organized: number;
  adhoc: number;
  recurring: number;
  audio: number;
  video: number;
  screen: number;
}

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

/** ISO 8601 duration as Graph writes it in this report (PT14H3M12S, PT0S). */
export function isoDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (sec === 0) return 'PT0S';
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

export interface CollabInput {
  rng: Rng;
  people: Person[];
  startMs: number;
  days: number;
}

export interface CollabOutput {
  files: Map<string, string>;
  rows: number;
}

export function generateTeams(inp: CollabInput): CollabOutput {
  const { rng, people, startMs, days } = inp;
  const daily = new Map<Person, (DayUse | undefined)[]>();
  for (const p of people) {
    const h = DEPARTMENT_HABITS[p.department] ?? DEPARTMENT_HABITS.Engineering;
    const silent = p.tags.some((t) => t === 'planted:laptop-farm' || t === 'planted:rmm-after-enrolment');
    const quietChat = p.tags.includes('quiet-in-chat');
    const cameraShy = p.tags.includes('camera-shy');
    const chatMult = Math.exp(rng.normal(0, 0.45)) * (quietChat ? 0.06 : 1);
    const meetMult = Math.exp(rng.normal(0, 0.3));
    const video = cameraShy ? 0.01 : Math.min(0.95, h.video * Math.exp(rng.normal(0, 0.35)));
    const off = p.streams[0]?.offDays ?? new Set<number>();
    const from = p.hireDay ?? 0;
    const list: (DayUse | undefined)[] = new Array(days).fill(undefined);
    let workday = 0;
    for (let d = from; d < days; d++) {
      const wd = new Date(startMs + d * DAY).getUTCDay();
      if (wd === 0 || wd === 6 || off.has(d)) continue;
      workday++;
      const ramp = p.hireDay !== undefined && d - p.hireDay < 7 ? 0.6 : 1;
      let chat: number;
      let calls: number;
      let meetings: number;
      let vShare: number;
      let sShare: number;
      if (silent) {
        // The operators behind the identity: next to no chat, no calls, the team's recurring meeting every third
        // working day with the camera off and nothing shared.
        chat = poisson(rng, 0.1);
        calls = 0;
        meetings = workday % 3 === 0 ? 1 : 0;
        vShare = 0;
        sShare = 0;
      } else {
        chat = poisson(rng, h.chat * chatMult * ramp * Math.exp(rng.normal(0, 0.3)));
        calls = poisson(rng, h.calls * meetMult);
        meetings = poisson(rng, h.meetings * meetMult * ramp);
        vShare = video;
        sShare = h.share;
      }
      let audio = 0;
      for (let i = 0; i < meetings; i++) audio += rng.int(20, 55) * 60 + rng.int(0, 59);
      for (let i = 0; i < calls; i++) audio += rng.int(3, 25) * 60 + rng.int(0, 59);
      const videoSec = vShare > 0 ? Math.min(audio, Math.round(audio * vShare * rng.range(0.6, 1.3))) : 0;
      let screen = 0;
      for (let i = 0; i < meetings; i++) if (rng.chance(sShare)) screen += rng.int(4, 25) * 60;
      const team = Math.round(chat * rng.range(0.15, 0.4));
      const organized = meetings > 0 && rng.chance(0.2) ? 1 : 0;
      list[d] = {
        team,
        priv: chat - team,
        posts: Math.round(team * rng.range(0.2, 0.5)),
        calls,
        meetings,
        organized,
        adhoc: meetings > 0 && rng.chance(0.2) ? 1 : 0,
        recurring: Math.round(meetings * 0.6),
        audio,
        video: videoSec,
        screen,
      };
    }
    daily.set(p, list);
  }

  const files = new Map<string, string>();
  let rows = 0;
  const sorted = [...people].sort((a, b) => a.upn.localeCompare(b.upn));
  for (let r = REPORT_EVERY_DAYS; r <= days; r += REPORT_EVERY_DAYS) {
    const refresh = new Date(startMs + r * DAY).toISOString().slice(0, 10);
    const lines: string[] = [TEAMS_HEADER.join(',')];
    for (const p of sorted) {
      if (p.hireDay !== undefined && p.hireDay >= r) continue; // not yet in the tenant
      const list = daily.get(p)!;
      const sum: DayUse = { team: 0, priv: 0, posts: 0, calls: 0, meetings: 0, organized: 0, adhoc: 0, recurring: 0, audio: 0, video: 0, screen: 0 };
      let last: number | undefined;
      for (let d = Math.max(0, r - REPORT_PERIOD_DAYS); d < r; d++) {
        const u = list[d];
        if (!u) continue;
        for (const k of Object.keys(sum) as (keyof DayUse)[]) sum[k] += u[k];
        if (u.team + u.priv + u.calls + u.meetings > 0) last = d;
      }
      const active = last !== undefined;
      const attended = sum.meetings;
      const oneTime = Math.max(0, attended - sum.recurring - sum.adhoc);
      const cells: (string | number)[] = [
        refresh, 'Contoso', '', p.entraUserId, p.upn, active ? new Date(startMs + last! * DAY).toISOString().slice(0, 10) : '', 'False', '',
        p.userType === 'Contractor' ? 'MICROSOFT 365 E3' : 'MICROSOFT 365 E5', sum.team, sum.priv, sum.calls, sum.meetings, sum.posts, sum.team - sum.posts, 0,
        sum.organized, attended, Math.min(sum.adhoc, sum.organized), sum.adhoc, 0, oneTime, Math.min(sum.organized, sum.recurring), sum.recurring,
        active ? isoDuration(sum.audio) : '', active ? isoDuration(sum.video) : '', active ? isoDuration(sum.screen) : '', sum.audio, sum.video, sum.screen,
        active ? 'Yes' : 'No', 'Yes', REPORT_PERIOD_DAYS,
      ];
      lines.push(cells.map((c) => (typeof c === 'string' && /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : String(c))).join(','));
      rows++;
    }
    files.set(`teams/TeamsUserActivityUserDetail-D30-${refresh}.csv`, '\uFEFF' + lines.join('\n') + '\n');
  }
  return { files, rows };
}
