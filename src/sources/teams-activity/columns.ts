// Columns of the Microsoft Teams user activity user-detail report. The CSV writes "Team Chat Message Count", the JSON
// output ($format=application/json) "teamChatMessageCount", and tools that turn the CSV into JSON (CLI for Microsoft
// 365) keep the CSV names as keys: all three are one key once case, spaces and punctuation are dropped.

export const COLUMNS = {
  reportrefreshdate: 'refresh',
  userid: 'userId',
  userprincipalname: 'upn',
  lastactivitydate: 'lastActivity',
  isdeleted: 'deleted',
  teamchatmessagecount: 'teamChat',
  privatechatmessagecount: 'privateChat',
  postmessages: 'post',
  replymessages: 'reply',
  callcount: 'calls',
  meetingcount: 'meetings',
  meetingsattendedcount: 'meetingsAttended',
  audioduration: 'audio',
  videoduration: 'video',
  screenshareduration: 'screen',
  audiodurationinseconds: 'audioSeconds',
  videodurationinseconds: 'videoSeconds',
  screensharedurationinseconds: 'screenSeconds',
  reportperiod: 'period',
} as const;
export type Column = (typeof COLUMNS)[keyof typeof COLUMNS];

/** The column's name as the CSV writes it and as the JSON output does: rejections name the one the record uses. */
export const NAMES: Record<Column, [csv: string, json: string]> = {
  refresh: ['Report Refresh Date', 'reportRefreshDate'],
  userId: ['User Id', 'userId'],
  upn: ['User Principal Name', 'userPrincipalName'],
  lastActivity: ['Last Activity Date', 'lastActivityDate'],
  deleted: ['Is Deleted', 'isDeleted'],
  teamChat: ['Team Chat Message Count', 'teamChatMessageCount'],
  privateChat: ['Private Chat Message Count', 'privateChatMessageCount'],
  post: ['Post Messages', 'postMessages'],
  reply: ['Reply Messages', 'replyMessages'],
  calls: ['Call Count', 'callCount'],
  meetings: ['Meeting Count', 'meetingCount'],
  meetingsAttended: ['Meetings Attended Count', 'meetingsAttendedCount'],
  audio: ['Audio Duration', 'audioDuration'],
  video: ['Video Duration', 'videoDuration'],
  screen: ['Screen Share Duration', 'screenShareDuration'],
  audioSeconds: ['Audio Duration In Seconds', 'audioDurationInSeconds'],
  videoSeconds: ['Video Duration In Seconds', 'videoDurationInSeconds'],
  screenSeconds: ['Screen Share Duration In Seconds', 'screenShareDurationInSeconds'],
  period: ['Report Period', 'reportPeriod'],
};

/** Longest key normalised: no report column is longer; a longer key is none of ours and is not scanned. */
const MAX_KEY = 64;

/** "Team Chat Message Count" / "teamChatMessageCount" → "teamchatmessagecount": ASCII letters and digits, lower case. */
export function normKey(key: string): string {
  if (key.length > MAX_KEY) return '';
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += key[i];
  }
  return out;
}

const cache = new Map<string, Column | null>();

/** The report column a key names, or undefined. */
export function columnOf(key: string): Column | undefined {
  let c = cache.get(key);
  if (c === undefined) {
    const k = normKey(key);
    c = Object.hasOwn(COLUMNS, k) ? COLUMNS[k as keyof typeof COLUMNS] : null;
    if (cache.size < 4096) cache.set(key, c);
  }
  return c ?? undefined;
}
