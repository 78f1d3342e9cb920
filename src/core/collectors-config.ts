// Settings of the collectors (src/app/collectors/): which vendor APIs are pulled, how often, with which credentials
// (named, never written here: an environment variable or a file path), the overlap window and the back-off. Pure (zod).
import { z } from 'zod';

/** Where a secret is read from at run time: an environment variable, or a file (its whole content, trimmed). */
export const SecretRef = z
  .strictObject({ env: z.string().min(1).optional(), file: z.string().min(1).optional() })
  .refine((s) => (s.env === undefined) !== (s.file === undefined), { message: 'name exactly one of env or file' });
export type SecretRef = z.infer<typeof SecretRef>;

const url = z.string().url();

/** What every collector shares. */
const Common = {
  enabled: z.boolean().default(true),
  /** Seconds between passes under `serve`. */
  intervalSeconds: z.number().int().positive().default(300),
  /** Minutes asked again before the checkpoint: late-arriving events are caught; the event-id dedup drops the copies. */
  overlapMinutes: z.number().nonnegative().default(15),
  /** How far back the very first pass reaches (hours). */
  lookbackHours: z.number().positive().default(24),
  /** Records asked per page. */
  pageSize: z.number().int().positive().max(1000).default(1000),
  /** Seconds one HTTP request may take. */
  timeoutSeconds: z.number().positive().default(30),
  /** Seconds between two full listings of users / devices (they change rarely; events are pulled every interval). */
  snapshotSeconds: z.number().int().positive().default(3600),
};

export const GraphStream = z.enum(['signins', 'noninteractive-signins', 'directory-audits', 'risk-detections', 'users', 'managed-devices']);
export type GraphStream = z.infer<typeof GraphStream>;

export const GraphCollectorConfig = z.strictObject({
  ...Common,
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: SecretRef,
  /** Default https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token */
  tokenUrl: url.optional(),
  /** Default https://graph.microsoft.com */
  graphUrl: url.default('https://graph.microsoft.com'),
  streams: z.array(GraphStream).default(['signins', 'noninteractive-signins', 'directory-audits', 'risk-detections', 'users', 'managed-devices']),
});
export type GraphCollectorConfig = z.infer<typeof GraphCollectorConfig>;

export const OktaCollectorConfig = z.strictObject({
  ...Common,
  /** https://{yourOktaDomain} */
  orgUrl: url,
  auth: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('ssws'), token: SecretRef }),
    z.strictObject({
      kind: z.literal('oauth'),
      clientId: z.string().min(1),
      /** PEM (PKCS#8) private key of the service app, for private_key_jwt. */
      privateKey: SecretRef,
      keyId: z.string().optional(),
      /** Default {orgUrl}/oauth2/v1/token */
      tokenUrl: url.optional(),
      scopes: z.array(z.string()).default(['okta.logs.read', 'okta.users.read']),
    }),
  ]),
  streams: z.array(z.enum(['logs', 'users'])).default(['logs', 'users']),
});
export type OktaCollectorConfig = z.infer<typeof OktaCollectorConfig>;

export const GoogleCollectorConfig = z.strictObject({
  ...Common,
  /** The service account's JSON key (client_email, private_key, token_uri). */
  serviceAccountKey: SecretRef,
  /** The administrator the service account acts as (domain-wide delegation: the JWT `sub`). */
  subject: z.string().min(1),
  /** Default: the key's token_uri, else https://oauth2.googleapis.com/token */
  tokenUrl: url.optional(),
  /** Default https://admin.googleapis.com */
  adminUrl: url.default('https://admin.googleapis.com'),
  customer: z.string().default('my_customer'),
  applications: z.array(z.enum(['login', 'token', 'admin', 'saml', 'user_accounts'])).default(['login', 'token', 'admin']),
  users: z.boolean().default(true),
  /** Google's reports lag (hours for some applications): a larger default overlap. */
  overlapMinutes: z.number().nonnegative().default(180),
});
export type GoogleCollectorConfig = z.infer<typeof GoogleCollectorConfig>;

export const CollectorsConfig = z.strictObject({
  graph: GraphCollectorConfig.optional(),
  okta: OktaCollectorConfig.optional(),
  google: GoogleCollectorConfig.optional(),
  /** Back-off after a failed pass: base · 2^(failures-1), with full jitter, at most max (seconds). */
  backoff: z
    .strictObject({ baseSeconds: z.number().positive().default(10), maxSeconds: z.number().positive().default(900) })
    .default({ baseSeconds: 10, maxSeconds: 900 }),
  /** Retries of one request on 429 / 503 / network errors within a pass before the pass fails. */
  maxRetries: z.number().int().nonnegative().default(5),
  /** Longest Retry-After honoured (seconds); longer waits end the pass and back off instead. */
  maxRetryAfterSeconds: z.number().positive().default(120),
  /**
   * Records a pass of a newest-first API (Graph, Google) holds in memory to commit them oldest first (late events cost
   * the pipeline a replay each); a larger pass commits the rest page by page (correct, slower).
   */
  maxBufferedRecords: z.number().int().positive().default(50_000),
  /** Pages one pass commits at most (a first pass over a large backlog continues at the next interval). */
  maxPagesPerPass: z.number().int().positive().default(10_000),
});
export type CollectorsConfig = z.infer<typeof CollectorsConfig>;
