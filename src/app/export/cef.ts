// Alerts as ArcSight Common Event Format (CEF) lines, the format SIEMs take over syslog:
//   CEF:0|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
// Escaping per the CEF specification ("Implementing ArcSight Common Event Format", Micro Focus, rev. 25): in the
// header, backslash and pipe are escaped (\\ and \|); in extension values, backslash and equals sign (\\ and \=), and
// line breaks are written \n or \r. Nothing else is escaped. Header fields cannot hold line breaks: they become spaces.
// Extension keys are the spec's (rt, externalId, msg, cat, duser, duid, cs1..cs3 with labels, cn1 with label).
import type { Alert } from '../../core/respond.ts';
import type { NotifyEvent } from '../../core/notify.ts';

export const cefHeader = (s: string): string => s.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
export const cefValue = (s: string): string => s.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');

/** CEF severity 0-10 (3 low, 5 medium, 8 high). */
export const CEF_SEVERITY = { low: 3, medium: 5, high: 8 } as const;

export interface CefOptions {
  version: string;
  /** The subject as shown (pseudonym unless identities are exported). */
  subjectLabel: string;
  /** Longest msg in characters (the syslog UDP framing may ask for less). */
  msgMax?: number;
}

/** Control characters other than line breaks are dropped: a SIEM parser must not see them. */
const noCtl = (s: string): string => s.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g, ' ');

export function alertToCef(a: Alert, o: CefOptions): string {
  const top = [...a.contributions].sort((x, y) => y.likelihoodRatio - x.likelihoodRatio).slice(0, 3);
  const signature = top[0]?.detector ?? 'risk-rise';
  const name = `${a.subject.kind === 'person' ? 'Person' : 'Candidate'} risk rose to ${a.level}`;
  const reasons = top.map((t) => `${t.detector} (LR ${t.likelihoodRatio >= 100 ? t.likelihoodRatio.toFixed(0) : t.likelihoodRatio.toFixed(1)})`).join(', ');
  const msg = noCtl(`${o.subjectLabel} rose from ${a.previousLevel} to ${a.level} (risk ${a.risk})${reasons ? `: ${reasons}` : ''}`).slice(0, o.msgMax ?? 1023);
  const ext: [string, string][] = [
    ['rt', String(Date.parse(a.raisedAt))],
    ['externalId', a.id],
    ['cat', 'sleetwatch/alert'],
    ['duser', o.subjectLabel],
    ['cs1Label', 'caseId'],
    ['cs1', a.caseId],
    ['cs2Label', 'previousLevel'],
    ['cs2', a.previousLevel],
    ['cs3Label', 'subjectKind'],
    ['cs3', a.subject.kind],
    ['cn1Label', 'risk'],
    ['cn1', String(Math.round(a.risk))],
    ['msg', msg],
  ];
  const header = ['CEF:0', 'sleetwatch', 'sleetwatch', o.version, signature, name, String(CEF_SEVERITY[a.level])].map((h, i) => (i === 0 ? h : cefHeader(noCtl(h))));
  return `${header.join('|')}|${ext.map(([k, v]) => `${k}=${cefValue(noCtl(v))}`).join(' ')}`;
}

/** Parse a CEF line back (header fields and extension pairs, unescaped): what a SIEM does, for the tests and checks. */
export function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const header: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < line.length && header.length < 7; i++) {
    const c = line[i];
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) cur += line[++i];
    else if (c === '|') {
      header.push(cur);
      cur = '';
    } else cur += c;
  }
  const rest = line.slice(i);
  const ext: Record<string, string> = {};
  // Keys: word characters followed by an unescaped '='. Values run to the next ' key='.
  const re = /(?:^| )([A-Za-z0-9_]+)=/g;
  const marks: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    let bs = 0;
    for (let j = m.index - 1; j >= 0 && rest[j] === '\\'; j--) bs++;
    if (bs % 2 === 1) continue;
    marks.push({ key: m[1], start: m.index, end: m.index + m[0].length });
  }
  marks.forEach((mk, k) => {
    const raw = rest.slice(mk.end, k + 1 < marks.length ? marks[k + 1].start : rest.length);
    ext[mk.key] = raw.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch));
  });
  return { header, ext };
}

/**
 * A notification event as one CEF line (the syslog notification channel): signature = the event type, name = the
 * rendered title, externalId = the outbox row id (the idempotency key), duser = the pseudonym.
 */
export function eventToCef(e: NotifyEvent, o: { version: string; id: string; pseudonym: string; title: string; text: string }): string {
  const ext: [string, string][] = [
    ['rt', String(Date.parse(e.at))],
    ['externalId', o.id],
    ['cat', `sleetwatch/${e.type}`],
    ['duser', o.pseudonym],
    ['cs1Label', 'caseId'],
    ['cs1', e.caseId],
    ['cs3Label', 'subjectKind'],
    ['cs3', e.subject.kind],
    ...(e.risk !== undefined ? ([['cn1Label', 'risk'], ['cn1', String(Math.round(e.risk))]] as [string, string][]) : []),
    ['msg', noCtl(o.text).slice(0, 1023)],
  ];
  const sev = e.level ? CEF_SEVERITY[e.level] : 5;
  const header = ['CEF:0', 'sleetwatch', 'sleetwatch', o.version, e.type, o.title, String(sev)].map((h, i) => (i === 0 ? h : cefHeader(noCtl(h))));
  return `${header.join('|')}|${ext.map(([k, v]) => `${k}=${cefValue(noCtl(v))}`).join(' ')}`;
}
