// Settings of notifications (src/app/notify/) and exports (src/app/export/): the channels alerts and case events are
// sent to, how delivery retries, and the syslog framing of CEF exports. Pure (zod only). Secrets (webhook URLs,
// signing secrets, SMTP passwords) are never in the file: each is read from the environment variable the config names.
import { z } from 'zod';

export const NotifyEventType = z.enum(['alert.raised', 'case.escalated', 'containment.awaiting-approval', 'sla.breached']);
export type NotifyEventType = z.infer<typeof NotifyEventType>;
export const NOTIFY_EVENTS = NotifyEventType.options;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name');
const Level = z.enum(['high', 'medium', 'low']);

const base = {
  /** A name of your choice, unique among channels (outbox rows and logs name it). */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
  /** Which events go to this channel (default: all). */
  events: z.array(NotifyEventType).min(1).default([...NotifyEventType.options]),
  /** Only alerts and cases at this level or higher (events without a level always go). */
  minLevel: Level.default('medium'),
};

/** Where an HTTP channel posts: `url` in the file, or (for URLs that are secrets, like Slack's) `urlEnv`. */
const httpTarget = {
  url: z.url().optional(),
  urlEnv: envName.optional(),
};
const oneUrl = (c: { url?: string; urlEnv?: string }) => (c.url === undefined) !== (c.urlEnv === undefined);
const oneUrlMessage = { message: 'give exactly one of url or urlEnv' };

export const WebhookChannel = z
  .strictObject({
    type: z.literal('webhook'),
    ...base,
    ...httpTarget,
    /** Environment variable holding the shared secret of the x-sleetwatch-signature header (HMAC-SHA256). */
    secretEnv: envName,
  })
  .refine(oneUrl, oneUrlMessage);
export const SlackChannel = z.strictObject({ type: z.literal('slack'), ...base, ...httpTarget }).refine(oneUrl, oneUrlMessage);
export const TeamsChannel = z.strictObject({ type: z.literal('teams'), ...base, ...httpTarget }).refine(oneUrl, oneUrlMessage);
export const EmailChannel = z.strictObject({
  type: z.literal('email'),
  ...base,
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(587),
  /** Implicit TLS (port 465). Otherwise STARTTLS, required unless requireTLS is false (a local relay). */
  secure: z.boolean().default(false),
  requireTLS: z.boolean().default(true),
  from: z.string().min(3).max(320),
  to: z.array(z.string().min(3).max(320)).min(1).max(50),
  /** Environment variables holding the SMTP user name and password (no authentication when absent). */
  userEnv: envName.optional(),
  passEnv: envName.optional(),
});
/** Events as CEF over syslog (RFC 5424; UDP or TCP with octet counting), straight into a SIEM. */
export const SyslogChannel = z.strictObject({
  type: z.literal('syslog'),
  ...base,
  url: z.string().regex(/^(udp|tcp):\/\/[^/?#\s]{1,300}$/, 'udp://host:port or tcp://host:port'),
});
export const Channel = z.union([WebhookChannel, SlackChannel, TeamsChannel, EmailChannel, SyslogChannel]);
export type Channel = z.infer<typeof Channel>;

export const DeliveryConfig = z.strictObject({
  /** Attempts before a notification is given up (kept in the outbox as dead, with its last error). */
  maxAttempts: z.number().int().min(1).max(100).default(12),
  /** Backoff: baseDelayMs × 2^(attempt−1), at most maxDelayMs, with ±20 % jitter. */
  baseDelayMs: z.number().int().positive().default(30_000),
  maxDelayMs: z.number().int().positive().default(3_600_000),
  /** A claimed notification not marked sent within this time is claimed again (a crashed sender): at-least-once. */
  leaseMs: z.number().int().positive().default(120_000),
  /** One HTTP request or SMTP session. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Notifications claimed per round; how often the deliverer looks for due ones. */
  batch: z.number().int().min(1).max(1000).default(20),
  pollMs: z.number().int().positive().default(5_000),
  /** How often open cases are checked for a breached SLA (sla.breached events). */
  slaScanMs: z.number().int().positive().default(60_000),
});
export type DeliveryConfig = z.infer<typeof DeliveryConfig>;

export const NotificationsConfig = z
  .strictObject({
    channels: z.array(Channel).max(50).default([]),
    delivery: DeliveryConfig.default(DeliveryConfig.parse({})),
    // Where channels may send is the one outbound allow-list (config outbound.allow, src/core/outbound-config.ts):
    // https://hooks.slack.com, https://contoso.webhook.office.com, smtp://smtp.example.com:587,
    // syslog+udp://siem.example.com:514, ... A tampered config or environment cannot send alerts elsewhere.
    /**
     * Environment variable that may hold a key OVERRIDING the store's own pseudonym key in notification text and
     * exports (HMAC-SHA256 of the person id). Leave it unset: then the web UI, the API, notifications and exports all
     * use the store's key (server_secrets 'pseudonym') and show one pseudonym per person.
     */
    pseudonymKeyEnv: envName.default('SLEETWATCH_PSEUDONYM_KEY'),
    /** Where links in notifications point (the web UI), e.g. https://sleetwatch.example.com; none when absent. */
    baseUrl: z.url().optional(),
  })
  .refine((n) => new Set(n.channels.map((c) => c.name)).size === n.channels.length, { message: 'channel names must be unique' });
export type NotificationsConfig = z.infer<typeof NotificationsConfig>;

/** RFC 5424 facilities by name (RFC 5424 §6.2.1 table 1). */
export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  ntp: 12, audit: 13, alert: 14, clock: 15, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;

export const ExportConfig = z.strictObject({
  syslog: z
    .strictObject({
      facility: z.enum(Object.keys(SYSLOG_FACILITIES) as [keyof typeof SYSLOG_FACILITIES, ...(keyof typeof SYSLOG_FACILITIES)[]]).default('authpriv'),
      appName: z.string().regex(/^[!-~]{1,48}$/).default('sleetwatch'),
      /** Largest message over UDP (RFC 5426 §3.2: receivers take at least 2048 octets); the CEF msg is cut to fit. */
      udpMaxBytes: z.number().int().min(480).max(65_000).default(2048),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .default({ facility: 'authpriv', appName: 'sleetwatch', udpMaxBytes: 2048, timeoutMs: 10_000 }),
});
export type ExportConfig = z.infer<typeof ExportConfig>;
