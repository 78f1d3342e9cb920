// The one admin allow-list of every outbound target: containment connectors, notification webhooks (generic, Slack,
// Teams), SMTP relays and syslog receivers (src/app/outbound.ts checks it). Pure (zod only).
import { z } from 'zod';

/** Schemes an entry may name and the port an entry without one means. */
export const OUTBOUND_SCHEMES = {
  https: 443,
  http: 80,
  /** SMTP submission (STARTTLS, or plain to a relay when the channel says requireTLS: false). */
  smtp: 587,
  /** SMTP with implicit TLS. */
  smtps: 465,
  /** Syslog over UDP (RFC 5426) and TCP (RFC 6587). */
  'syslog+udp': 514,
  'syslog+tcp': 601,
} as const;
export type OutboundScheme = keyof typeof OUTBOUND_SCHEMES;

/**
 * An allow-list entry: scheme://host[:port] (no path), scheme one of https, http, smtp, smtps, syslog+udp,
 * syslog+tcp. Only these targets are contacted; https unless the entry itself says http; a private, loopback or
 * link-local address only when the entry names that address.
 */
export const OutboundEntry = z
  .string()
  .max(300)
  .regex(/^(https?|smtps?|syslog\+udp|syslog\+tcp):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?$/i, 'must be scheme://host[:port] (https, http, smtp, smtps, syslog+udp, syslog+tcp)');

export const OutboundConfig = z.strictObject({
  /** Every outbound target (connectors, webhooks, Slack, Teams, SMTP, syslog) must match one of these. */
  allow: z.array(OutboundEntry).max(1000).default([]),
});
export type OutboundConfig = z.infer<typeof OutboundConfig>;
