// `sleetwatch export ocsf|cef|stix|csv [--out FILE] [--syslog udp://host:514|tcp://host:601] [--identities]`, as a
// function (src/cli/main.ts declares the command). Without --out the export goes to stdout; cef with --syslog is
// sent as RFC 5424 messages instead. Pseudonymised unless --identities.
import type { Config } from '../../core/config.ts';
import type { Store } from '../../store/types.ts';
import { allAlerts, cefMessages, exportCsv, exportOcsf, exportStix, exportView } from './index.ts';
import { parseSyslogUrl, sendSyslog } from './syslog.ts';

export const EXPORT_FORMATS = ['ocsf', 'cef', 'stix', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRun {
  /** What to write (to --out or stdout); absent when sent to syslog. */
  text?: string;
  /** Messages for stderr. */
  notes: string[];
}

export async function runExport(
  store: Store,
  config: Config,
  format: ExportFormat,
  o: { version: string; identities?: boolean; syslog?: string; env?: Record<string, string | undefined> },
): Promise<ExportRun> {
  const env = o.env ?? process.env;
  // The store's pseudonym key: the same pseudonyms as the web UI, the API and notifications.
  const view = exportView(config, env, o.identities === true, await store.auth().secret('pseudonym'));
  const notes: string[] = [];
  if (o.syslog !== undefined && format !== 'cef') throw new Error('--syslog sends CEF: use it with `export cef`');
  switch (format) {
    case 'ocsf': {
      const events = await exportOcsf(store, view, o.version);
      notes.push(`${events.length} OCSF Detection Finding event(s)`);
      return { text: JSON.stringify(events, null, 2) + '\n', notes };
    }
    case 'csv':
      return { text: await exportCsv(store, view), notes };
    case 'stix': {
      const { bundle, withheld } = await exportStix(store, view);
      if (withheld > 0) notes.push(`${withheld} shared e-mail address(es) or phone number(s) left out (personal data): add --identities to include them`);
      return { text: JSON.stringify(bundle, null, 2) + '\n', notes };
    }
    case 'cef': {
      const alerts = await allAlerts(store);
      if (o.syslog === undefined) return { text: cefMessages(alerts, view, { version: o.version, config }).cef.map((l) => l + '\n').join(''), notes };
      const target = parseSyslogUrl(o.syslog);
      const sys = config.exports.syslog;
      const { syslog } = cefMessages(alerts, view, { version: o.version, config, ...(target.transport === 'udp' ? { maxBytes: sys.udpMaxBytes } : {}) });
      await sendSyslog(target, syslog, { timeoutMs: sys.timeoutMs });
      notes.push(`${syslog.length} alert(s) sent as CEF over syslog ${target.transport}://${target.host}:${target.port}`);
      return { notes };
    }
  }
}
