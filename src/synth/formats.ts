// Vendor record builders for the synthetic company, in the shapes the vendors' APIs return:
//  - Microsoft Graph signIn (GET /beta/auditLogs/signIns): field set and value conventions of the Graph docs'
//    response example and of a real Entra sign-in export (Microsoft Sentinel sample data, Adele Vance rows);
//  - Okta System Log LogEvent (GET /api/v1/logs): shapes of Sentinel's Okta_CL.json sample and the Okta events in
//    Panther's rule tests (okta_anonymizing_vpn_login.yml: geographicalContext, securityContext);
//  - SCIM 2.0 User with the enterprise extension (RFC 7643 §8.2 "full user" example).
// Same shapes as test/testkit.ts (graphSignIn / oktaSignIn / scimUser), but every id is supplied by the caller so a
// seed gives byte-identical files.

export interface GeoFix {
  city?: string;
  state?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  countryName?: string;
  postalCode?: string;
  lat?: number;
  lon?: number;
}

export interface EntraApp {
  appId: string;
  appDisplayName: string;
  resourceDisplayName: string;
  resourceId: string;
}

/** First-party Microsoft application ids as they appear in sign-in logs. */
export const ENTRA_APPS: EntraApp[] = [
  { appId: '00000002-0000-0ff1-ce00-000000000000', appDisplayName: 'Office 365 Exchange Online', resourceDisplayName: 'Office 365 Exchange Online', resourceId: '00000002-0000-0ff1-ce00-000000000000' },
  { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', appDisplayName: 'Microsoft Teams', resourceDisplayName: 'Microsoft Teams Services', resourceId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe' },
  { appId: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', appDisplayName: 'Microsoft Teams Web Client', resourceDisplayName: 'Microsoft Teams Services', resourceId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe' },
  { appId: '00000003-0000-0ff1-ce00-000000000000', appDisplayName: 'Office 365 SharePoint Online', resourceDisplayName: 'Office 365 SharePoint Online', resourceId: '00000003-0000-0ff1-ce00-000000000000' },
  { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', appDisplayName: 'OfficeHome', resourceDisplayName: 'Microsoft Graph', resourceId: '00000003-0000-0000-c000-000000000000' },
  { appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', appDisplayName: 'Microsoft Office', resourceDisplayName: 'Microsoft Graph', resourceId: '00000003-0000-0000-c000-000000000000' },
  { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', appDisplayName: 'Azure Portal', resourceDisplayName: 'Windows Azure Service Management API', resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013' },
  { appId: '872cd9fa-d31f-45e0-9eab-6e460a02d1f1', appDisplayName: 'Visual Studio', resourceDisplayName: 'Azure DevOps', resourceId: '499b84ac-1321-427f-aa17-267ca6975798' },
];
export const ENTRA_MOBILE_APP: EntraApp = {
  appId: '27922004-5251-4030-b22d-91ecd9a37ea4',
  appDisplayName: 'Outlook Mobile',
  resourceDisplayName: 'Office 365 Exchange Online',
  resourceId: '00000002-0000-0ff1-ce00-000000000000',
};

/** Entra (AADSTS) sign-in error codes with the failureReason text Graph reports. */
export const ENTRA_ERRORS: Record<number, string> = {
  0: 'Other.',
  50126: 'Error validating credentials due to invalid username or password.',
  50074: 'Strong Authentication is required.',
  50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
  500121: 'Authentication failed during strong authentication request.',
  50055: 'The password is expired.',
  53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
};

export interface Device {
  /** Entra device object id ('' for an unregistered browser) */
  entraDeviceId: string;
  displayName: string;
  operatingSystem: string;
  browser: string;
  isCompliant: boolean;
  isManaged: boolean;
  trustType: string;
  userAgent: string;
  /** Okta debugContext.debugData.deviceFingerprint */
  fingerprint: string;
  okta: { os: string; browser: string; device: 'Computer' | 'Mobile' };
  mobile: boolean;
}

export interface EntraSignInSpec {
  id: string;
  correlationId: string;
  time: number;
  upn: string;
  userId: string;
  displayName: string;
  app: EntraApp;
  ip: string;
  device: Device;
  errorCode: number;
  location?: GeoFix;
  interactive: boolean;
}

/** A Microsoft Graph signIn resource. */
export function entraSignIn(s: EntraSignInSpec): Record<string, unknown> {
  const failed = s.errorCode !== 0;
  return {
    id: s.id,
    createdDateTime: new Date(s.time).toISOString().replace('.000Z', 'Z'),
    userDisplayName: s.displayName,
    userPrincipalName: s.upn,
    userId: s.userId,
    appId: s.app.appId,
    appDisplayName: s.app.appDisplayName,
    ipAddress: s.ip,
    clientAppUsed: s.device.mobile ? 'Mobile Apps and Desktop clients' : 'Browser',
    userAgent: s.device.userAgent,
    correlationId: s.correlationId,
    conditionalAccessStatus: s.errorCode === 53003 ? 'failure' : 'success',
    isInteractive: s.interactive,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: s.app.resourceDisplayName,
    resourceId: s.app.resourceId,
    userType: 'member',
    authenticationRequirement: failed ? 'singleFactorAuthentication' : 'multiFactorAuthentication',
    signInEventTypes: [s.interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    status: { errorCode: s.errorCode, failureReason: ENTRA_ERRORS[s.errorCode] ?? 'Other.', additionalDetails: failed ? null : 'MFA requirement satisfied by claim in the token' },
    deviceDetail: {
      deviceId: s.device.entraDeviceId,
      displayName: s.device.displayName,
      operatingSystem: s.device.operatingSystem,
      browser: s.device.browser,
      isCompliant: s.device.isCompliant,
      isManaged: s.device.isManaged,
      trustType: s.device.trustType,
    },
    location: {
      city: s.location?.city ?? '',
      state: s.location?.state ?? '',
      countryOrRegion: s.location?.country ?? '',
      geoCoordinates: { altitude: null, latitude: s.location?.lat ?? null, longitude: s.location?.lon ?? null },
    },
    appliedConditionalAccessPolicies: [
      {
        id: '6b1c3f0e-1b5a-4a53-9d5e-8b0a8f2d6c11',
        displayName: 'Require MFA for all users',
        enforcedGrantControls: ['Mfa'],
        enforcedSessionControls: [],
        result: failed ? 'notApplied' : 'success',
      },
    ],
  };
}

/** Graph list page: `{"@odata.context", "value", "@odata.nextLink"?}` (newest first, ≤1000 a page). */
export function graphPage(value: Record<string, unknown>[], nextSkipToken?: string): Record<string, unknown> {
  const page: Record<string, unknown> = { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value };
  if (nextSkipToken) page['@odata.nextLink'] = `https://graph.microsoft.com/beta/auditLogs/signIns?$top=1000&$skiptoken=${nextSkipToken}`;
  return page;
}

export interface OktaEventSpec {
  uuid: string;
  time: number;
  eventType: 'user.session.start' | 'user.authentication.sso' | 'user.authentication.auth_via_mfa';
  actor: { id: string; alternateId: string; displayName: string };
  ip: string;
  device: Device;
  outcome: 'SUCCESS' | 'FAILURE';
  reason?: string;
  geo?: GeoFix;
  net?: { asNumber?: number; asOrg?: string; isp?: string; domain?: string; isProxy: boolean };
  requestId: string;
  externalSessionId: string;
  app?: { id: string; name: string };
}

const OKTA_TEXT: Record<OktaEventSpec['eventType'], { display: string; legacy: (ok: boolean) => string }> = {
  'user.session.start': { display: 'User login to Okta', legacy: (ok) => (ok ? 'core.user_auth.login_success' : 'core.user_auth.login_failed') },
  'user.authentication.sso': { display: 'User single sign on to app', legacy: () => 'app.auth.sso' },
  'user.authentication.auth_via_mfa': { display: 'Authentication of user via MFA', legacy: (ok) => (ok ? 'core.user.factor.attempt_success' : 'core.user.factor.attempt_fail') },
};

/** An Okta System Log LogEvent. */
export function oktaEvent(s: OktaEventSpec): Record<string, unknown> {
  const geo = s.geo
    ? { city: s.geo.city ?? null, state: s.geo.state ?? null, country: s.geo.countryName ?? null, postalCode: s.geo.postalCode ?? null, geolocation: { lat: s.geo.lat ?? null, lon: s.geo.lon ?? null } }
    : null;
  const ok = s.outcome === 'SUCCESS';
  return {
    actor: { id: s.actor.id, type: 'User', alternateId: s.actor.alternateId, displayName: s.actor.displayName, detailEntry: null },
    client: {
      userAgent: { rawUserAgent: s.device.userAgent, os: s.device.okta.os, browser: s.device.okta.browser },
      zone: 'null',
      device: s.device.okta.device,
      id: null,
      ipAddress: s.ip,
      geographicalContext: geo,
    },
    device: null,
    authenticationContext: {
      authenticationProvider: s.eventType === 'user.authentication.auth_via_mfa' ? 'FACTOR_PROVIDER' : null,
      credentialProvider: s.eventType === 'user.authentication.auth_via_mfa' ? 'OKTA_CREDENTIAL_PROVIDER' : null,
      credentialType: s.eventType === 'user.authentication.auth_via_mfa' ? 'OTP' : null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: s.externalSessionId,
    },
    displayMessage: OKTA_TEXT[s.eventType].display,
    eventType: s.eventType,
    outcome: { result: s.outcome, reason: ok ? null : (s.reason ?? 'INVALID_CREDENTIALS') },
    published: new Date(s.time).toISOString(),
    securityContext: s.net
      ? { asNumber: s.net.asNumber ?? null, asOrg: s.net.asOrg ?? null, isp: s.net.isp ?? null, domain: s.net.domain ?? null, isProxy: s.net.isProxy }
      : { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: ok ? 'INFO' : 'WARN',
    debugContext: {
      debugData: {
        requestId: s.requestId,
        deviceFingerprint: s.device.fingerprint,
        threatSuspected: 'false',
        url: s.eventType === 'user.authentication.sso' ? `/app/${s.app?.name.toLowerCase().replace(/\W+/g, '') ?? 'app'}/${s.app?.id ?? ''}/sso/saml?` : '/idp/idx/identify?',
        requestUri: s.eventType === 'user.authentication.sso' ? `/app/${s.app?.id ?? ''}/sso/saml` : '/idp/idx/identify',
      },
    },
    legacyEventType: OKTA_TEXT[s.eventType].legacy(ok),
    transaction: { type: 'WEB', id: s.requestId, detail: {} },
    uuid: s.uuid,
    version: '0',
    request: { ipChain: [{ ip: s.ip, geographicalContext: geo, version: 'V4', source: null }] },
    target: s.app
      ? [{ id: s.app.id, type: 'AppInstance', alternateId: s.app.name, displayName: s.app.name, detailEntry: { signOnModeType: 'SAML_2_0' } }]
      : [{ id: s.actor.id, type: 'User', alternateId: s.actor.alternateId, displayName: s.actor.displayName, detailEntry: null }],
  };
}

export interface ScimUserSpec {
  id: string;
  externalId: string;
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  title: string;
  userType: 'Employee' | 'Contractor';
  timezone: string;
  locale: string;
  workEmail: string;
  personalEmail?: string;
  phones: { value: string; type: 'mobile' | 'work' | 'home' }[];
  home: { streetAddress: string; locality: string; region?: string; postalCode?: string; country: string };
  employeeNumber: string;
  department: string;
  organization: string;
  manager?: { value: string; displayName: string };
  created: number;
  lastModified: number;
  version: string;
}

const SCIM_CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SCIM_ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A SCIM 2.0 User with the enterprise extension. */
export function scimUser(u: ScimUserSpec): Record<string, unknown> {
  const h = u.home;
  const formatted = [h.streetAddress, [h.locality, [h.region, h.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '), h.country].join('\n');
  return {
    schemas: [SCIM_CORE, SCIM_ENT],
    id: u.id,
    externalId: u.externalId,
    userName: u.userName,
    name: { formatted: `${u.givenName} ${u.familyName}`, familyName: u.familyName, givenName: u.givenName },
    displayName: u.displayName,
    title: u.title,
    userType: u.userType,
    preferredLanguage: u.locale.replace('_', '-'),
    locale: u.locale,
    timezone: u.timezone,
    active: true,
    emails: [{ value: u.workEmail, type: 'work', primary: true }, ...(u.personalEmail ? [{ value: u.personalEmail, type: 'home' }] : [])],
    phoneNumbers: u.phones,
    addresses: [{ type: 'home', streetAddress: h.streetAddress, locality: h.locality, region: h.region, postalCode: h.postalCode, country: h.country, formatted, primary: true }],
    [SCIM_ENT]: {
      employeeNumber: u.employeeNumber,
      department: u.department,
      organization: u.organization,
      ...(u.manager ? { manager: { value: u.manager.value, displayName: u.manager.displayName } } : {}),
    },
    meta: {
      resourceType: 'User',
      created: new Date(u.created).toISOString().replace('.000Z', 'Z'),
      lastModified: new Date(u.lastModified).toISOString().replace('.000Z', 'Z'),
      location: `https://scim.contoso.com/scim/v2/Users/${u.id}`,
      version: u.version,
    },
  };
}

export function scimListResponse(resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}
