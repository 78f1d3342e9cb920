// The collectors against local fakes of Microsoft Graph, Okta and Google Workspace (test/fakes/), through the real
// IngestService and store: full pulls with paging, resume from the checkpoint after a restart (and after a crash before
// a commit), overlap dedup, throttling honoured, an outage then recovery with back-off, lag reported, and secrets
// that never reach a log line, an error or the store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestSink } from '../src/app/collectors/ingest-sink.ts';
import { collectorStatus } from '../src/app/collectors/runner.ts';
import type { CollectorSink, RecordsBatch } from '../src/app/collectors/sink.ts';
import { IngestService } from '../src/app/service.ts';
import { graphAudit, graphDevice, graphRisk, graphSignIn, graphUser } from './fakes/graph-collect.ts';
import { oktaEvent, oktaUser } from './fakes/okta-logs.ts';
import { googleActivity, googleUser } from './fakes/google-reports.ts';
import { DATA_DIR, SECRETS, loggedEvents, openKit, type Kit } from './collect-kit.ts';

const H = 3_600_000;
const NOW = Date.now();
let kit: Kit;

beforeEach(async () => {
  kit = await openKit();
});
afterEach(async () => {
  await kit.close();
});

/** n sign-ins over the last `hours`, by 6 people from a few addresses. */
function fillGraph(n: number, hours = 6): void {
  for (let i = 0; i < n; i++) {
    const upn = `user${i % 6}@contoso.com`;
    kit.graph.signIns.push(graphSignIn({ n: i, time: NOW - hours * H + Math.floor((hours * H * i) / n), upn, userId: userIdOf(i % 6), ip: `20.${10 + (i % 6)}.${i % 200}.${1 + (i % 250)}` }));
  }
}

const userIdOf = (i: number): string => `aaaaaaaa-0000-4000-8000-00000000000${i}`;

describe('Microsoft Graph collector', () => {
  it('pulls every stream with paging, the token cached; non-interactive sign-ins from beta; users with employee fields', async () => {
    fillGraph(450);
    for (let i = 0; i < 130; i++) kit.graph.nonInteractive.push(graphSignIn({ n: 10_000 + i, time: NOW - 5 * H + i * 60_000, upn: `user${i % 3}@contoso.com`, ip: '20.30.40.50', nonInteractive: true }));
    for (let i = 0; i < 5; i++) kit.graph.audits.push(graphAudit(i, NOW - 2 * H + i * 1000, 'user1@contoso.com'));
    for (let i = 0; i < 3; i++) kit.graph.risks.push(graphRisk(i, NOW - 3 * H + i * 1000, 'user2@contoso.com', '20.30.40.51'));
    for (let i = 0; i < 6; i++) kit.graph.users.push(graphUser({ id: userIdOf(i), upn: `user${i}@contoso.com`, name: `User ${i}`, department: i < 3 ? 'Sales' : 'Engineering', hired: '2026-11-02T00:00:00Z', employeeId: `E${i}` }));
    for (let i = 0; i < 4; i++) kit.graph.devices.push(graphDevice(i, `user${i}@contoso.com`, userIdOf(i), NOW - 30 * 24 * H));
    const runner = kit.runner({ okta: undefined, google: undefined });
    const out = await runner.runAll({ force: true });
    expect(out.map((r) => [r.id, r.records, r.error])).toEqual([
      ['graph-signins', 450, undefined],
      ['graph-noninteractive-signins', 130, undefined],
      ['graph-directory-audits', 5, undefined],
      ['graph-risk-detections', 3, undefined],
      ['graph-users', 6, undefined],
      ['graph-managed-devices', 4, undefined],
    ]);
    expect(out[0].pages).toBe(5); // $top=100: 100·4 + 50
    expect(kit.graph.tokens.issued).toBe(1); // one token for 6 streams and 14 pages
    const signinReqs = kit.graph.dataRequests('/v1.0/auditLogs/signIns');
    expect(signinReqs[0].query.get('$filter')).toMatch(/^createdDateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(signinReqs.slice(1).every((r) => r.query.get('$skiptoken'))).toBe(true);
    expect(kit.graph.dataRequests('/beta/auditLogs/signIns')[0].query.get('$filter')).toContain("signInEventTypes/any(t: t eq 'nonInteractiveUser')");
    expect(kit.graph.dataRequests('/v1.0/users')[0].query.get('$select')).toContain('employeeHireDate');
    // Everything went through the parsers into the store: each sign-in once, the directory with its departments.
    const ev = 450 + 130 + 5 + 3 + 4;
    expect(await loggedEvents(kit.store)).toBe(ev);
    const s = await kit.store.collectors().get('graph-signins');
    expect(s).toMatchObject({ events: 450, pages: 5, failures: 0 });
    expect(s?.checkpoint).toEqual({ since: new Date(Date.parse(String(kit.graph.signIns[449].createdDateTime))).toISOString() });
    const person = await kit.store.findPersonByIdentifier('user4@contoso.com');
    expect((await kit.store.getPerson(person!))?.directory?.department).toBe('Engineering');
    // Runs record each page under via "collect", with no rejection.
    const runs = await kit.store.listRuns(100);
    expect(runs.every((r) => r.via === 'collect' && r.inputs[0].rejected === 0)).toBe(true);
  });

  it('resumes from the checkpoint after a crash before a commit: nothing lost, nothing counted twice', async () => {
    fillGraph(520);
    // A sink that dies while writing page 3 (before its commit), as a killed process would.
    let pages = 0;
    const real = new IngestSink(kit.service, kit.store);
    const dying: CollectorSink = {
      write: async (b: RecordsBatch) => {
        if (++pages === 3) throw new Error('process killed before commit');
        return real.write(b);
      },
    };
    // Held pages off (maxBufferedRecords = one page): each page commits as it comes, with the next link.
    const first = await kit.runner({ okta: undefined, google: undefined, maxBufferedRecords: 100 }, dying).runOne('graph-signins', { force: true });
    expect(first.error).toMatch(/killed/);
    const mid = await kit.store.collectors().get('graph-signins');
    expect(mid).toMatchObject({ events: 200, pages: 2, failures: 1 });
    expect(mid?.checkpoint.next).toMatch(/\$skiptoken=/);
    expect(await loggedEvents(kit.store)).toBe(200);
    // A new process on the same store: it resumes at the stored next link, not at the window start.
    const before = kit.graph.requests.length;
    const service2 = await IngestService.open(kit.store, { dataDir: DATA_DIR });
    const again = await kit.runner({ okta: undefined, google: undefined, maxBufferedRecords: 100 }, new IngestSink(service2, kit.store)).runOne('graph-signins', { force: true });
    expect(again).toMatchObject({ records: 320, fresh: 320, alreadyIngested: 0, complete: true });
    const resumed = kit.graph.requests.slice(before).filter((r) => r.path.endsWith('signIns'));
    expect(resumed[0].query.get('$skiptoken')).toBe(String(mid?.checkpoint.next).split('$skiptoken=')[1]);
    expect(await loggedEvents(kit.store)).toBe(520);
    expect((await kit.store.collectors().get('graph-signins'))?.events).toBe(520);
  });

  it('commits a newest-first pass oldest first; a crash between its parts re-reads the window, deduplicated', async () => {
    fillGraph(520);
    let pages = 0;
    const seen: number[] = [];
    const real = new IngestSink(kit.service, kit.store);
    const dying: CollectorSink = {
      write: async (b) => {
        if (++pages === 4) throw new Error('killed between parts');
        seen.push(b.newestEventAt!);
        return real.write(b);
      },
    };
    const first = await kit.runner({ okta: undefined, google: undefined }, dying).runOne('graph-signins', { force: true });
    expect(first.error).toMatch(/killed/);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // oldest part first, although Graph listed newest first
    const mid = await kit.store.collectors().get('graph-signins');
    expect(mid?.events).toBe(300);
    expect(mid?.checkpoint.next).toBeUndefined(); // the window start stays until the pass's last part
    const again = await kit.runner({ okta: undefined, google: undefined }).runOne('graph-signins', { force: true });
    expect(again).toMatchObject({ records: 520, fresh: 220, alreadyIngested: 300, complete: true });
    expect(await loggedEvents(kit.store)).toBe(520);
    expect((await kit.store.collectors().get('graph-signins'))?.events).toBe(520);
  });

  it('falls back to the window start when the stored next link has expired (the dedup drops the re-read)', async () => {
    fillGraph(250);
    let pages = 0;
    const real = new IngestSink(kit.service, kit.store);
    await kit.runner({ okta: undefined, google: undefined, maxBufferedRecords: 100 }, { write: async (b) => (++pages === 2 ? Promise.reject(new Error('crash')) : real.write(b)) }).runOne('graph-signins', { force: true });
    kit.graph.expireLinks();
    const r = await kit.runner({ okta: undefined, google: undefined }).runOne('graph-signins', { force: true });
    expect(r).toMatchObject({ records: 250, fresh: 150, alreadyIngested: 100, complete: true });
    expect(await loggedEvents(kit.store)).toBe(250);
  });

  it('asks again for the overlap window and counts each event once', async () => {
    fillGraph(100, 2);
    const runner = kit.runner({ okta: undefined, google: undefined });
    await runner.runOne('graph-signins', { force: true });
    // Late and new events: one older than the checkpoint but inside the 15-minute overlap, two newer.
    const newest = Date.parse(String(kit.graph.signIns[99].createdDateTime));
    kit.graph.signIns.push(graphSignIn({ n: 500, time: newest - 10 * 60_000, upn: 'user1@contoso.com', ip: '20.10.1.1' }));
    kit.graph.signIns.push(graphSignIn({ n: 501, time: newest + 60_000, upn: 'user1@contoso.com', ip: '20.10.1.1' }));
    kit.graph.signIns.push(graphSignIn({ n: 502, time: newest + 120_000, upn: 'user2@contoso.com', ip: '20.10.1.2' }));
    const r = await runner.runOne('graph-signins', { force: true });
    expect(r.fresh).toBe(3);
    expect(r.alreadyIngested).toBeGreaterThan(0); // the overlap re-read
    const last = kit.graph.dataRequests('/v1.0/auditLogs/signIns').at(-1)!;
    expect(last.query.get('$filter')).toBe(`createdDateTime ge ${new Date(newest - 15 * 60_000).toISOString().slice(0, 19)}Z`);
    expect(await loggedEvents(kit.store)).toBe(103);
    expect((await kit.store.collectors().get('graph-signins'))?.events).toBe(103);
  });

  it('honours 429 and 503 with Retry-After, then completes', async () => {
    fillGraph(300);
    kit.graph.fail(2, { status: 429, headers: { 'retry-after': '7' } });
    kit.graph.fail(1, { status: 503, headers: { 'retry-after': '3' } });
    const r = await kit.runner({ okta: undefined, google: undefined }).runOne('graph-signins', { force: true });
    expect(r).toMatchObject({ records: 300, complete: true });
    expect(kit.waits.map((w) => w.ms)).toEqual([7000, 7000, 3000]);
    expect(kit.graph.requests.filter((q) => q.status === 429)).toHaveLength(2);
  });

  it('an outage: the pass fails, backs off (state visible), skips while backing off, recovers', async () => {
    fillGraph(50);
    let now = NOW;
    const runner = kit.runner({ okta: undefined, google: undefined, maxRetries: 2 }, undefined, { now: () => now, rand: () => 0.5 });
    kit.graph.outage({ status: 503 });
    const a = await runner.runOne('graph-signins');
    expect(a.error).toMatch(/HTTP 503/);
    let s = await kit.store.collectors().get('graph-signins');
    expect(s).toMatchObject({ failures: 1, lastError: expect.stringMatching(/503/) });
    // base 10 s, first failure: between 5 and 10 s (jitter 0.5 → 7.5 s)
    expect(Date.parse(s!.nextAttemptAt!) - now).toBe(7500);
    expect((await runner.runOne('graph-signins')).skipped).toBe('backing off');
    now += 8000;
    const b = await runner.runOne('graph-signins');
    expect(b.error).toBeDefined();
    s = await kit.store.collectors().get('graph-signins');
    expect(s?.failures).toBe(2);
    expect(Date.parse(s!.nextAttemptAt!) - now).toBe(15_000); // doubled
    expect(collectorStatus(await kit.store.collectors().list(), runner, now).find((x) => x.id === 'graph-signins')?.health).toBe('backing-off');
    kit.graph.heal();
    now += 16_000;
    const c = await runner.runOne('graph-signins');
    expect(c).toMatchObject({ records: 50, complete: true });
    s = await kit.store.collectors().get('graph-signins');
    expect(s?.failures).toBe(0);
    expect(s?.nextAttemptAt).toBeUndefined();
    expect(await loggedEvents(kit.store)).toBe(50);
  });

  it('reports its lag: now minus the newest event time', async () => {
    fillGraph(20, 3); // the newest is 3 h·19/20 after the start, i.e. 9 minutes ago
    const runner = kit.runner({ okta: undefined, google: undefined });
    await runner.runOne('graph-signins', { force: true });
    const newest = Date.parse(String(kit.graph.signIns[19].createdDateTime));
    const at = newest + 600_000;
    const st = collectorStatus(await kit.store.collectors().list(), runner, at);
    expect(st.find((x) => x.id === 'graph-signins')).toMatchObject({ lagSeconds: 600, health: 'ok', events: 20, vendor: 'graph', kind: 'events' });
    expect(st.find((x) => x.id === 'graph-users')).toMatchObject({ health: 'never-run', configured: true });
  });
});

describe('Okta collector', () => {
  const fill = (n: number) => {
    for (let i = 0; i < n; i++) kit.okta.events.push(oktaEvent({ n: i, time: NOW - 4 * H + i * 10_000, login: `dev${i % 5}@acme.example`, ip: `23.${20 + (i % 5)}.1.${1 + (i % 200)}` }));
    for (let i = 0; i < 5; i++) kit.okta.users.push(oktaUser({ id: `00u${i}abcdefghijklmn`, login: `dev${i}@acme.example`, first: 'Dev', last: String(i) }));
  };

  it('polls /api/v1/logs with since and ASCENDING, follows Link rel="next", reads the users (SSWS)', async () => {
    fill(230);
    const out = await kit.runner({ graph: undefined, google: undefined }).runAll({ force: true });
    expect(out.map((r) => [r.id, r.records, r.error])).toEqual([
      ['okta-logs', 230, undefined],
      ['okta-users', 5, undefined],
    ]);
    const reqs = kit.okta.dataRequests('/api/v1/logs');
    expect(reqs).toHaveLength(3);
    expect(reqs[0].query.get('sortOrder')).toBe('ASCENDING');
    expect(reqs[1].query.get('after')).toBeTruthy();
    expect(reqs.every((r) => r.authorization === `SSWS ${SECRETS.oktaToken}`)).toBe(true);
    expect(await loggedEvents(kit.store)).toBe(230);
    expect((await kit.store.collectors().get('okta-logs'))?.checkpoint).toEqual({ since: String(kit.okta.events[229].published) });
    const pid = await kit.store.findPersonByIdentifier('dev3@acme.example');
    expect((await kit.store.getPerson(pid!))?.directory?.source).toBe('okta-users');
  });

  it('waits for X-Rate-Limit-Reset when the window is spent, and retries a 429', async () => {
    fill(250);
    // Windows of one second holding two requests: the second answer says 0 remaining, so the collector waits for the
    // reset (real waits here: the fake's window is real time) before the third; a 429 is retried after its reset too.
    kit.okta.windowMs = 1000;
    kit.okta.limitPerWindow = 2;
    kit.okta.fail(1, { status: 429, headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1) } });
    const r = await kit.runner({ graph: undefined, google: undefined }, undefined, { realSleep: true }).runOne('okta-logs', { force: true });
    expect(r).toMatchObject({ records: 250, complete: true });
    expect(kit.okta.requests.filter((q) => q.status === 429)).toHaveLength(1); // only the injected one: the pace avoided the others
    expect(kit.waits.length).toBeGreaterThanOrEqual(2);
    expect(kit.waits.every((w) => w.ms > 0 && w.ms <= 2_100)).toBe(true);
  });

  it('OAuth for Okta: private_key_jwt client assertion, token cached', async () => {
    fill(120);
    const runner = kit.runner({
      graph: undefined,
      google: undefined,
      okta: { orgUrl: kit.okta.url, pageSize: 100, auth: { kind: 'oauth', clientId: '0oa1svc2app3ID4567', privateKey: { env: 'SW_TEST_OKTA_KEY' }, keyId: 'k1' } },
    });
    const out = await runner.runAll({ force: true });
    expect(out.map((r) => r.error)).toEqual([undefined, undefined]);
    expect(kit.okta.tokens.issued).toBe(1);
    expect(kit.okta.dataRequests().every((q) => q.authorization?.startsWith('Bearer '))).toBe(true);
    expect(await loggedEvents(kit.store)).toBe(120);
  });
});

describe('Google Workspace collector', () => {
  it('lists login, token and admin activities with startTime and pageToken, and the Directory users, as a delegated service account', async () => {
    for (let i = 0; i < 160; i++) (kit.google.activities.login ??= []).push(googleActivity({ n: i, time: NOW - 5 * H + i * 60_000, email: `g${i % 4}@acme.example`, ip: `34.${100 + (i % 4)}.0.${1 + i}` }));
    for (let i = 0; i < 3; i++) (kit.google.activities.admin ??= []).push(googleActivity({ n: 1000 + i, time: NOW - H + i, email: 'g0@acme.example', ip: '34.100.0.9', app: 'admin' }));
    for (let i = 0; i < 4; i++) kit.google.users.push(googleUser({ id: `10${i}000000000000000000`, email: `g${i}@acme.example`, name: `Gee ${i}` }));
    const out = await kit.runner({ graph: undefined, okta: undefined }).runAll({ force: true });
    expect(out.map((r) => [r.id, r.records, r.error])).toEqual([
      ['google-login', 160, undefined],
      ['google-token', 0, undefined],
      ['google-admin', 3, undefined],
      ['google-users', 4, undefined],
    ]);
    expect(kit.google.lastClaims).toMatchObject({ sub: 'admin@acme.example', iss: kit.google.clientEmail, aud: kit.google.tokenUrl });
    expect(kit.google.tokens.issued).toBe(1);
    const login = kit.google.dataRequests('/applications/login');
    expect(login).toHaveLength(2);
    expect(login[0].query.get('startTime')).toMatch(/Z$/);
    expect(login[1].query.get('pageToken')).toBeTruthy();
    expect(await kit.store.findPersonByIdentifier('g2@acme.example')).toBeDefined();
  });

  it('refuses a next-page link to another host (the token is never sent there)', async () => {
    for (let i = 0; i < 3; i++) (kit.google.activities.login ??= []).push(googleActivity({ n: i, time: NOW - H + i, email: 'g0@acme.example', ip: '34.100.0.9' }));
    await kit.runner({ graph: undefined, okta: undefined }).runOne('google-login', { force: true });
    // A tampered checkpoint pointing elsewhere.
    await kit.store.collectors().saveCheckpoint('google-login', { checkpoint: { since: new Date(NOW - H).toISOString(), next: 'https://evil.example/steal' }, events: 0, at: new Date() });
    const r = await kit.runner({ graph: undefined, okta: undefined }).runOne('google-login', { force: true });
    expect(r.error).toMatch(/points to https:\/\/evil\.example/);
  });
});

describe('secrets', () => {
  it('never appear in log lines, errors, stored errors or runs, even when a server echoes them', async () => {
    fillGraph(30);
    // Wrong Graph secret in the environment: the token endpoint refuses (and our fake's error names no secret)…
    const wrong = { ...kit.env, SW_TEST_GRAPH_SECRET: `${SECRETS.graphSecret}-wrong` };
    // …and an Okta 500 whose body echoes the API token.
    kit.okta.fail(10, { status: 500, body: JSON.stringify({ errorSummary: `bad header Authorization: SSWS ${SECRETS.oktaToken}` }) });
    kit.okta.events.push(oktaEvent({ n: 1, time: NOW - H, login: 'a@acme.example', ip: '23.1.1.1' }));
    const errors: string[] = [];
    for (const env of [wrong, kit.env]) {
      const out = await kit.runner({ google: undefined, maxRetries: 1 }, undefined, { env }).runAll({ force: true });
      errors.push(...out.flatMap((r) => (r.error ? [r.error] : [])));
    }
    // Missing secrets are reported by name.
    const missing = kit.runner({ graph: { tenantId: 't', clientId: 'c', clientSecret: { env: 'SW_TEST_NOT_SET' } }, okta: undefined, google: undefined });
    expect(missing.problems).toEqual([{ vendor: 'graph', message: 'collectors.graph.clientSecret: environment variable SW_TEST_NOT_SET is not set' }]);
    expect(errors.some((e) => /HTTP 500/.test(e))).toBe(true);
    expect(errors.some((e) => /token request failed: .*HTTP 401: .*invalid_client/.test(e))).toBe(true); // the wrong secret was tried
    const everything = JSON.stringify({ errors, logs: kit.logs, states: await kit.store.collectors().list(), runs: await kit.store.listRuns(1000) });
    expect(everything).toContain('SSWS ***'); // the echo was there, scrubbed
    for (const s of [SECRETS.graphSecret, SECRETS.oktaToken, 'PRIVATE KEY', JSON.parse(kit.googleKeyJson).private_key.split('\n')[1]]) expect(everything).not.toContain(s);
    // Tokens the fakes issued never appear either.
    expect(everything).not.toMatch(/tok-[a-z0-9]{8,}/);
  });
});
