// Sending one notification to one channel: an HTTP POST (generic signed webhook, Slack, Teams), an SMTP message or a
// syslog CEF line. Every target goes through the one outbound allow-list (config outbound.allow, ../outbound.ts):
// HTTP by safeFetch; SMTP (smtp:// or smtps:// entries) and syslog (syslog+udp:// or syslog+tcp:// entries) are
// checked the same way and then connect to the checked address, not to a second DNS answer.
// Every attempt carries the outbox row's id as its idempotency key (header Idempotency-Key; the e-mail's Message-ID),
// so a receiver can drop the copy a retry after a crash sends again. Redirects are not followed (a redirect could
// leave the allow-list); a 4xx other than 408/429 will not get better by retrying.
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { Channel } from '../../core/notify-config.ts';
import type { NotifyEvent } from '../../core/notify.ts';
import { checkOutbound, OutboundRedirect, OutboundRefused, safeFetch, type AllowRule, type Resolver } from '../outbound.ts';
import { emailMessage, render, slackPayload, teamsPayload, webhookBody } from './render.ts';
import { SIGNATURE_HEADER, sign } from './signature.ts';
import { eventToCef } from '../export/cef.ts';
import { parseSyslogUrl, sendSyslog, syslogMessage } from '../export/syslog.ts';
import { SYSLOG_FACILITIES, type ExportConfig } from '../../core/notify-config.ts';

export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

export interface SendContext {
  /** The outbound allow-list (config outbound.allow) and, for tests, the resolver its checks use. */
  outbound: { allow: readonly string[] | readonly AllowRule[]; resolve?: Resolver };
  env: Record<string, string | undefined>;
  now: number;
  timeoutMs: number;
  pseudonym: string;
  baseUrl?: string;
  /** The syslog channel's framing (config exports.syslog) and the product version in CEF headers. */
  syslog?: ExportConfig['syslog'];
  version?: string;
}

const retryAfter = (h: string | null): number | undefined => {
  if (!h) return undefined;
  if (/^\d{1,6}$/.test(h.trim())) return Number(h.trim()) * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

/** The largest answer body read from a webhook (only its status matters). */
const ANSWER_MAX_BYTES = 64 * 1024;

async function post(url: URL, body: string, headers: Record<string, string>, ctx: SendContext): Promise<SendResult> {
  let res: Awaited<ReturnType<typeof safeFetch>>;
  try {
    res = await safeFetch(
      url,
      { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } },
      { allow: ctx.outbound.allow, resolve: ctx.outbound.resolve, timeoutMs: ctx.timeoutMs, maxBytes: ANSWER_MAX_BYTES },
    );
  } catch (e) {
    // A redirect will not stop being one; a refused target is a configuration problem an admin may fix (retryable).
    if (e instanceof OutboundRedirect) return { ok: false, permanent: true, error: `POST ${url.host}: HTTP ${e.status}: ${e.message}` };
    if (e instanceof OutboundRefused) throw e;
    const err = e as Error & { cause?: { code?: string } };
    return { ok: false, permanent: false, error: `POST ${url.host}: ${err.cause?.code ?? err.message}` };
  }
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  const ra = retryAfter(res.headers.get('retry-after'));
  return { ok: false, permanent, error: `POST ${url.host}: HTTP ${res.status}`, ...(ra !== undefined ? { retryAfterMs: ra } : {}) };
}

function targetUrl(ch: Extract<Channel, { type: 'webhook' | 'slack' | 'teams' }>, env: SendContext['env']): URL {
  const raw = ch.url ?? (ch.urlEnv ? env[ch.urlEnv] : undefined);
  if (!raw) throw new Error(`channel ${ch.name}: environment variable ${ch.urlEnv} (its URL) is not set`);
  try {
    return new URL(raw);
  } catch {
    throw new Error(`channel ${ch.name}: its URL is not a valid URL`);
  }
}

/** Send `e` (outbox row `id`) to `ch`. Configuration problems (unset secrets, refused hosts) are retryable failures. */
export async function send(ch: Channel, id: string, e: NotifyEvent, ctx: SendContext): Promise<SendResult> {
  const r = render(e, ctx.pseudonym, ctx.baseUrl);
  const common = { 'idempotency-key': id, 'x-sleetwatch-event': e.type, 'user-agent': 'sleetwatch-notify' };
  try {
    if (ch.type === 'email') {
      const host = ch.host.replace(/^\[|\]$/g, '');
      const target = await checkOutbound(`${ch.secure ? 'smtps' : 'smtp'}://${isIP(host) === 6 ? `[${host}]` : host}:${ch.port}`, ctx.outbound.allow, { resolve: ctx.outbound.resolve });
      const user = ch.userEnv ? ctx.env[ch.userEnv] : undefined;
      const pass = ch.passEnv ? ctx.env[ch.passEnv] : undefined;
      const transport = nodemailer.createTransport({
        // The checked address; TLS still verifies the certificate against the configured name.
        host: target.address,
        port: ch.port,
        secure: ch.secure,
        requireTLS: !ch.secure && ch.requireTLS,
        ...(isIP(host) === 0 ? { tls: { servername: host } } : {}),
        ...(user !== undefined ? { auth: { user, pass: pass ?? '' } } : {}),
        connectionTimeout: ctx.timeoutMs,
        greetingTimeout: ctx.timeoutMs,
        socketTimeout: ctx.timeoutMs,
      });
      try {
        const m = emailMessage(r);
        await transport.sendMail({ from: ch.from, to: ch.to, subject: m.subject, text: m.text, messageId: `<${id}@sleetwatch>`, headers: { 'X-Sleetwatch-Idempotency-Key': id, 'X-Sleetwatch-Event': e.type } });
      } finally {
        transport.close();
      }
      return { ok: true };
    }
    if (ch.type === 'syslog') {
      const t = parseSyslogUrl(ch.url);
      const target = await checkOutbound(`syslog+${t.transport}://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`, ctx.outbound.allow, { resolve: ctx.outbound.resolve });
      const sys = ctx.syslog ?? { facility: 'authpriv' as const, appName: 'sleetwatch', udpMaxBytes: 2048, timeoutMs: ctx.timeoutMs };
      const cef = eventToCef(e, { version: ctx.version ?? '0', id, pseudonym: ctx.pseudonym, title: r.title, text: r.text });
      const severity = e.level === 'high' ? 2 : e.level === 'medium' ? 4 : 5;
      let msg = syslogMessage({ facility: SYSLOG_FACILITIES[sys.facility], severity, time: new Date(ctx.now), appName: sys.appName, msgId: e.type.replace(/\./g, '-') }, cef);
      if (t.transport === 'udp' && Buffer.byteLength(msg, 'utf8') > sys.udpMaxBytes) msg = Buffer.from(msg, 'utf8').subarray(0, sys.udpMaxBytes).toString('utf8').replace(/\ufffd$/, '');
      await sendSyslog({ ...t, host: target.address }, [msg], { timeoutMs: ctx.timeoutMs });
      return { ok: true };
    }
    const url = targetUrl(ch, ctx.env);
    if (ch.type === 'slack') return await post(url, JSON.stringify(slackPayload(r)), common, ctx);
    if (ch.type === 'teams') return await post(url, JSON.stringify(teamsPayload(r)), common, ctx);
    const secret = ctx.env[ch.secretEnv];
    if (!secret) throw new Error(`channel ${ch.name}: environment variable ${ch.secretEnv} (the signing secret) is not set`);
    const body = JSON.stringify(webhookBody(id, e, ctx.pseudonym, r));
    return await post(url, body, { ...common, [SIGNATURE_HEADER]: sign(body, secret, ctx.now) }, ctx);
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    // SMTP 5xx replies (a rejected recipient) are permanent; 4xx and network errors are worth a retry.
    return { ok: false, permanent: typeof code === 'number' && code >= 500, error: String((err as Error).message ?? err).slice(0, 500) };
  }
}
