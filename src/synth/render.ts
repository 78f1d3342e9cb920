// People and their sign-ins → vendor records (Graph signIn, Okta LogEvent, SCIM User).
import type { RawSignIn } from './activity.ts';
import { ENTRA_APPS, ENTRA_MOBILE_APP, type EntraApp, type GeoFix, entraSignIn, oktaEvent, scimUser } from './formats.ts';
import type { NetIp } from './ip-pools.ts';
import type { Rng } from './prng.ts';
import type { Person } from './roster.ts';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * Where Microsoft places an address: its true place (the vendors' own geolocation is what the company's truth
 * stands for; the local databases may misplace the line, see GEO_ERROR). One documented exception: a real Entra
 * sign-in export (Microsoft Sentinel sample data) places North Korea's 175.45.176.99 in Azor, Tel Aviv (IL). We
 * reproduce that for the KP range, so the product must not trust the vendor's label blindly either.
 */
export function microsoftGeo(ip: NetIp): GeoFix {
  if (ip.risks.includes('kp')) return { city: 'Azor', state: 'Tel Aviv', country: 'IL', lat: 32.02956008911133, lon: 34.79964828491211 };
  return { city: ip.city, state: ip.region, country: ip.country, lat: ip.lat, lon: ip.lon };
}

/** Where Okta places an address: its true place (country as an English name, as in the real Okta samples). */
export function oktaGeo(ip: NetIp): GeoFix {
  return { city: ip.city, state: ip.region, countryName: regionNames.of(ip.country) ?? ip.country, postalCode: ip.postcode, lat: ip.lat, lon: ip.lon };
}

const DOMAINS: Record<number, string> = {
  7922: 'comcast.net', 20115: 'charter.com', 11427: 'rr.com', 10796: 'rr.com', 11426: 'rr.com', 12271: 'rr.com', 33363: 'rr.com', 20001: 'rr.com',
  7018: 'att.net', 22773: 'cox.net', 701: 'verizon.net', 6128: 'optonline.net', 5650: 'frontier.com', 209: 'centurylink.net',
  21928: 't-mobile.com', 22394: 'verizonwireless.com', 20057: 'att.net', 16509: 'amazonaws.com', 14618: 'amazonaws.com',
  14061: 'digitalocean.com', 16276: 'ovh.net', 53813: 'zscaler.net', 62044: 'zscaler.net', 22616: 'zscaler.net', 53444: 'zscaler.net',
  4134: 'chinatelecom.com.cn', 4837: 'chinaunicom.com', 12389: 'rt.ru', 4766: 'kt.com', 9318: 'skbroadband.com', 3320: 'telekom.de',
  24560: 'airtel.in', 55836: 'jio.com', 2856: 'bt.com', 3215: 'orange.fr',
};

/** Okta securityContext: AS number, lower-case organisation (as Okta writes it), domain, anonymiser flag. */
export function oktaNet(ip: NetIp): { asNumber?: number; asOrg?: string; isp?: string; domain?: string; isProxy: boolean } {
  const org = ip.asOrg?.toLowerCase().replace(/[,.]+/g, '').replace(/\s+(inc|llc|ltd|corp|co)$/g, '');
  return { asNumber: ip.asn, asOrg: org, isp: org, domain: (ip.asn && DOMAINS[ip.asn]) || '.', isProxy: ip.netClass === 'vpn' || ip.netClass === 'tor' };
}

const APP_WEIGHTS: [EntraApp, number][] = ENTRA_APPS.map((a) => [a, ({ 'Office 365 Exchange Online': 24, 'Microsoft Teams': 20, 'Microsoft Teams Web Client': 6, 'Office 365 SharePoint Online': 14, OfficeHome: 14, 'Microsoft Office': 10, 'Azure Portal': 6, 'Visual Studio': 6 } as Record<string, number>)[a.appDisplayName] ?? 5]);

export function renderEntra(rng: Rng, p: Person, ev: RawSignIn): Record<string, unknown> {
  const app = ev.device.mobile ? (rng.chance(0.7) ? ENTRA_MOBILE_APP : ENTRA_APPS[1]) : rng.weighted(APP_WEIGHTS);
  return entraSignIn({
    id: rng.uuid(),
    correlationId: rng.uuid(),
    time: ev.time,
    upn: p.upn,
    userId: p.entraUserId,
    displayName: p.displayName,
    app,
    ip: ev.ip.ip,
    device: ev.device,
    errorCode: ev.errorCode,
    location: microsoftGeo(ev.ip),
    interactive: true,
  });
}

const OKTA_APPS = [
  { id: '0oa1k2slack9Xq4TdR357', name: 'Slack' },
  { id: '0oa1k2github7Lm3PqW357', name: 'GitHub Enterprise Cloud' },
  { id: '0oa1k2zoom5Tg8HsK2357', name: 'Zoom' },
  { id: '0oa1k2atlas3Vb6NcJ357', name: 'Atlassian Cloud' },
  { id: '0oa1k2o365Rt4WmZx8357', name: 'Microsoft Office 365' },
];

const OKTA_FAILURES = ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'VERIFICATION_ERROR', 'LOCKED_OUT'];

/** One Okta sign-in: the session start, then (when it succeeded) the MFA step and usually an app SSO. */
export function renderOkta(rng: Rng, p: Person, ev: RawSignIn): Record<string, unknown>[] {
  const ok = ev.errorCode === 0;
  const actor = { id: p.oktaId, alternateId: p.upn, displayName: p.displayName };
  const common = { actor, ip: ev.ip.ip, device: ev.device, geo: oktaGeo(ev.ip), net: oktaNet(ev.ip), externalSessionId: `102${rng.chars(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}` };
  const rid = () => rng.chars(27, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
  const out: Record<string, unknown>[] = [];
  out.push(oktaEvent({ ...common, uuid: oktaUuid(rng, ev.time), time: ev.time, eventType: 'user.session.start', outcome: ok ? 'SUCCESS' : 'FAILURE', reason: ok ? undefined : rng.pick(OKTA_FAILURES), requestId: rid() }));
  if (!ok) return out;
  const tMfa = ev.time + rng.int(4, 25) * 1000;
  out.push(oktaEvent({ ...common, uuid: oktaUuid(rng, tMfa), time: tMfa, eventType: 'user.authentication.auth_via_mfa', outcome: 'SUCCESS', requestId: rid() }));
  if (rng.chance(0.75)) {
    const tSso = tMfa + rng.int(10, 90) * 1000;
    out.push(oktaEvent({ ...common, uuid: oktaUuid(rng, tSso), time: tSso, eventType: 'user.authentication.sso', outcome: 'SUCCESS', app: rng.pick(OKTA_APPS), requestId: rid() }));
  }
  return out;
}

/** Okta event uuids are time-based (version 1), e.g. 62c3328c-9f9e-11ea-86e9-e5b0d2d0f179 in the real samples. */
function oktaUuid(rng: Rng, ms: number): string {
  const t = BigInt(ms) * 10000n + 0x01b21dd213814000n;
  const hex = t.toString(16).padStart(15, '0');
  return `${hex.slice(7, 15)}-${hex.slice(3, 7)}-1${hex.slice(0, 3)}-${rng.hex(4)}-${rng.hex(12)}`;
}

export function renderScim(p: Person, people: Person[]): Record<string, unknown> {
  const mgr = p.managerN !== undefined ? people[p.managerN] : undefined;
  return scimUser({
    id: p.scimId,
    externalId: `WD${p.employeeNumber}`, // the HR system's worker id (unique), as Workday-provisioned tenants carry
    userName: p.upn,
    givenName: p.given,
    familyName: p.family,
    displayName: p.displayName,
    title: p.title,
    userType: p.userType,
    timezone: p.tz,
    locale: p.locale,
    workEmail: p.upn,
    personalEmail: p.personalEmail,
    phones: p.phones,
    home: p.home,
    employeeNumber: p.employeeNumber,
    department: p.department,
    organization: p.idp === 'okta' ? 'Fabrikam' : 'Contoso',
    manager: mgr ? { value: mgr.scimId, displayName: mgr.displayName } : undefined,
    created: p.hiredMs,
    lastModified: p.lastModifiedMs,
    version: `W/"${p.scimId.slice(0, 8)}${p.employeeNumber}"`,
  });
}
