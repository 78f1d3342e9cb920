// API tests with app.inject against an in-memory PGlite store. The ingest function here stands in for the real
// pipeline (wired by the app layer): it reads real Okta_CL records (fixtures/README.md), rejects records without an
// actor, and saves the real PersonResult (store fixtures) of each actor it sees, the way the pipeline would.
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createToken } from '../app/tokens.ts';
import { pseudonymiser } from '../app/pseudonym.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputSummary, PersonResult, RejectedRecord } from '../core/model.ts';
import { samplePeople, user100, user55 } from '../store/fixtures/people.ts';
import { openPGliteStore } from '../store/pglite.ts';
import type { Store } from '../store/types.ts';
import { buildServer, INGEST_BODY_LIMIT, type IngestOptions, type IngestResult } from './index.ts';

const oktaText = readFileSync(new URL('./fixtures/okta_cl_sample.json', import.meta.url), 'utf8');
const oktaRecords = JSON.parse(oktaText) as Record<string, string>[];
const oktaNdjson = oktaRecords.map((r) => JSON.stringify(r)).join('\n') + '\n';

let runSeq = 0;

/** Parse JSON array or NDJSON; a body that is neither is a whole-file error naming the line. */
function parseRecords(body: string, name: string): unknown[] {
  try {
    const v = JSON.parse(body);
    return Array.isArray(v) ? v : [v];
  } catch {
    return body
      .split('\n')
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.trim())
      .map(([l, i]) => {
        try {
          return JSON.parse(l);
        } catch (e) {
          // A bad file: the real service marks it 400 the same way.
          throw Object.assign(new Error(`${name}: line ${i + 1}: not JSON or NDJSON (${(e as Error).message})`), { statusCode: 400 });
        }
      });
  }
}

function testIngest(store: Store) {
  return async (body: string, opts: IngestOptions): Promise<IngestResult> => {
    const startedAt = new Date().toISOString();
    const records = parseRecords(body, opts.name);
    const errors: RejectedRecord[] = [];
    const seen = new Map<string, PersonResult>();
    records.forEach((r, index) => {
      const actor = (r as Record<string, unknown>).actor_alternateId;
      if (typeof actor !== 'string' || actor === '') {
        errors.push({ index, field: 'actor_alternateId', message: 'missing actor', raw: JSON.stringify(r).slice(0, 200) });
        return;
      }
      const p = samplePeople.find((x) => x.identifiers.some((v) => v.toLowerCase() === actor.toLowerCase()));
      if (p) seen.set(p.personId, p);
    });
    const input: InputSummary = { path: opts.name, format: opts.format ?? 'okta-sentinel', records: records.length, accepted: records.length - errors.length, ignored: 0, ignoredReasons: {}, rejected: errors.length, errors };
    const runId = `api-test-${++runSeq}`;
    await store.saveRun({ id: runId, via: 'api', startedAt, finishedAt: new Date().toISOString(), inputs: [input] });
    await store.savePeople([...seen.values()], runId);
    const updated = (await store.listPeople()).filter((s) => seen.has(s.personId));
    return { runId, inputs: [input], alreadyIngested: 0, people: updated.length, updated };
  };
}

describe('HTTP API', () => {
  let store: Store;
  let server: FastifyInstance;
  let token: string;
  const calls: { body: string; opts: IngestOptions }[] = [];
  /** Every request with the API token (test/api-security.test.ts covers requests without one). */
  const withToken = (s: FastifyInstance) => ({
    inject: (o: InjectOptions) => s.inject({ ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } }),
    close: () => s.close(),
  });
  let app: ReturnType<typeof withToken>;

  beforeAll(async () => {
    store = await openPGliteStore('memory://');
    token = (await createToken(store, 'server-test', 'admin')).token;
    const ingest = testIngest(store);
    server = await buildServer({
      store,
      version: '9.8.7-test',
      ingest: async (body, opts) => {
        calls.push({ body, opts });
        return ingest(body, opts);
      },
    });
    app = withToken(server);
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  it('GET /healthz pings the store', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: '9.8.7-test', store: 'ok' });
  });

  it('GET /healthz is 503 when the store is unreachable', async () => {
    const broken: Store = { ...store, ping: async () => { throw new Error('connection terminated: 10.1.2.3:5432'); } } as Store;
    const other = await buildServer({ store: broken, version: '1', ingest: async () => { throw new Error('unused'); } });
    const res = await other.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    // No token needed, so the cause (a database's message or address) stays in the log.
    expect(res.json()).toEqual({ status: 'error', version: '1', store: 'error', message: expect.stringMatching(/^the store is unreachable \(request id [0-9a-f-]{36}; the cause is in the server log\)$/) });
    expect(res.body).not.toContain('10.1.2.3');
    await other.close();
  });

  it('POST /api/ingest (application/json) saves people and the run with its rejected record', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest?name=Okta_CL.json', headers: { 'content-type': 'application/json' }, payload: oktaText });
    expect(res.statusCode).toBe(200);
    const out = res.json() as IngestResult;
    expect(calls.at(-1)!.body).toBe(oktaText); // raw text, not re-serialised
    expect(calls.at(-1)!.opts).toEqual({ name: 'Okta_CL.json', contentType: 'application/json', format: undefined });
    expect(out.people).toBe(2);
    expect(out.updated.map((s) => s.personId).sort()).toEqual([user100.personId, user55.personId].sort());
    expect(out.updated.find((s) => s.personId === user100.personId)).toMatchObject({ risk: user100.risk, level: user100.level, findings: 2, topFinding: user100.findings[0].title });
    expect(out.inputs).toEqual([
      {
        path: 'Okta_CL.json',
        format: 'okta-sentinel',
        records: 4,
        accepted: 3,
        ignored: 0,
        ignoredReasons: {},
        rejected: 1,
        errors: [{ index: 3, field: 'actor_alternateId', message: 'missing actor', raw: expect.stringContaining('"TimeGenerated":"2020-05-21T17:31:00.014Z"') }],
      },
    ]);

    const runs = await app.inject({ method: 'GET', url: '/api/runs' });
    expect(runs.statusCode).toBe(200);
    const listed = runs.json() as { id: string; inputs: { rejected: number; errors: unknown[] }[] }[];
    expect(listed[0].id).toBe(out.runId);
    expect(listed[0].inputs[0]).toMatchObject({ rejected: 1, errors: [] });

    const run = await app.inject({ method: 'GET', url: `/api/runs/${out.runId}` });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toEqual({ ...(await store.getRun(out.runId)), inputs: out.inputs });
  });

  it('POST /api/ingest passes JSON, NDJSON and CSV through as text, with ?format= and ?name=; other content types are 415', async () => {
    const nd = await app.inject({ method: 'POST', url: '/api/ingest?name=okta.ndjson&format=okta-sentinel', headers: { 'content-type': 'application/x-ndjson' }, payload: oktaNdjson });
    expect(nd.statusCode).toBe(200);
    expect(calls.at(-1)).toEqual({ body: oktaNdjson, opts: { name: 'okta.ndjson', contentType: 'application/x-ndjson', format: 'okta-sentinel' } });
    expect((nd.json() as IngestResult).inputs[0]).toMatchObject({ path: 'okta.ndjson', format: 'okta-sentinel', records: 4, rejected: 1 });

    for (const contentType of ['application/json; charset=utf-8', 'application/x-ndjson; charset="UTF-8"']) {
      const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': contentType }, payload: oktaNdjson });
      expect(res.statusCode).toBe(200);
      expect(calls.at(-1)!.body).toBe(oktaNdjson);
      expect(calls.at(-1)!.opts).toMatchObject({ name: 'upload', contentType });
    }
    // What an HTML form can send, unknown types, no type, another charset: 415 before ingest is called.
    const before = calls.length;
    for (const contentType of ['text/plain; charset=utf-8', 'application/octet-stream', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', undefined]) {
      const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: contentType ? { 'content-type': contentType } : {}, payload: oktaNdjson });
      expect(res.statusCode, contentType).toBe(415);
      expect(res.json().message, contentType).toMatch(/application\/json, application\/x-ndjson, text\/csv|UTF-8/);
    }
    expect(calls.length).toBe(before);

    // A CSV export (columns of the real Entra training-lab row, see the store fixtures) reaches ingest byte for
    // byte; this test ingest only reads JSON, so here the file is a 400.
    const csv = 'TenantId,SourceSystem,OperationName,UserPrincipalName,IPAddress\n7c759f10-811c-4db8-ad6d-f07d8ae3f8ea,Azure AD,Sign-in activity,adelev@m365x816222.onmicrosoft.com,175.45.176.99\n';
    const res = await app.inject({ method: 'POST', url: '/api/ingest?name=signin.csv', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(calls.at(-1)).toEqual({ body: csv, opts: { name: 'signin.csv', contentType: 'text/csv', format: undefined } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Bad Request', message: expect.stringMatching(/^signin\.csv: line 1: not JSON or NDJSON/) });
  });

  it('POST /api/ingest answers a bad whole file with 400 and the error message', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest?name=broken.json', headers: { 'content-type': 'application/json' }, payload: '[{"uuid_g": "6540b50a",' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Bad Request', message: expect.stringContaining('broken.json: line 1: not JSON or NDJSON') });
  });

  it('POST /api/ingest rejects empty bodies, multipart forms, bad query params and bodies over 100 MB', async () => {
    const empty = await app.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toBe('Bad Request');

    const form = await app.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\n\r\n--x--' });
    expect(form.statusCode).toBe(415);
    expect(form.json()).toEqual({ error: 'Unsupported Media Type', message: expect.stringContaining('raw request body') });

    const q = await app.inject({ method: 'POST', url: '/api/ingest?bogus=1', headers: { 'content-type': 'application/x-ndjson' }, payload: oktaNdjson });
    expect(q.statusCode).toBe(400);
    expect(q.json().message).toMatch(/querystring/);

    const big = 'x'.repeat(INGEST_BODY_LIMIT + 1);
    const callsBefore = calls.length;
    const tooBig = await app.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'application/x-ndjson' }, payload: big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toBe('Payload Too Large');
    expect(calls.length).toBe(callsBefore);
  });

  it('POST /api/ingest accepts bodies above fastify’s default 1 MB limit', async () => {
    const many = Array.from({ length: 400 }, () => oktaRecords[0]);
    const body = JSON.stringify(many);
    expect(body.length).toBeGreaterThan(1_048_576);
    const res = await app.inject({ method: 'POST', url: '/api/ingest?name=big.json', headers: { 'content-type': 'application/json' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect((res.json() as IngestResult).inputs[0].records).toBe(400);
  });

  it('ingest errors: a 4xx statusCode is kept; database and other errors are 500s naming only a request id', async () => {
    const mk = async (err: unknown) => withToken(await buildServer({ store, version: '1', ingest: async () => { throw err; } }));
    const dbErr = Object.assign(new Error('duplicate key value violates unique constraint "people_pkey"'), { severity: 'ERROR', code: '23505' });
    const a = await mk(dbErr);
    const r1 = await a.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'application/json' }, payload: 'x' });
    expect(r1.statusCode).toBe(500);
    expect(r1.json()).toEqual({ error: 'Internal Server Error', message: expect.stringContaining(`request id ${r1.headers['x-request-id']}`), requestId: r1.headers['x-request-id'] });
    expect(r1.body).not.toContain('people_pkey');
    const plain = await mk(new Error('connect ECONNREFUSED 10.0.0.5:5432'));
    const r3 = await plain.inject({ method: 'POST', url: '/api/ingest', headers: { 'content-type': 'application/json' }, payload: 'x' });
    expect(r3.statusCode).toBe(500);
    expect(r3.body).not.toContain('10.0.0.5');
    await plain.close();
    const b = await mk(Object.assign(new Error('format "nope" is not a supported format'), { statusCode: 422 }));
    const r2 = await b.inject({ method: 'POST', url: '/api/ingest?format=nope', headers: { 'content-type': 'application/json' }, payload: 'x' });
    expect(r2.statusCode).toBe(422);
    expect(r2.json()).toEqual({ error: 'Unprocessable Entity', message: 'format "nope" is not a supported format' });
    await a.close();
    await b.close();
  });

  it('GET /api/people lists summaries by risk, filters by level and pages', async () => {
    await store.savePeople(samplePeople, 'api-test-all');
    const res = await app.inject({ method: 'GET', url: '/api/people' });
    expect(res.statusCode).toBe(200);
    const all = res.json() as { personId: string; risk: number; level: string }[];
    // The summaries (existing contract) with the UI's fields (department, hiredAt, topDetectors), and the total; each
    // person under their pseudonym (src/server/privacy.ts), everything else as stored.
    const ps = pseudonymiser(await store.auth().secret('pseudonym'));
    const pseudonymised = <T extends { personId: string; displayName?: string }>(s: T) => ({ ...s, ...(s.displayName !== undefined ? { displayName: ps(s.personId) } : {}), identifiers: [], pseudonym: ps(s.personId) });
    expect(all).toEqual((await store.listPeoplePage({ limit: 100 })).map(pseudonymised));
    expect(all).toEqual((await store.listPeople({ limit: 100 })).map((s) => expect.objectContaining(pseudonymised(s))));
    expect(res.headers['x-total-count']).toBe(String(all.length));
    expect(all.map((s) => s.personId)).toEqual([...samplePeople].sort((a, b) => b.risk - a.risk).map((p) => p.personId));

    for (const level of ['high', 'medium', 'low', 'none']) {
      const r = await app.inject({ method: 'GET', url: `/api/people?level=${level}` });
      expect(r.statusCode).toBe(200);
      const got = r.json() as { personId: string; level: string }[];
      expect(got.map((s) => s.personId)).toEqual(all.filter((s) => s.level === level).map((s) => s.personId));
      expect(got.length).toBeGreaterThan(0);
    }
    const page = await app.inject({ method: 'GET', url: '/api/people?limit=2&offset=1' });
    expect(page.json()).toEqual(all.slice(1, 3));
  });

  it('GET /api/people validates its query', async () => {
    for (const qs of ['level=critical', 'limit=0', 'limit=abc', 'offset=-1', 'limit=10001', 'sort=name', 'q=%01', 'newHires=maybe', 'offset=99999999999999999999', 'offset=1000000001']) {
      const r = await app.inject({ method: 'GET', url: `/api/people?${qs}` });
      expect(r.statusCode, qs).toBe(400);
      expect(r.json(), qs).toEqual({ error: 'Bad Request', message: expect.stringContaining('querystring') });
    }
  });

  it('GET /api/people/:id gives the stored person with findings and evidence; unknown is 404', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/people/${user100.personId}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const stored = (await store.getPerson(user100.personId))!;
    const ps = pseudonymiser(await store.auth().secret('pseudonym'))(user100.personId);
    // As stored, but under the pseudonym: no name, no identifier, a directory entry without who it is.
    const { displayName: _d, identifiers: _i, directory: _e, ...rest } = stored;
    expect(body).toMatchObject({ ...rest, identifiers: [], pseudonym: ps });
    expect(body.displayName === undefined || body.displayName === ps).toBe(true);
    for (const id of stored.identifiers) expect(res.body.toLowerCase()).not.toContain(id.toLowerCase());
    expect(body.findings).toEqual(user100.findings);
    // a history point per change of risk (the run that first saved this person), not one per save
    expect(body.riskHistory.length).toBeGreaterThanOrEqual(1);
    expect(body.riskHistory.every((h: { runId: string }) => h.runId.startsWith('api-test-'))).toBe(true);

    const missing = await app.inject({ method: 'GET', url: '/api/people/p_000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'Not Found', message: 'no person p_000000000000' });
  });

  it('GET /api/runs/:id of an unknown run is 404; /api/runs validates limit', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/runs/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: 'Not Found', message: 'no run nope' });
    const bad = await app.inject({ method: 'GET', url: '/api/runs?limit=0' });
    expect(bad.statusCode).toBe(400);
    const one = await app.inject({ method: 'GET', url: '/api/runs?limit=1' });
    expect(one.json()).toHaveLength(1);
  });

  it('unknown routes are JSON 404s', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: 'Not Found', message: 'no route GET /api/nothing' });
  });

  it('GET /api/openapi.json documents every route with its schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.8.7-test');
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
    expect(ops.sort()).toEqual(
      [
        'GET /healthz',
        'GET /api/people',
        'GET /api/people/{id}',
        'GET /api/people/{id}/signins',
        'GET /api/people/{id}/hours',
        'GET /api/people/{id}/devices',
        'GET /api/facets',
        'GET /api/settings',
        'PUT /api/settings',
        'POST /api/ingest',
        'GET /api/runs',
        'GET /api/runs/{id}',
        'GET /api/openapi.json',
        'GET /api/candidates',
        'POST /api/candidates',
        'GET /api/candidates/{id}',
        'GET /api/candidates/{id}/report.html',
        'GET /api/audit',
        'GET /api/audit/verify',
        'GET /api/collectors',
        'GET /api/calibration',
        'GET /api/cases',
        'GET /api/cases/{id}',
        'GET /api/suppressions',
        'POST /api/cases/{id}/assign',
        'POST /api/cases/{id}/notes',
        'POST /api/cases/{id}/steps/{step}',
        'POST /api/cases/{id}/transition',
        'POST /api/suppressions/{id}/revoke',
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/auth/me',
        'GET /api/users',
        'POST /api/users',
        'PATCH /api/users/{id}',
        'POST /api/cases/{id}/reveal',
        'POST /api/cases/{id}/containment',
        'GET /api/cases/{id}/containment',
        'GET /api/containment',
        'POST /api/containment/{id}/approve',
        'POST /api/containment/{id}/reject',
        'GET /api/export/ocsf',
        'GET /api/export/csv',
        'GET /api/export/stix',
      ].sort(),
    );
    for (const name of ['PersonSummary', 'StoredPerson', 'IngestRun', 'IngestResult', 'Error', 'Health', 'CandidateSummary', 'StoredCandidate', 'VetResult', 'ContainmentRequest', 'ProposeRequest'])
      expect(doc.components.schemas[name], name).toBeDefined();
    expect(Object.keys(doc.paths['/api/ingest'].post.requestBody.content).sort()).toEqual(['application/json', 'application/x-ndjson', 'text/csv']);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'sw_session' });
    expect(doc.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(doc.paths['/api/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    const level = doc.paths['/api/people'].get.parameters.find((p: { name: string }) => p.name === 'level');
    expect(level.schema.enum).toEqual(['high', 'medium', 'low', 'none']);
    expect(doc.paths['/api/people/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/StoredPerson');
    // Evidence is documented down to its fields.
    const evidence = doc.components.schemas.StoredPerson.properties.findings.items.properties.evidence.items;
    expect(Object.keys(evidence.properties)).toEqual(expect.arrayContaining(['type', 'label', 'eventId', 'ip', 'network', 'place', 'vendorPlace']));
  });
});

