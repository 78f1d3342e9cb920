// Tunable thresholds and weights, in one place with defaults. A company overrides them in sleetwatch.config.json
// (loaded by src/app/config-file.ts). Pure. Every object is strict: an unknown key is an error, never ignored (a new
// key only has to be declared here). Detector ids and params are checked against the registry by the loader.
import { z } from 'zod';
import { RespondConfig } from './respond-config.ts';
import { AuthConfig } from './auth-config.ts';
import { ConnectorsConfig } from './connectors-config.ts';
import { OutboundConfig } from './outbound-config.ts';
import { ExportConfig, NotificationsConfig } from './notify-config.ts';
import { StreamConfig } from './stream-config.ts';
import { CollectorsConfig } from './collectors-config.ts';

export const SeverityLR = z.strictObject({
  critical: z.number().positive().default(1000),
  high: z.number().positive().default(20),
  medium: z.number().positive().default(6),
  low: z.number().positive().default(2.5),
  info: z.number().positive().default(1),
});

export const ScoringConfig = z.strictObject({
  /** Base rate of fraudulent workers among the people scanned (prior probability). */
  priorProbability: z.number().gt(0).lt(1).default(0.01),
  /** Days after hire (directory `created`) in which the prior is boosted. */
  newHireDays: z.number().nonnegative().default(90),
  /**
   * Multiplier on the prior odds for a person within newHireDays of hire: the fraud enters through hiring, and the
   * published cases were found in the first weeks (Microsoft Jasper Sleet 2025, Mandiant UNC5267 2024).
   */
  newHireBoost: z.number().positive().default(4),
  /**
   * Exponent applied to the likelihood ratios of a detector's further findings (after its strongest): findings of
   * one detector are partly dependent evidence (e.g. a shared IP and a shared device of one laptop farm), so each
   * extra one counts as LR^dampening. 0 = only the strongest counts; 1 = all count fully.
   */
  sameDetectorDampening: z.number().min(0).max(1).default(0.5),
  /** Likelihood ratio of a finding by its severity, unless the detector's config or the finding sets one. */
  severityLikelihoodRatio: SeverityLR.default(SeverityLR.parse({})),
  /** Risk (0-100) thresholds for the levels. */
  levels: z
    .strictObject({ high: z.number().default(70), medium: z.number().default(40), low: z.number().default(15) })
    .default({ high: 70, medium: 40, low: 15 }),
});
export type ScoringConfig = z.infer<typeof ScoringConfig>;

export const DetectorConfig = z.strictObject({
  enabled: z.boolean().default(true),
  /** Overrides of the detector's params (validated against its params schema). */
  params: z.record(z.string(), z.unknown()).default({}),
  /** Overrides the likelihood ratio of every finding of this detector. */
  likelihoodRatio: z.number().positive().optional(),
});
export type DetectorConfig = z.infer<typeof DetectorConfig>;

export const Suppression = z.strictObject({
  detector: z.string().optional(),
  /** personId or any identifier (UPN, e-mail, id) of the person. */
  person: z.string().optional(),
  /** ISO date after which the suppression lapses. */
  until: z.string().optional(),
  reason: z.string().min(1),
});
export type Suppression = z.infer<typeof Suppression>;

/**
 * Egress the company declares its own: its corporate VPN, SASE tenant, offices. Sign-ins from it are network class
 * 'corporate': neither anonymising nor a location (the same as an `allow` indicator imported with
 * `sleetwatch intel import`). Exactly one of cidr (an address or range) and asn.
 */
export const TrustedEgress = z
  .strictObject({
    name: z.string().min(1),
    cidr: z.string().min(1).optional(),
    asn: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
  })
  .refine((x) => (x.cidr === undefined) !== (x.asn === undefined), { message: 'give exactly one of cidr or asn' });
export type TrustedEgress = z.infer<typeof TrustedEgress>;

/** Settings every detector shares: one knob for each notion. */
export const SharedConfig = z.strictObject({
  /**
   * Distinct colleagues behind one non-residential /24 (or /48) from which it counts as corporate egress (a company
   * proxy no catalogue knows): such sign-ins are neither anonymising nor a location. Residential lines never are.
   */
  corporateEgressMinPeople: z.number().int().min(2).default(5),
});
export type SharedConfig = z.infer<typeof SharedConfig>;

/** Vetting (stage one): checks, scoring of candidates, the carrier lookup, the archive and the consortium key. */
export const VettingConfig = z.strictObject({
  /** Per-check overrides, like `detectors` (ids from src/vetting/registry.ts). */
  checks: z.record(z.string(), DetectorConfig).default({}),
  /** Prior probability that an applicant is fraudulent (before any finding); levels as for people. */
  priorProbability: z.number().gt(0).lt(1).default(0.01),
  /** Recommendation: `stop` from this level up, `verify` from this level up (or any failed checklist item). */
  stopLevel: z.enum(['high', 'medium']).default('high'),
  verifyLevel: z.enum(['medium', 'low']).default('low'),
  /**
   * Carrier / line-type lookup of candidates' phones. `none` (default) makes no network call; `twilio` calls
   * Lookup v2 (line_type_intelligence) at `baseUrl` with the account SID and the auth token read from the
   * environment variable named by `authTokenEnv` (never stored in the config file, never logged).
   */
  phoneLookup: z
    .strictObject({
      provider: z.enum(['none', 'twilio']).default('none'),
      baseUrl: z.string().url().default('https://lookups.twilio.com'),
      accountSid: z.string().optional(),
      authTokenEnv: z.string().default('TWILIO_AUTH_TOKEN'),
      timeoutMs: z.number().int().positive().default(5000),
      maxRetries: z.number().int().nonnegative().default(3),
    })
    .default({ provider: 'none', baseUrl: 'https://lookups.twilio.com', authTokenEnv: 'TWILIO_AUTH_TOKEN', timeoutMs: 5000, maxRetries: 3 }),
  /**
   * Mail-forwarding / freight-forwarding addresses (a CSV: name, street, city, region, postal_code, country, source;
   * see src/intel/address.ts): a home or shipping address on it is a finding. A path, relative to the working folder.
   */
  forwardingList: z.string().min(1).optional(),
  /** Days interview recordings and attachments are kept in the archive before deletion (logged). */
  retentionDays: z.number().int().positive().default(365),
  /** Environment variable holding the consortium key for `share export/import` (HMAC-SHA256). */
  consortiumKeyEnv: z.string().default('SLEETWATCH_CONSORTIUM_KEY'),
  /**
   * Environment variable holding this company's own secret for the opaque references in the files it exports (never
   * shared: it maps a reference another member reports back to the candidate or employee).
   */
  shareReferenceKeyEnv: z.string().default('SLEETWATCH_SHARE_REFERENCE_KEY'),
  suppressions: z.array(Suppression).default([]),
});
export type VettingConfig = z.infer<typeof VettingConfig>;

export const Config = z.strictObject({
  /** Your own egress (corporate VPN, SASE tenant, offices): see TrustedEgress. */
  trustedEgress: z.array(TrustedEgress).default([]),
  /** Settings shared by the detectors. */
  shared: SharedConfig.default(SharedConfig.parse({})),
  detectors: z.record(z.string(), DetectorConfig).default({}),
  scoring: ScoringConfig.default(ScoringConfig.parse({})),
  suppressions: z.array(Suppression).default([]),
  vetting: VettingConfig.default(VettingConfig.parse({})),
  /** Stage three: alerts, case SLAs, suppressions from verdicts, likelihood-ratio calibration (src/core/respond-config.ts). */
  respond: RespondConfig.default(RespondConfig.parse({})),
  /** Users, sessions, login rate limit, passwords, OIDC single sign-on (src/core/auth-config.ts, docs/roles.md). */
  auth: AuthConfig.default(AuthConfig.parse({})),
  /** Containment connectors (Graph, Okta) (src/core/connectors-config.ts). */
  connectors: ConnectorsConfig.default(ConnectorsConfig.parse({})),
  /** The admin allow-list of every outbound target: connectors, webhooks, SMTP, syslog (src/core/outbound-config.ts). */
  outbound: OutboundConfig.default(OutboundConfig.parse({})),
  /** Notification channels (webhook, Slack, Teams, e-mail) and their delivery (src/core/notify-config.ts). */
  notifications: NotificationsConfig.default(NotificationsConfig.parse({})),
  /** Exports (OCSF, CEF over syslog, STIX, CSV). */
  exports: ExportConfig.default(ExportConfig.parse({})),
  /** Scale-out on NATS JetStream (src/core/stream-config.ts); absent: one process, no stream (unless NATS_URL is set). */
  stream: StreamConfig.optional(),
  /** Vendor API collectors for `collect` and `serve` (src/core/collectors-config.ts); none by default. */
  collectors: CollectorsConfig.default(CollectorsConfig.parse({})),
});
export type Config = z.infer<typeof Config>;

export const defaultConfig = (): Config => Config.parse({});
