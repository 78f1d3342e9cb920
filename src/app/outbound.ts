// Every outbound call sleetwatch makes (containment connectors, webhooks, Slack, Teams, SMTP, syslog) is checked here
// against the one admin allow-list (config outbound.allow, src/core/outbound-config.ts): the target must match an entry
// (scheme://host[:port], scheme https, http, smtp, smtps, syslog+udp or syslog+tcp); the host is resolved and each address must be
// public unless the entry names that very address (so a loopback fake on 127.0.0.1:PORT works only because the
// allow-list says 127.0.0.1:PORT); https unless the entry says http; no credentials in the URL; redirects are never
// followed. safeFetch (HTTP) and the SMTP and syslog senders connect to the address that was checked (no second DNS
// answer in between: DNS rebinding).
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { OUTBOUND_SCHEMES, type OutboundScheme } from '../core/outbound-config.ts';

/** Why an outbound call was refused before (or instead of) being sent. */
export class OutboundRefused extends Error {
  readonly code: string = 'outbound-refused';
}

/** The target answered with a redirect, which is never followed (it could lead off the allow-list). */
export class OutboundRedirect extends OutboundRefused {
  override readonly code = 'outbound-redirect';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface AllowRule {
  scheme: OutboundScheme;
  /** Lower case; an IPv6 literal without brackets. */
  host: string;
  port: number;
  /** The entry names an IP address (that address may be private or loopback). */
  literal: boolean;
  entry: string;
}

const DEFAULT_PORT: Record<OutboundScheme, number> = OUTBOUND_SCHEMES;
const isScheme = (s: string): s is OutboundScheme => Object.hasOwn(OUTBOUND_SCHEMES, s);
const ENTRY = /^(https?|smtps?|syslog\+udp|syslog\+tcp):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/i;
/** Where to fix a refusal (error messages name it). */
export const ALLOW_KEY = 'outbound.allow';

const unbracket = (h: string): string => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h).toLowerCase().replace(/\.$/, '');

/** Parse allow-list entries; a malformed one throws (the config schema already refuses them). */
export function parseAllowList(entries: readonly string[]): AllowRule[] {
  return entries.map((entry) => {
    const m = ENTRY.exec(entry.trim());
    if (!m) throw new OutboundRefused(`outbound allow-list entry ${JSON.stringify(entry)} is not scheme://host[:port]`);
    const scheme = m[1].toLowerCase() as OutboundScheme;
    const host = unbracket(m[2]);
    const port = m[3] === undefined ? DEFAULT_PORT[scheme] : Number(m[3]);
    if (!(port > 0 && port < 65536)) throw new OutboundRefused(`outbound allow-list entry ${entry} has no valid port`);
    return { scheme, host, port, literal: isIP(host) !== 0, entry };
  });
}

// Addresses never called unless an entry names them: this host, private networks, link-local (cloud metadata at
// 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, multicast, reserved and documentation ranges.
const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) BLOCKED.addSubnet(net, bits, 'ipv6');

/** IPv4 embedded in an IPv4-mapped or -compatible IPv6 address (::ffff:10.0.0.1, ::ffff:a00:1), else undefined. */
function embeddedV4(addr: string): string | undefined {
  const m = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(addr) ?? undefined;
  if (m) return m[1];
  const h = /^(?:0{0,4}:){0,5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(addr.replace(/^::/, '0:0:0:0:0:'));
  if (!h) return undefined;
  const a = parseInt(h[1], 16);
  const b = parseInt(h[2], 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** True for an address outbound calls avoid: loopback, private, link-local, metadata, reserved. */
export function isPrivateAddress(address: string): boolean {
  const fam = isIP(address);
  if (fam === 4) return BLOCKED.check(address, 'ipv4');
  if (fam === 6) {
    const v4 = embeddedV4(address.toLowerCase());
    if (v4 !== undefined && isIP(v4) === 4) return BLOCKED.check(v4, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export interface CheckedTarget {
  url: URL;
  rule: AllowRule;
  /** The address to connect to (checked). */
  address: string;
  family: 4 | 6;
}

/** A URL for messages: origin and path, never query, fragment or credentials. */
export const redactUrl = (u: URL | string): string => {
  try {
    const x = typeof u === 'string' ? new URL(u) : u;
    return `${x.protocol}//${x.host}${x.pathname}`;
  } catch {
    return '(not a URL)';
  }
};

/**
 * Check `url` against the allow-list and resolve it. Throws OutboundRefused with a reason an admin can act on:
 * not allowed, plain http, credentials in the URL, or a private address the entry does not name.
 */
export async function checkOutbound(url: string | URL, allow: readonly string[] | readonly AllowRule[], opts: { resolve?: Resolver } = {}): Promise<CheckedTarget> {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new OutboundRefused('the outbound URL is not a valid URL');
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  if (!isScheme(scheme)) throw new OutboundRefused(`outbound calls use https (or http where allowed), smtp(s) or syslog+udp/tcp, not ${scheme}: ${redactUrl(u)}`);
  if (u.username !== '' || u.password !== '') throw new OutboundRefused(`outbound URLs carry no credentials: ${redactUrl(u)}`);
  const host = unbracket(u.hostname);
  const port = u.port === '' ? DEFAULT_PORT[scheme] : Number(u.port);
  const rules = (allow.length > 0 && typeof allow[0] !== 'string' ? allow : parseAllowList(allow as readonly string[])) as readonly AllowRule[];
  const rule = rules.find((r) => r.host === host && r.port === port && r.scheme === scheme);
  if (!rule) {
    const https = rules.find((r) => r.host === host && r.scheme === 'https');
    if (scheme === 'http' && https) {
      throw new OutboundRefused(`${redactUrl(u)} is plain http; the allow-list allows only https for ${host}:${https.port}`);
    }
    throw new OutboundRefused(`${scheme}://${u.host} is not on the outbound allow-list (${ALLOW_KEY})`);
  }
  let answers: { address: string; family: number }[];
  if (isIP(host) !== 0) answers = [{ address: host, family: isIP(host) }];
  else {
    try {
      answers = await (opts.resolve ?? systemResolver)(host);
    } catch (e) {
      throw new OutboundRefused(`cannot resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (answers.length === 0) throw new OutboundRefused(`cannot resolve ${host}: no address`);
  // Every answer must be acceptable: a name that also resolves to an internal address is refused outright.
  for (const a of answers) {
    const named = rule.literal && isIP(rule.host) !== 0 && normalizeIp(rule.host) === normalizeIp(a.address);
    if (isPrivateAddress(a.address) && !named) {
      throw new OutboundRefused(
        `${host} resolves to ${a.address}, a loopback, private, link-local or reserved address; only an allow-list entry naming that address allows it`,
      );
    }
  }
  const first = answers[0];
  return { url: u, rule, address: first.address, family: first.family === 6 ? 6 : 4 };
}

const normalizeIp = (a: string): string => {
  const v4 = isIP(a) === 6 ? embeddedV4(a.toLowerCase()) : undefined;
  if (v4) return v4;
  if (isIP(a) !== 6) return a;
  // Expand :: so 0:0:0:0:0:0:0:1 and ::1 compare equal.
  const [head, tail = ''] = a.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const mid = a.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...mid, ...t].map((x) => parseInt(x, 16).toString(16)).join(':');
};

export interface SafeResponse {
  status: number;
  headers: Headers;
  /** The body as text, at most `maxBytes` (longer bodies are cut; `truncated` says so). */
  text: string;
  truncated: boolean;
}

export interface SafeFetchOptions {
  allow: readonly string[] | readonly AllowRule[];
  /** The whole exchange, body included (default 10 s). */
  timeoutMs?: number;
  /** Largest body read (default 1 MiB). */
  maxBytes?: number;
  resolve?: Resolver;
}

/**
 * fetch through the allow-list: checked first, then connected to the checked address (TLS still verifies the host
 * name), redirects refused (a 3xx is an OutboundRefused naming the Location's origin), the body read to a bound.
 * Network errors and timeouts are thrown as they come (the caller decides about retries).
 */
export async function safeFetch(url: string | URL, init: { method?: string; headers?: Record<string, string>; body?: string }, opts: SafeFetchOptions): Promise<SafeResponse> {
  const target = await checkOutbound(url, opts.allow, { resolve: opts.resolve });
  if (target.rule.scheme !== 'http' && target.rule.scheme !== 'https') throw new OutboundRefused(`safeFetch speaks http(s) only, not ${target.rule.scheme}`);
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const agent = new Agent({ connect: { lookup: pinned }, connections: 1, pipelining: 0 });
  try {
    const res = await undiciFetch(target.url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
      dispatcher: agent,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      await res.body?.cancel().catch(() => undefined);
      const loc = res.headers.get('location');
      throw new OutboundRedirect(`${redactUrl(target.url)} answered ${res.status} redirecting to ${loc ? redactUrl(new URL(loc, target.url)) : 'nowhere'}; redirects are not followed`, res.status);
    }
    const { text, truncated } = await readBounded(res.body, opts.maxBytes ?? 1024 * 1024);
    return { status: res.status, headers: res.headers as unknown as Headers, text, truncated };
  } finally {
    await agent.close().catch(() => undefined);
  }
}

async function readBounded(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: '', truncated: false };
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (n + value.byteLength > max) {
      parts.push(value.subarray(0, max - n));
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    parts.push(value);
    n += value.byteLength;
  }
  return { text: Buffer.concat(parts).toString('utf8'), truncated };
}
