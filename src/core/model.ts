// The sleetwatch data model. Pure: zod schemas and the types inferred from them; no I/O.
// Data flows one way: source → parse → normalise (NormalizedEvent / DirectoryEntry) → resolve identity
// (personId) → enrich (IpIntel) → detect (Finding) → score (risk) → report.
import { z } from 'zod';

/** Kinds of identifier that can name a person. upn and email share one namespace when resolving. */
export const IdentifierKind = z.enum([
  'upn', // Entra userPrincipalName
  'email', // any e-mail address (work or personal); Okta alternateId; Google actor.email
  'entraId', // Entra object id (userId)
  'oktaId', // Okta actor.id
  'googleId', // Google profileId
  'scimId', // SCIM resource id
  'externalId', // SCIM externalId / HR system id
  'employeeId', // SCIM enterprise employeeNumber / HR employee id
  // A company device names its user once a device record (Intune, Defender DeviceInfo) ties it to a person: endpoint
  // records that name only the host resolve to that person through these.
  'hostname', // computer name; compared by its first label, case-insensitively (LAPTOP-1 = laptop-1.contoso.com)
  'aadDeviceId', // Entra device object id (Intune azureADDeviceId, Defender AadDeviceId, sign-in deviceDetail.deviceId)
  'intuneDeviceId', // Intune managed device id
  'mdeDeviceId', // Defender for Endpoint DeviceId
  'hostUuid', // osquery host_uuid / system_info.uuid
  'serialNumber', // hardware serial number
]);
export type IdentifierKind = z.infer<typeof IdentifierKind>;

export const Identifier = z.object({
  kind: IdentifierKind,
  /** As given by the source; resolution compares case-insensitively. */
  value: z.string().min(1),
});
export type Identifier = z.infer<typeof Identifier>;

/** A place: from a vendor's own geo, our GeoLite2 or DB-IP lookup, or the directory (claimed home). */
export const Place = z.object({
  country: z.string().optional(), // ISO 3166-1 alpha-2, upper case, when known
  region: z.string().optional(), // state / province name (e.g. "California")
  city: z.string().optional(),
  postalCode: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  /** Radius in km within which the true location lies (city fix ~50, region ~250, country-level ~1000+). */
  accuracyKm: z.number().optional(),
  source: z.enum(['vendor', 'geolite2', 'dbip', 'directory', 'indicator']),
});
export type Place = z.infer<typeof Place>;

/**
 * `signin` and `audit` come from identity providers; `device` is a company device tied to its user (enrolment);
 * `software` a program installed or running on a host; `network` a connection a host made; `usb` a device plugged in;
 * `usage` one person's collaboration activity over a report period (Teams, Slack).
 */
export const EventKind = z.enum(['signin', 'audit', 'device', 'software', 'network', 'usb', 'usage']);
export type EventKind = z.infer<typeof EventKind>;
export const Outcome = z.enum(['success', 'failure', 'challenge', 'unknown']);
export type Outcome = z.infer<typeof Outcome>;

/** Where a record came from, for error messages and evidence. */
export const Origin = z.object({
  file: z.string(),
  /** 1-based line for NDJSON/CSV, or 0-based array index for JSON arrays (then `index` is set). */
  line: z.number().int().optional(),
  index: z.number().int().optional(),
});
export type Origin = z.infer<typeof Origin>;

/** A company device (Intune managed device, Defender DeviceInfo). */
export const DeviceFacts = z.object({
  name: z.string().optional(),
  /** Epoch ms the device was enrolled in management (Intune enrolledDateTime): the laptop's arrival. */
  enrolled: z.number().optional(),
  os: z.string().optional(),
  osVersion: z.string().optional(),
  model: z.string().optional(),
  manufacturer: z.string().optional(),
  serial: z.string().optional(),
  /** 'company' | 'personal' | vendor value */
  ownership: z.string().optional(),
});
export type DeviceFacts = z.infer<typeof DeviceFacts>;

/** A program seen on a host: from an inventory (installed), a process (running) or a browser extension list. */
export const SoftwareFacts = z.object({
  name: z.string(),
  /** How it was seen. */
  via: z.enum(['inventory', 'process', 'extension', 'network']),
  publisher: z.string().optional(),
  version: z.string().optional(),
  /** Install folder or executable path. */
  path: z.string().optional(),
  /** Executable file name (process image), e.g. AnyDesk.exe. */
  file: z.string().optional(),
  /** PE original file name, when the vendor gives it. */
  originalFile: z.string().optional(),
  signer: z.string().optional(),
  /** Epoch ms it was installed, when the inventory says. */
  installed: z.number().optional(),
});
export type SoftwareFacts = z.infer<typeof SoftwareFacts>;

export const NetworkFacts = z.object({
  /** Host name connected to (RemoteUrl / DNS name), without scheme, path or port. */
  domain: z.string().optional(),
  remoteIp: z.string().optional(),
  remotePort: z.number().optional(),
});
export type NetworkFacts = z.infer<typeof NetworkFacts>;

export const UsbFacts = z.object({
  /** Four hex digits, lower case, e.g. 1d6b. */
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  vendor: z.string().optional(),
  product: z.string().optional(),
  serial: z.string().optional(),
});
export type UsbFacts = z.infer<typeof UsbFacts>;

/** Counts over the report period; a field the source does not give is absent, never 0. */
export const UsageFacts = z.object({
  periodDays: z.number(),
  /** Chat / channel messages sent (Teams teamChat + privateChat, Slack messages_posted). */
  messages: z.number().optional(),
  calls: z.number().optional(),
  meetings: z.number().optional(),
  audioSeconds: z.number().optional(),
  videoSeconds: z.number().optional(),
  screenShareSeconds: z.number().optional(),
  /** Days with any activity, when the source says (Slack is_active per day). */
  activeDays: z.number().optional(),
  /** Epoch ms of the last activity the source reports. */
  lastActivity: z.number().optional(),
});
export type UsageFacts = z.infer<typeof UsageFacts>;

/** One normalised identity-provider record. Sign-ins are `kind: 'signin'`; everything else is kept as `audit`. */
export const NormalizedEvent = z.object({
  /**
   * Stable across re-ingest and across export formats of one vendor: `${vendor}:${vendor id}` with vendor one of
   * entra | okta | gws (Entra `id`, Okta `uuid`, Google time+uniqueQualifier+event index), so the same sign-in
   * read from the Graph API and from a Sentinel export is one event.
   */
  id: z.string().min(1),
  /** Format id that produced it (see src/sources). */
  source: z.string(),
  kind: EventKind,
  /** Vendor event type, e.g. 'user.session.start', 'Sign-in activity', 'login_success'. */
  type: z.string(),
  /** Epoch milliseconds (UTC). */
  time: z.number(),
  actor: z.object({
    ids: z.array(Identifier).min(1),
    displayName: z.string().optional(),
  }),
  outcome: Outcome,
  /** Failure / error reason as given by the vendor. */
  reason: z.string().optional(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  /** Vendor device id (Entra deviceDetail.deviceId, Okta device fingerprint / device.id). */
  deviceId: z.string().optional(),
  app: z.string().optional(),
  interactive: z.boolean().optional(),
  /** The vendor's own geolocation of `ip`, kept next to ours. */
  vendorGeo: Place.optional(),
  /** The vendor's own network facts (Okta securityContext). */
  vendorNet: z
    .object({ asn: z.number().optional(), org: z.string().optional(), isp: z.string().optional(), isProxy: z.boolean().optional() })
    .optional(),
  /** The vendor's own risk verdict (Entra riskLevel*, Google is_suspicious, Okta threatSuspected). */
  vendorRisk: z
    .object({ level: z.string().optional(), state: z.string().optional(), types: z.array(z.string()).optional(), suspicious: z.boolean().optional() })
    .optional(),
  /** kind `device`: the company device and when it was enrolled (the laptop's arrival). */
  device: DeviceFacts.optional(),
  /** kinds `software` and `network`: the program (for `network`, the process that connected). */
  software: SoftwareFacts.optional(),
  /** kind `network`: where the host connected. */
  network: NetworkFacts.optional(),
  /** kind `usb`: the device plugged in. */
  usb: UsbFacts.optional(),
  /** kind `usage`: collaboration activity over the report period ending at `time`. */
  usage: UsageFacts.optional(),
  origin: Origin.optional(),
});
export type NormalizedEvent = z.infer<typeof NormalizedEvent>;

export const Address = z.object({
  street: z.string().optional(),
  locality: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(), // ISO-2 when the source gives one
  formatted: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

/** One person as the directory (SCIM / HR) describes them: the claims we check behaviour against. */
export const DirectoryEntry = z.object({
  /** Stable: `${source}:${resource id}`. */
  id: z.string().min(1),
  source: z.string(),
  /**
   * What identifies this person in sign-in logs: SCIM id, externalId, userName/UPN, WORK e-mails, employee id.
   * Personal e-mails and phones are NOT identifiers (they are claims; sharing them is a finding, not a merge).
   */
  ids: z.array(Identifier).min(1),
  displayName: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  emails: z.array(z.object({ value: z.string(), type: z.string().optional(), primary: z.boolean().optional() })).default([]),
  phones: z.array(z.object({ value: z.string(), type: z.string().optional() })).default([]),
  homeAddress: Address.optional(),
  /** IANA time zone the person claims (SCIM `timezone`). */
  timezone: z.string().optional(),
  department: z.string().optional(),
  title: z.string().optional(),
  manager: z.string().optional(),
  /** e.g. 'Employee', 'Contractor' (SCIM userType / HR). */
  userType: z.string().optional(),
  organization: z.string().optional(),
  /** Account creation = hire, epoch ms (SCIM meta.created / HR start date). */
  created: z.number().optional(),
  active: z.boolean().optional(),
  origin: Origin.optional(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

/**
 * Network class of an IP. `sase` = corporate secure-access egress (Zscaler, Netskope, Prisma, WARP...):
 * not anonymising and not a location. `corporate` = egress the company declared its own (config `trustedEgress` or
 * an `allow` indicator: its VPN, SASE tenant, offices): likewise neither anonymising nor a location.
 * `relay` = Apple iCloud Private Relay.
 */
export const NetClass = z.enum(['residential', 'business', 'mobile', 'hosting', 'vpn', 'tor', 'relay', 'sase', 'corporate', 'private', 'unknown']);
export type NetClass = z.infer<typeof NetClass>;

/** A reason an IP is high risk: North Korean / Chinese / Russian network or a user-imported indicator. */
export const IpRisk = z.object({
  tag: z.enum(['kp', 'cn', 'ru', 'indicator']),
  reason: z.string(), // e.g. "AS131279 Star JV (North Korea)", "175.45.176.0/22", "indicator ind-123: APT laptop farm"
  indicatorId: z.string().optional(),
});
export type IpRisk = z.infer<typeof IpRisk>;

/** Everything we know about one IP from offline intel. */
export const IpIntel = z.object({
  ip: z.string(),
  geo: Place.optional(),
  /** A second database's place, when one is configured as a second opinion (SLEETWATCH_GEO=dbip+geolite2). */
  geoSecond: Place.optional(),
  asn: z.number().optional(),
  asOrg: z.string().optional(),
  netClass: NetClass,
  /** Named provider when known: 'Apple iCloud Private Relay', 'Zscaler', 'Mullvad VPN', 'Amazon AWS'... */
  provider: z.string().optional(),
  /** Which catalogue decided netClass, for evidence (e.g. 'x4bnet vpn ipv4.txt 1.2.3.0/24', 'bad-asn-list AS16509'). */
  classSource: z.string().optional(),
  risks: z.array(IpRisk).default([]),
});
export type IpIntel = z.infer<typeof IpIntel>;

/** The combined location of a sign-in (src/core/locate.ts). Shared between events of one IP: read-only. */
export interface Located {
  lat: number;
  lon: number;
  /** Radius (km) that holds the true location under every opinion. */
  accuracyKm: number;
  /** The opinions disagree beyond their uncertainties. */
  disputed: boolean;
  /** Distance between the two farthest opinions' centres (0 with one opinion). */
  spreadKm: number;
  /** Every opinion with coordinates (source 'vendor', 'dbip', 'geolite2', 'indicator'), the most precise first. */
  opinions: readonly Place[];
  /** The opinion the fix is (the most precise one), when they agree. */
  best: Place | undefined;
}

/**
 * An event after identity resolution and enrichment: the fields detectors use, in one fixed shape (the pipeline
 * builds it, so detector code stays monomorphic and batch buffers stay small). The actor is replaced by personId.
 */
/**
 * A catalogued tool recognised in an endpoint record (remote-access catalog, src/intel/remote-access): which tool,
 * which field of the record matched which catalog value, and how sure the match is.
 */
export const ToolHit = z.object({
  /** Catalog id, e.g. 'anydesk', 'astrill-vpn', 'pikvm'. */
  tool: z.string(),
  name: z.string(),
  /** rmm | remote-desktop | built-in | tunnel | admin-tool | file-sync | employee-monitoring | monitoring | rat | vpn | keep-awake | ip-kvm | other */
  category: z.string(),
  confidence: z.enum(['high', 'low']),
  /** The record's field that matched (executable, publisher, domain, usb…), its value, and the catalog value. */
  field: z.string(),
  observed: z.string(),
  matched: z.string(),
  how: z.string(),
  /** Why a match is weak (a generic name, a shared domain…). */
  reason: z.string().optional(),
});
export type ToolHit = z.infer<typeof ToolHit>;

export type EnrichedEvent = Pick<
  NormalizedEvent,
  | 'id'
  | 'source'
  | 'kind'
  | 'type'
  | 'time'
  | 'outcome'
  | 'ip'
  | 'deviceId'
  | 'interactive'
  | 'app'
  | 'vendorGeo'
  | 'vendorNet'
  | 'vendorRisk'
  | 'device'
  | 'software'
  | 'network'
  | 'usb'
  | 'usage'
> & {
  personId: string;
  intel: IpIntel | undefined;
  /** Endpoint records: the host's name (its first host identifier) and the catalogued tools the record shows. */
  host?: string;
  tools?: ToolHit[];
  /** Where the sign-in was made, combining the vendor's and the local database's opinions (src/core/locate.ts). */
  loc: Located | undefined;
};

export const Severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export type Severity = z.infer<typeof Severity>;
export const RiskLevel = z.enum(['high', 'medium', 'low', 'none']);
export type RiskLevel = z.infer<typeof RiskLevel>;

/**
 * One piece of evidence behind a finding: an event (with its IP, network class and place), a measured value
 * compared with a threshold, a peer, or a directory claim. Enough for an analyst to verify without the tool.
 */
export const Evidence = z.object({
  type: z.enum(['event', 'measure', 'peer', 'directory', 'intel']),
  label: z.string(),
  eventId: z.string().optional(),
  time: z.string().optional(), // ISO 8601
  ip: z.string().optional(),
  network: z
    .object({ class: NetClass, asn: z.number().optional(), org: z.string().optional(), provider: z.string().optional() })
    .optional(),
  place: Place.optional(),
  vendorPlace: Place.optional(),
  /** The opinions about where the IP is disagree beyond their uncertainties; `opinions` lists them. */
  disputed: z.boolean().optional(),
  opinions: z.array(Place).optional(),
  value: z.union([z.number(), z.string(), z.boolean()]).optional(),
  threshold: z.union([z.number(), z.string()]).optional(),
  unit: z.string().optional(),
  personId: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.object({
  detector: z.string(),
  severity: Severity,
  title: z.string(),
  /** Plain-language why, with the numbers. */
  explanation: z.string(),
  firstSeen: z.string(), // ISO: time of the earliest event behind the finding
  lastSeen: z.string(),
  evidence: z.array(Evidence),
  /** Likelihood ratio this finding contributes to the risk score (see src/core/scoring.ts). */
  likelihoodRatio: z.number().positive().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** A detector error, reported as a result (never thrown past the wrapper). */
export const DetectorError = z.object({ detector: z.string(), personId: z.string().optional(), message: z.string() });
export type DetectorError = z.infer<typeof DetectorError>;

/** A likelihood ratio calibrated by case verdicts, as a risk breakdown shows it. */
export const CalibratedLR = z.object({ lr: z.number(), verdicts: z.number().int(), priorLR: z.number() });
export type CalibratedLR = z.infer<typeof CalibratedLR>;

/** How a person's risk number was computed (src/core/scoring.ts), so the number itself is explainable. */
export const RiskBreakdown = z.object({
  /** Prior odds of a fraudulent worker before any finding (base rate, times the new-hire boost when it applies). */
  priorOdds: z.number(),
  /** Whether the person's first event fell within the new-hire window after the directory's creation date. */
  newHire: z.boolean(),
  /** Each detector's combined likelihood ratio (strongest finding × further findings dampened). */
  contributions: z.array(
    z.object({
      detector: z.string(),
      likelihoodRatio: z.number(),
      /**
       * Present when case verdicts calibrated this detector's likelihood ratio (src/core/respond.ts calibratedLR): the
       * per-finding ratio used (`lr`), how many verdicts it came from, and the configured ratio before them (`priorLR`).
       * `likelihoodRatio` above is the detector's combined ratio built from `lr` (several findings dampened).
       */
      calibrated: CalibratedLR.optional(),
    }),
  ),
  /** Posterior odds = priorOdds × Π likelihoodRatio; risk = round(100 × odds / (1 + odds)), raised to the high threshold by a critical finding. */
  odds: z.number(),
  /** The arithmetic in words, e.g. "0.0404 × 25 × 2.45 = 2.47 → 71". */
  formula: z.string(),
});
export type RiskBreakdown = z.infer<typeof RiskBreakdown>;

export const PersonResult = z.object({
  personId: z.string(),
  displayName: z.string().optional(),
  identifiers: z.array(z.string()),
  directory: DirectoryEntry.optional(),
  risk: z.number().min(0).max(100),
  level: RiskLevel,
  riskBreakdown: RiskBreakdown.optional(),
  findings: z.array(Finding),
  firstEvent: z.string().optional(),
  lastEvent: z.string().optional(),
  events: z.number().int(),
});
export type PersonResult = z.infer<typeof PersonResult>;

export const RejectedRecord = z.object({
  line: z.number().int().optional(),
  index: z.number().int().optional(),
  field: z.string(),
  message: z.string(),
  raw: z.string().optional(), // the rejected record (truncated), so nothing is lost
});
export type RejectedRecord = z.infer<typeof RejectedRecord>;

/**
 * One input (file or upload) and what became of its records: `accepted + ignored + rejected = records`.
 * Accepted: produced at least one event or directory entry that was not a duplicate. Ignored: a valid record that is
 * not about a person (a service principal's sign-in, an app-initiated audit, an Okta SystemPrincipal job...) or whose
 * every event repeats an event id already read in this scan or API batch. Rejected: malformed, listed in `errors`.
 */
export const InputSummary = z.object({
  path: z.string(),
  format: z.string(),
  records: z.number().int(),
  accepted: z.number().int(),
  /** Valid records that produced nothing new (reasons in ignoredReasons). */
  ignored: z.number().int(),
  /** Ignored records by reason, e.g. {"duplicate event id": 285, "not about a person: Okta SystemPrincipal": 3}. */
  ignoredReasons: z.record(z.string(), z.number().int()),
  rejected: z.number().int(),
  errors: z.array(RejectedRecord),
});
export type InputSummary = z.infer<typeof InputSummary>;

export const Report = z.object({
  schema: z.literal('sleetwatch.report/v1'),
  generatedAt: z.string(),
  window: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  inputs: z.array(InputSummary),
  people: z.array(PersonResult),
  detectorErrors: z.array(DetectorError).default([]),
});
export type Report = z.infer<typeof Report>;

/** Key under which an identifier is resolved: upn and email share the 'mail' namespace; case-insensitive. */
export function identifierKey(id: Identifier): string {
  const ns = id.kind === 'upn' || id.kind === 'email' ? 'mail' : id.kind;
  const v = id.value.trim().toLowerCase();
  if (ns === 'hostname') {
    const dot = v.indexOf('.');
    return `hostname:${dot > 0 ? v.slice(0, dot) : v}`;
  }
  return `${ns}:${v}`;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
