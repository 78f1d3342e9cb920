// A local fake of the Microsoft Graph endpoints the Graph collector reads, in their documented shapes:
// - token: POST /{tenant}/oauth2/v2.0/token, client credentials with a client secret
//   (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#get-a-token);
// - GET /v1.0/auditLogs/signIns (interactive; https://learn.microsoft.com/graph/api/signin-list), GET /beta/auditLogs/signIns
//   with `signInEventTypes/any(t: t eq 'nonInteractiveUser')` (https://learn.microsoft.com/graph/api/signin-list?view=graph-rest-beta),
//   /v1.0/auditLogs/directoryAudits, /v1.0/identityProtection/riskDetections, /v1.0/users, /v1.0/deviceManagement/managedDevices;
// - `$filter=<time> ge <ISO>`, `$top`, newest first, `@odata.nextLink` with an opaque `$skiptoken` over a snapshot taken
//   at the first page (https://learn.microsoft.com/graph/paging); 429 / 503 with Retry-After
//   (https://learn.microsoft.com/graph/throttling), 401 for a missing or expired token.
// Page contents are the real records of src/sources/*/fixtures (Microsoft's documentation examples), cloned with new ids,
// times, users and addresses by the generators below.
import { readFileSync } from 'node:fs';
import { FakeBase, Tokens, guid, hashOf, json } from './common.ts';

const fixture = (rel: string): Record<string, unknown>[] => {
  const d = JSON.parse(readFileSync(new URL(`../../src/sources/${rel}`, import.meta.url), 'utf8')) as { value?: unknown[] } | unknown[];
  return (Array.isArray(d) ? d : (d.value ?? [])) as Record<string, unknown>[];
};
const clone = <T>(v: T): T => structuredClone(v);

/** The signIn of Microsoft's List signIns example, for `upn` at `time` from `ip`. */
export function graphSignIn(o: { n: number; time: number; upn: string; userId?: string; name?: string; ip: string; nonInteractive?: boolean; failed?: boolean }): Record<string, unknown> {
  const [tpl] = fixture('entra-signin/fixtures/graph-signins-page.json');
  const r = clone(tpl);
  r.id = guid(1, o.n);
  r.createdDateTime = new Date(o.time).toISOString();
  r.userPrincipalName = o.upn;
  r.userId = o.userId ?? guid(2, hashOf(o.upn.toLowerCase()));
  r.userDisplayName = o.name ?? o.upn.split('@')[0];
  r.ipAddress = o.ip;
  r.correlationId = guid(3, o.n);
  delete r.location; // the template's place belongs to its own address
  r.isInteractive = !o.nonInteractive;
  if (o.nonInteractive) r.signInEventTypes = ['nonInteractiveUser'];
  if (o.failed) r.status = { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.', additionalDetails: null };
  return r;
}

export function graphAudit(n: number, time: number, upn: string): Record<string, unknown> {
  const r = clone(fixture('entra-graph-audit/fixtures/directoryaudits-page.json')[0]);
  r.id = `Directory_${guid(4, n)}`;
  r.activityDateTime = new Date(time).toISOString();
  const by = r.initiatedBy as { user?: Record<string, unknown> } | undefined;
  if (by?.user) by.user.userPrincipalName = upn;
  return r;
}

export function graphRisk(n: number, time: number, upn: string, ip: string): Record<string, unknown> {
  const r = clone(fixture('entra-graph-audit/fixtures/riskdetections-list.json')[0]);
  r.id = guid(5, n);
  r.detectedDateTime = r.activityDateTime = new Date(time).toISOString();
  r.userPrincipalName = upn;
  r.ipAddress = ip;
  delete r.location;
  return r;
}

export function graphUser(o: { id: string; upn: string; name: string; department?: string; hired?: string; employeeId?: string }): Record<string, unknown> {
  const r = clone(fixture('graph-users/fixtures/graph-users-select-page.json')[0]);
  Object.assign(r, { id: o.id, userPrincipalName: o.upn, mail: o.upn, displayName: o.name, department: o.department ?? 'Engineering', employeeHireDate: o.hired ?? null, employeeId: o.employeeId ?? null });
  return r;
}

export function graphDevice(n: number, upn: string, userId: string, enrolled: number): Record<string, unknown> {
  const r = clone(fixture('intune-devices/fixtures/graph-docs-list-manageddevices.json')[0]);
  Object.assign(r, { id: guid(6, n), userId, userPrincipalName: upn, deviceName: `LAPTOP-${n}`, enrolledDateTime: new Date(enrolled).toISOString(), azureADDeviceId: guid(7, n), serialNumber: `SN${100000 + n}` });
  return r;
}

interface Session {
  items: Record<string, unknown>[];
  top: number;
  path: string;
}

const TIME_FIELD: Record<string, string> = {
  '/v1.0/auditLogs/signIns': 'createdDateTime',
  '/beta/auditLogs/signIns': 'createdDateTime',
  '/v1.0/auditLogs/directoryAudits': 'activityDateTime',
  '/v1.0/identityProtection/riskDetections': 'detectedDateTime',
};

export class FakeGraph extends FakeBase {
  readonly tokens = new Tokens();
  signIns: Record<string, unknown>[] = [];
  nonInteractive: Record<string, unknown>[] = [];
  audits: Record<string, unknown>[] = [];
  risks: Record<string, unknown>[] = [];
  users: Record<string, unknown>[] = [];
  devices: Record<string, unknown>[] = [];
  private readonly sessions = new Map<string, Session>();

  /** Forget every paging snapshot: stored next links then answer 400, as expired skip tokens do. */
  expireLinks(): void {
    this.sessions.clear();
  }
  private seq = 0;

  constructor(
    readonly tenant: string,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    super();
  }

  get tokenUrl(): string {
    return `${this.url}/${this.tenant}/oauth2/v2.0/token`;
  }

  private list(path: string, filter: string): Record<string, unknown>[] | undefined {
    if (path === '/v1.0/users') return this.users;
    if (path === '/v1.0/deviceManagement/managedDevices') return this.devices;
    const field = TIME_FIELD[path];
    if (!field) return undefined;
    const m = new RegExp(`^${field} ge (\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z)`).exec(filter);
    if (!m) throw Object.assign(new Error(`unsupported $filter: ${filter}`), { status: 400 });
    const from = Date.parse(m[1]);
    let src = path === '/v1.0/auditLogs/signIns' ? this.signIns : path === '/v1.0/auditLogs/directoryAudits' ? this.audits : path === '/v1.0/identityProtection/riskDetections' ? this.risks : undefined;
    if (path === '/beta/auditLogs/signIns') {
      if (!/signInEventTypes\/any\(t: t eq 'nonInteractiveUser'\)/.test(filter)) throw Object.assign(new Error('beta sign-ins are asked for non-interactive ones'), { status: 400 });
      src = this.nonInteractive;
    }
    return src!.filter((r) => Date.parse(String(r[field])) >= from).sort((a, b) => Date.parse(String(b[field])) - Date.parse(String(a[field])));
  }

  async listen(): Promise<string> {
    return this.start(async (req, body, u) => {
      if (req.method === 'POST' && u.pathname === `/${this.tenant}/oauth2/v2.0/token`) {
        const f = new URLSearchParams(body);
        if (f.get('grant_type') !== 'client_credentials' || f.get('scope') !== 'https://graph.microsoft.com/.default') return json(400, { error: 'invalid_request' });
        if (f.get('client_id') !== this.clientId || f.get('client_secret') !== this.clientSecret)
          return json(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
        return json(200, { ...this.tokens.issue(), ext_expires_in: 3599 });
      }
      if (!this.tokens.valid(req.headers.authorization)) return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });
      const fault = this.takeFault();
      if (fault) return { status: fault.status, headers: fault.headers, body: fault.body ?? JSON.stringify({ error: { code: fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'Please retry.' } }) };
      const skip = u.searchParams.get('$skiptoken');
      let s: Session | undefined;
      let pos = 0;
      let id: string;
      if (skip !== null) {
        // Skip tokens name a snapshot and a position: the same link gives the same page again (a resumed pass).
        [id, pos] = [skip.split('.')[0], Number(skip.split('.')[1])];
        s = this.sessions.get(id);
        if (!s || !Number.isInteger(pos)) return json(400, { error: { code: 'Request_BadRequest', message: 'Invalid skip token.' } });
      } else {
        const top = Number(u.searchParams.get('$top') ?? '100');
        if (!(top >= 1 && top <= 1000)) return json(400, { error: { code: 'Request_BadRequest', message: 'Invalid $top.' } });
        let items: Record<string, unknown>[] | undefined;
        try {
          items = this.list(u.pathname, u.searchParams.get('$filter') ?? '');
        } catch (e) {
          return json((e as { status?: number }).status ?? 400, { error: { code: 'Request_UnsupportedQuery', message: (e as Error).message } });
        }
        if (!items) return json(404, { error: { code: 'ResourceNotFound', message: u.pathname } });
        s = { items, top, path: u.pathname };
        id = `s${++this.seq}${Math.random().toString(36).slice(2, 8)}`;
        this.sessions.set(id, s);
      }
      const page = s.items.slice(pos, pos + s.top);
      if (!this.takeRate(page.length)) return json(429, { error: { code: 'TooManyRequests', message: 'Too many requests.' } }, { 'retry-after': '1' });
      this.served += page.length;
      const out: Record<string, unknown> = { '@odata.context': `https://graph.microsoft.com${s.path.replace(/^\/(v1\.0|beta)/, '/$1/$metadata#')}`, value: page };
      if (pos + page.length < s.items.length) out['@odata.nextLink'] = `${this.url}${s.path}?$top=${s.top}&$skiptoken=${id}.${pos + page.length}`;
      return json(200, out);
    });
  }
}
