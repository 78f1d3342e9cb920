// RFC 5424 syslog messages, sent over UDP (RFC 5426: one message per datagram) or TCP with octet-counting framing
// (RFC 6587 §3.4.1: "MSG-LEN SP SYSLOG-MSG", so a message may hold any byte, line breaks included).
//   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG      (PRI = facility × 8 + severity; '-' = no SD)
import { createSocket } from 'node:dgram';
import { hostname as osHostname } from 'node:os';
import { connect } from 'node:net';
import { isIP } from 'node:net';

export interface SyslogTarget {
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
}

/** `udp://host:514` or `tcp://host:601` (IPv6 in brackets). */
export function parseSyslogUrl(s: string): SyslogTarget {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`--syslog: expected udp://host:port or tcp://host:port, got '${s.slice(0, 200)}'`);
  }
  const transport = u.protocol === 'udp:' ? 'udp' : u.protocol === 'tcp:' ? 'tcp' : undefined;
  if (!transport) throw new Error(`--syslog: the scheme must be udp:// or tcp://, got ${u.protocol}//`);
  if (u.pathname && u.pathname !== '/' && u.pathname !== '') throw new Error('--syslog: no path after host:port');
  const port = u.port ? Number(u.port) : transport === 'udp' ? 514 : 601;
  return { transport, host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

/** PRINTUSASCII (33-126) only, at most `max` characters, '-' when empty (RFC 5424 §6.2). */
const field = (s: string, max: number): string => s.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-';

export interface SyslogHeader {
  facility: number;
  /** 0 emergency … 7 debug */
  severity: number;
  time: Date;
  appName: string;
  msgId: string;
  hostname?: string;
  procId?: string;
}

/** One RFC 5424 message (without transport framing). MSG is UTF-8 without a BOM (MSG-ANY). */
export function syslogMessage(h: SyslogHeader, msg: string): string {
  const pri = h.facility * 8 + h.severity;
  return `<${pri}>1 ${h.time.toISOString()} ${field(h.hostname ?? osHostname(), 255)} ${field(h.appName, 48)} ${field(h.procId ?? String(process.pid), 128)} ${field(h.msgId, 32)} - ${msg}`;
}

/** RFC 6587 octet counting: the byte length of the message, a space, the message. */
export const octetFrame = (m: string): string => `${Buffer.byteLength(m, 'utf8')} ${m}`;

/** Send messages; resolves when every datagram was handed to the OS (UDP) or the connection closed cleanly (TCP). */
export async function sendSyslog(t: SyslogTarget, messages: readonly string[], opts: { timeoutMs: number }): Promise<void> {
  if (t.transport === 'udp') {
    const sock = createSocket(isIP(t.host) === 6 ? 'udp6' : 'udp4');
    try {
      for (const m of messages) {
        await new Promise<void>((resolve, reject) => sock.send(Buffer.from(m, 'utf8'), t.port, t.host, (e) => (e ? reject(e) : resolve())));
      }
    } finally {
      sock.close();
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const s = connect({ host: t.host, port: t.port });
    s.setTimeout(opts.timeoutMs, () => s.destroy(new Error(`syslog tcp://${t.host}:${t.port}: timed out after ${opts.timeoutMs} ms`)));
    s.once('error', reject);
    s.once('connect', () => {
      for (const m of messages) s.write(octetFrame(m), 'utf8');
      s.end();
    });
    s.once('close', (hadError) => (hadError ? undefined : resolve()));
  });
}
