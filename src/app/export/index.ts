// The exports over the store, for the CLI (`sleetwatch export …`) and the API (GET /api/export/…): OCSF Detection
// Findings, the CSV report, the STIX bundle of shared infrastructure, and CEF lines of the alerts (over syslog).
import type { Config } from '../../core/config.ts';
import { SYSLOG_FACILITIES } from '../../core/notify-config.ts';
import type { Alert } from '../../core/respond.ts';
import type { Store } from '../../store/types.ts';
import { pseudonymiser } from '../notify/pseudonym.ts';
import { alertToCef } from './cef.ts';
import { toCsv } from './csv.ts';
import { casesByPerson, peopleWithFindings } from './load.ts';
import { toOcsf } from './ocsf.ts';
import { toStixBundle } from './stix.ts';
import { syslogMessage, type SyslogHeader } from './syslog.ts';
import type { ExportView } from './view.ts';

export type { ExportView } from './view.ts';

/**
 * The view of an export: pseudonyms unless identities are asked for, under the key in the configured environment
 * variable when set, else `storeKeyHex` (the store's own key, the one the web UI and the API use), else a random key.
 */
export function exportView(config: Config, env: Record<string, string | undefined>, identities = false, storeKeyHex?: string): ExportView {
  const override = env[config.notifications.pseudonymKeyEnv];
  return { identities, pseudonym: pseudonymiser(override || (storeKeyHex ? Buffer.from(storeKeyHex, 'hex') : undefined)) };
}

export async function exportOcsf(store: Store, view: ExportView, productVersion: string): Promise<Record<string, unknown>[]> {
  return toOcsf(await peopleWithFindings(store), await casesByPerson(store), view, productVersion);
}

export async function exportCsv(store: Store, view: ExportView): Promise<string> {
  return toCsv(await peopleWithFindings(store), await casesByPerson(store), view);
}

export async function exportStix(store: Store, view: ExportView): Promise<{ bundle: Record<string, unknown>; withheld: number }> {
  return toStixBundle(await peopleWithFindings(store), { identities: view.identities });
}

/** Every alert (oldest first), from the cases. */
export async function allAlerts(store: Store): Promise<Alert[]> {
  const cases = await store.respond().listCases({ limit: 10_000 });
  const alerts: Alert[] = [];
  for (const c of cases) alerts.push(...((await store.respond().getCase(c.id))?.alerts ?? []));
  return alerts.sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The longest prefix of `s` within `bytes` UTF-8 bytes, without a trailing unpaired escape backslash. */
export function cutUtf8(s: string, bytes: number): string {
  let out = Buffer.from(s, 'utf8').subarray(0, bytes).toString('utf8');
  if (out.endsWith('\ufffd') && !s.startsWith(out)) out = out.slice(0, -1); // a character cut in half
  const trailing = /\\+$/.exec(out)?.[0].length ?? 0;
  return trailing % 2 === 1 ? out.slice(0, -1) : out;
}

const SYSLOG_SEVERITY = { high: 2, medium: 4, low: 5 } as const; // critical, warning, notice

/** The alerts as CEF lines, and as RFC 5424 messages (each within `maxBytes` when given: UDP). */
export function cefMessages(
  alerts: readonly Alert[],
  view: ExportView,
  o: { version: string; config: Config; maxBytes?: number; hostname?: string },
): { cef: string[]; syslog: string[] } {
  const sys = o.config.exports.syslog;
  const cef: string[] = [];
  const syslog: string[] = [];
  for (const a of alerts) {
    const label = view.identities ? a.subject.id : view.pseudonym(a.subject);
    const header: SyslogHeader = { facility: SYSLOG_FACILITIES[sys.facility], severity: SYSLOG_SEVERITY[a.level], time: new Date(a.raisedAt), appName: sys.appName, msgId: 'alert', ...(o.hostname ? { hostname: o.hostname } : {}) };
    // Too long for a datagram: shorten the msg extension (never cut through an escape sequence).
    let msgMax = 1023;
    let line = alertToCef(a, { version: o.version, subjectLabel: label, msgMax });
    let m = syslogMessage(header, line);
    while (o.maxBytes !== undefined && Buffer.byteLength(m, 'utf8') > o.maxBytes && msgMax > 0) {
      msgMax = Math.floor(msgMax / 2);
      line = alertToCef(a, { version: o.version, subjectLabel: label, msgMax });
      m = syslogMessage(header, line);
    }
    if (o.maxBytes !== undefined && Buffer.byteLength(m, 'utf8') > o.maxBytes) {
      // Still too long (a long header): cut the line, at a character boundary and never after a lone escape backslash.
      const room = o.maxBytes - (Buffer.byteLength(m, 'utf8') - Buffer.byteLength(line, 'utf8'));
      line = cutUtf8(line, Math.max(0, room));
      m = syslogMessage(header, line);
    }
    cef.push(line);
    syslog.push(m);
  }
  return { cef, syslog };
}
