// Which URLs notifications may go to. A small interface so the containment helper's outbound policy
// (src/app/outbound.ts, with DNS and private-address checks) can replace this host allow-list when merged.
// TODO(lead): swap allowListPolicy for the shared OutboundPolicy of src/app/outbound.ts once it is on main.
import { isIP } from 'node:net';

export interface OutboundPolicy {
  /** Throws an Error saying why when `url` may not be called. */
  check(url: URL): void | Promise<void>;
}

const LOOPBACK = (host: string): boolean => host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]' || host === '::1';

/** Host `h` matches entry `e`: the same name, or `*.suffix` for a subdomain of suffix (not suffix itself). */
export function hostMatches(h: string, e: string): boolean {
  const host = h.toLowerCase().replace(/\.$/, '');
  const entry = e.toLowerCase().replace(/\.$/, '');
  if (entry.startsWith('*.')) return host.endsWith(entry.slice(1)) && host.length > entry.length - 1;
  return host === entry;
}

/**
 * https:// (or smtp:// / smtps:// for e-mail channels) to a host on the list; http:// only to a listed loopback host when allowLoopbackHttp (a local relay or
 * test). No credentials in the URL, no IP literals unless listed exactly.
 */
export function allowListPolicy(opts: { allowedHosts: readonly string[]; allowLoopbackHttp: boolean }): OutboundPolicy {
  return {
    check(url: URL) {
      const host = url.hostname;
      if (url.username || url.password) throw new Error('outbound URL refused: it carries credentials');
      if (!opts.allowedHosts.some((e) => (isIP(host.replace(/^\[|\]$/g, '')) ? e === host : hostMatches(host, e)))) {
        throw new Error(`outbound URL refused: host ${host} is not on notifications.allowedHosts`);
      }
      if (['https:', 'smtp:', 'smtps:', 'syslog:'].includes(url.protocol)) return; // SMTP: TLS per channel (requireTLS); syslog: the SIEM's own network
      if (url.protocol === 'http:' && opts.allowLoopbackHttp && LOOPBACK(host)) return;
      throw new Error(`outbound URL refused: ${url.protocol}// (https:// only; http:// only to loopback with allowLoopbackHttp)`);
    },
  };
}
