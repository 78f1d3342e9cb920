// Test kit: build records in REAL vendor formats (Microsoft Graph signIn, Okta System Log LogEvent, SCIM 2.0 User)
// and run them through the real parsers, real offline intel and the real pipeline. Shapes follow the real samples
// in test/samples (Entra Sentinel export row for Adele Vance; Okta_CL; RFC 7643 §8.2 full user).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyDetector } from '../src/core/detector.ts';
import type { Config } from '../src/core/config.ts';
import { Config as ConfigSchema } from '../src/core/config.ts';
import type { DirectoryEntry, NormalizedEvent } from '../src/core/model.ts';
import { Pipeline, type PipelineResult } from '../src/core/pipeline.ts';
import { formats } from '../src/sources/index.ts';
import { fnv1a64 } from '../src/core/hash.ts';
import { openIntel, type IntelService } from '../src/intel/index.ts';

let intelPromise: Promise<IntelService> | undefined;
/**
 * One shared offline intel service per test process (empty indicator store in a temp dir). The detector fixtures
 * (src/detectors/common/fixtures/ips.ts) name the places GeoLite2 gives their addresses, so unit tests pin that
 * source; how detection fares on the other source (DB-IP, the product default) and with database error is what
 * the evaluation (src/synth/eval.ts) measures.
 */
export function testIntel(): Promise<IntelService> {
  intelPromise ??= openIntel({ dataDir: mkdtempSync(join(tmpdir(), 'sw-intel-')), geoSource: 'geolite2' });
  return intelPromise;
}

/** A stable GUID-shaped id per (namespace, upn): distinct people never share one. */
function guidFor(ns: string, upn: string): string {
  const h = fnv1a64(`${ns}:${upn.toLowerCase()}`) + fnv1a64(`${upn.toLowerCase()}:${ns}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

let seq = 0;
const uuid = (): string => {
  seq++;
  const h = seq.toString(16).padStart(12, '0');
  return `6f1c2a3b-4d5e-4f60-8a7b-${h}`;
};

export interface SignInSpec {
  upn: string;
  /** ISO time or epoch ms */
  time: string | number;
  ip: string;
  userId?: string;
  displayName?: string;
  deviceId?: string;
  errorCode?: number;
  app?: string;
  /** Microsoft's own location label (kept as vendorGeo); omit to leave it empty. */
  location?: { city?: string; state?: string; countryOrRegion?: string; lat?: number; lon?: number };
  userAgent?: string;
}

/** A Microsoft Graph `signIn` resource (auditLogs/signIns), as the API returns it. */
export function graphSignIn(s: SignInSpec): Record<string, unknown> {
  const created = typeof s.time === 'number' ? new Date(s.time).toISOString() : s.time;
  return {
    id: uuid(),
    createdDateTime: created,
    userDisplayName: s.displayName ?? s.upn.split('@')[0],
    userPrincipalName: s.upn,
    userId: s.userId ?? guidFor('entra', s.upn),
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: s.app ?? 'Azure Portal',
    ipAddress: s.ip,
    clientAppUsed: 'Browser',
    userAgent:
      s.userAgent ??
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
    correlationId: uuid(),
    conditionalAccessStatus: 'notApplied',
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
    resourceDisplayName: 'Windows Azure Service Management API',
    resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    status: { errorCode: s.errorCode ?? 0, failureReason: s.errorCode ? 'Invalid username or password.' : 'Other.', additionalDetails: null },
    deviceDetail: { deviceId: s.deviceId ?? '', displayName: '', operatingSystem: 'Windows 10', browser: 'Edge 120.0.2210', isCompliant: false, isManaged: false, trustType: '' },
    location: {
      city: s.location?.city ?? '',
      state: s.location?.state ?? '',
      countryOrRegion: s.location?.countryOrRegion ?? '',
      geoCoordinates: { altitude: null, latitude: s.location?.lat ?? null, longitude: s.location?.lon ?? null },
    },
    appliedConditionalAccessPolicies: [],
  };
}

/** An Okta System Log `LogEvent` (GET /api/v1/logs) for a sign-in (user.session.start). */
export function oktaSignIn(s: SignInSpec & { oktaId?: string; outcome?: 'SUCCESS' | 'FAILURE' }): Record<string, unknown> {
  const published = typeof s.time === 'number' ? new Date(s.time).toISOString() : s.time;
  return {
    actor: { id: s.oktaId ?? `00u${fnv1a64('okta:' + s.upn.toLowerCase()).slice(0, 14)}h7`, type: 'User', alternateId: s.upn, displayName: s.displayName ?? s.upn.split('@')[0], detailEntry: null },
    client: {
      userAgent: { rawUserAgent: s.userAgent ?? 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      id: null,
      ipAddress: s.ip,
      geographicalContext: s.location
        ? { city: s.location.city, state: s.location.state, country: s.location.countryOrRegion, postalCode: null, geolocation: { lat: s.location.lat, lon: s.location.lon } }
        : null,
    },
    device: null,
    authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, externalSessionId: '102M55TPJ-YQ1yL8orhbh74Lg' },
    displayMessage: 'User login to Okta',
    eventType: 'user.session.start',
    outcome: { result: s.outcome ?? 'SUCCESS', reason: s.outcome === 'FAILURE' ? 'INVALID_CREDENTIALS' : null },
    published,
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: 'INFO',
    debugContext: { debugData: { requestId: 'Xs2VMppsvxLauLNIgPCN1gAABYQ', deviceFingerprint: s.deviceId, threatSuspected: 'false', url: '/api/v1/authn?' } },
    legacyEventType: 'core.user_auth.login_success',
    transaction: { type: 'WEB', id: 'Xs2VMppsvxLauLNIgPCN1gAABYQ', detail: {} },
    uuid: uuid(),
    version: '0',
    request: { ipChain: [{ ip: s.ip, geographicalContext: null, version: 'V4', source: null }] },
    target: null,
  };
}

export interface UserSpec {
  upn: string;
  displayName?: string;
  /** Claimed home */
  home?: { street?: string; locality?: string; region?: string; postalCode?: string; country?: string };
  timezone?: string;
  phone?: string;
  personalEmail?: string;
  department?: string;
  title?: string;
  userType?: string;
  /** hire = account creation (ISO) */
  created?: string;
  employeeNumber?: string;
}

/** A SCIM 2.0 User (RFC 7643) with the enterprise extension, as an IdP provisions it. */
export function scimUser(u: UserSpec): Record<string, unknown> {
  const [given, family] = (u.displayName ?? u.upn.split('@')[0]).split(/[ .]/);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    id: guidFor('scim', u.upn),
    externalId: u.upn.split('@')[0],
    userName: u.upn,
    name: { formatted: u.displayName, familyName: family ?? '', givenName: given ?? '' },
    displayName: u.displayName ?? u.upn,
    title: u.title ?? 'Software Engineer',
    userType: u.userType ?? 'Employee',
    timezone: u.timezone,
    active: true,
    emails: [
      { value: u.upn, type: 'work', primary: true },
      ...(u.personalEmail ? [{ value: u.personalEmail, type: 'home' }] : []),
    ],
    phoneNumbers: u.phone ? [{ value: u.phone, type: 'mobile' }] : [],
    addresses: u.home
      ? [{ type: 'home', streetAddress: u.home.street, locality: u.home.locality, region: u.home.region, postalCode: u.home.postalCode, country: u.home.country ?? 'US', primary: true }]
      : [],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
      employeeNumber: u.employeeNumber ?? String(parseInt(fnv1a64('emp:' + u.upn.toLowerCase()).slice(0, 8), 16) % 1_000_000),
      department: u.department ?? 'Engineering',
      organization: 'Contoso',
    },
    meta: { resourceType: 'User', created: u.created ?? '2024-01-02T09:00:00Z', lastModified: u.created ?? '2024-01-02T09:00:00Z', version: 'W/"3694e05e9dff591"' },
  };
}

/** Parse vendor records with the real formats (by content sniffing), rejecting loudly. */
export function parseRecords(records: unknown[]): { events: NormalizedEvent[]; directory: DirectoryEntry[] } {
  const events: NormalizedEvent[] = [];
  const directory: DirectoryEntry[] = [];
  records.forEach((r, index) => {
    const fmt = formats.find((f) => f.sniff(r, 'json-array'));
    if (!fmt) throw new Error(`testkit: no format recognises record ${index}: ${JSON.stringify(r).slice(0, 200)}`);
    const out = fmt.parse(r, { file: 'testkit', index });
    if (out.ok !== true) throw new Error(`testkit: ${fmt.id} ${out.ok === false ? `rejected record ${index}: ${out.field}: ${out.message}` : `ignored record ${index}: ${out.reason}`}`);
    if (fmt.produces === 'events') events.push(...(out.items as NormalizedEvent[]));
    else directory.push(...(out.items as DirectoryEntry[]));
  });
  return { events, directory };
}

/** Run detectors over a scenario given as vendor records (SCIM users + sign-ins in any supported format). */
export async function runScenario(opts: {
  directory?: Record<string, unknown>[];
  records: Record<string, unknown>[];
  detectors: AnyDetector[];
  config?: Partial<Config>;
}): Promise<PipelineResult> {
  const intel = await testIntel();
  const pipeline = new Pipeline({ detectors: opts.detectors, intel, config: ConfigSchema.parse(opts.config ?? {}) });
  const { directory } = parseRecords(opts.directory ?? []);
  pipeline.addDirectory(directory);
  for (const ev of parseRecords(opts.records).events) pipeline.ingest(ev);
  return pipeline.finish();
}

/** Findings of one detector for the person with this identifier. */
export function findingsFor(result: PipelineResult, identifier: string, detector?: string) {
  const p = result.people.find((x) => x.identifiers.some((i) => i.toLowerCase() === identifier.toLowerCase()));
  if (!p) throw new Error(`testkit: no person ${identifier}`);
  return p.findings.filter((f) => !detector || f.detector === detector);
}

/** Hours → ms helper for building timelines. */
export const H = 3_600_000;
export const D = 86_400_000;

