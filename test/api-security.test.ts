// The API lets no stranger in (issue 7): every route × {anonymous, malformed, wrong, revoked, right token}, wrong
// Host, wrong content type on ingest, security headers on every answer, and server errors that never carry the
// database's text. In-process (inject) over an in-memory PGlite store, plus one real socket for the port check.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/tokens.ts';
import { buildServer, SECURITY_HEADERS, type IngestOptions, type IngestResult } from '../src/server/index.ts';
import { adele, samplePeople } from '../src/store/fixtures/people.ts';
import { openPGliteStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';

let store: Store;
let app: FastifyInstance;
let good: string;
let revoked: string;
let runId: string;
const ingested: { body: string; opts: IngestOptions }[] = [];

/** A 260-byte-class Graph sign-in from North Korean address space: what an anonymous POST once used to raise a risk. */
const dprkSignIn = JSON.stringify([
  { id: 'f1a2b3c4-0000-4000-8000-000000000001', createdDateTime: '2026-11-30T09:00:00Z', userPrincipalName: 'adelev@m365x816222.onmicrosoft.com', ipAddress: '175.45.176.10' },
]);

async function fakeIngest(body: string, opts: IngestOptions): Promise<IngestResult> {
  ingested.push({ body, opts });
  const id = `sec-run-${ingested.length}`;
  const input = { path: opts.name, format: 'entra-signin', records: 1, accepted: 1, ignored: 0, ignoredReasons: {}, rejected: 0, errors: [] };
  await store.saveRun({ id, via: 'api', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), inputs: [input] });
  return { runId: id, inputs: [input], alreadyIngested: 0, people: 0, updated: [] };
}

beforeAll(async () => {
  store = await openPGliteStore('memory://');
  await store.savePeople(samplePeople, 'sec-seed');
  runId = 'sec-seed-run';
  await store.saveRun({ id: runId, via: 'scan', startedAt: '2026-11-30T00:00:00.000Z', finishedAt: '2026-11-30T00:00:01.000Z', inputs: [] });
  good = (await createToken(store, 'matrix', 'admin')).token;
  revoked = (await createToken(store, 'gone', 'admin')).token;
  await store.revokeToken('gone');
  app = await buildServer({ store, version: '1.2.3-sec', ingest: fakeIngest });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

interface Route {
  method: 'GET' | 'POST';
  url: string;
  /** status with the right token */
  ok: number;
  open?: boolean;
  payload?: string;
}
const routes = (): Route[] => [
  { method: 'GET', url: '/healthz', ok: 200, open: true },
  { method: 'GET', url: '/api/people', ok: 200 },
  { method: 'GET', url: '/api/people?level=high&limit=5&offset=0', ok: 200 },
  { method: 'GET', url: `/api/people/${adele.personId}`, ok: 200 },
  { method: 'GET', url: '/api/people/nobody%40example.com', ok: 404 },
  { method: 'GET', url: '/api/runs', ok: 200 },
  { method: 'GET', url: `/api/runs/${runId}`, ok: 200 },
  { method: 'GET', url: '/api/runs/nope', ok: 404 },
  { method: 'GET', url: '/api/openapi.json', ok: 200 },
  { method: 'POST', url: '/api/ingest?name=signin.json', ok: 200, payload: dprkSignIn },
  { method: 'GET', url: '/api/nothing', ok: 404 },
];

function send(r: Route, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  const o: InjectOptions = { method: r.method, url: r.url, headers: { host: 'localhost:8080', ...headers } };
  if (r.payload !== undefined) {
    o.payload = r.payload;
    o.headers = { 'content-type': 'application/json', ...o.headers };
  }
  return app.inject(o);
}

function expectSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(res.headers[k], `${what}: ${k}`).toBe(v);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(res.headers['x-request-id'], what).toMatch(/^[0-9a-f-]{36}$/);
}

describe('token matrix: every route', () => {
  const credentials: [string, () => Record<string, string>, 'missing' | 'invalid' | 'ok'][] = [
    ['anonymous', () => ({}), 'missing'],
    ['Basic credentials', () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }), 'missing'],
    ['empty Bearer', () => ({ authorization: 'Bearer ' }), 'missing'],
    ['wrong token', () => ({ authorization: `Bearer sw_${'A'.repeat(43)}` }), 'invalid'],
    ['not a token at all', () => ({ authorization: "Bearer ' OR 1=1 --" }), 'invalid'],
    ['right token with one character changed', () => ({ authorization: `Bearer ${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}` }), 'invalid'],
    ['revoked token', () => ({ authorization: `Bearer ${revoked}` }), 'invalid'],
    ['right token', () => ({ authorization: `Bearer ${good}` }), 'ok'],
    ['right token, lower-case scheme', () => ({ authorization: `bearer ${good}` }), 'ok'],
  ];
  for (const [who, headers, expected] of credentials) {
    it(`${who}`, async () => {
      const runsBefore = (await store.listRuns(1000)).length;
      const callsBefore = ingested.length;
      for (const r of routes()) {
        const res = await send(r, headers());
        const what = `${who}: ${r.method} ${r.url}`;
        expectSecurityHeaders(res, what);
        expect(res.headers['content-type'], what).toMatch(/^application\/json/);
        if (expected === 'ok' || r.open) {
          expect(res.statusCode, what).toBe(r.ok);
          continue;
        }
        expect(res.statusCode, what).toBe(401);
        expect(res.json(), what).toEqual({ error: 'Unauthorized', message: expect.any(String) });
        expect(res.headers['www-authenticate'], what).toBe(expected === 'missing' ? 'Bearer realm="sleetwatch"' : 'Bearer realm="sleetwatch", error="invalid_token"');
        // Nothing about the data leaks to a stranger, not even whether a person or route exists.
        expect(res.body, what).not.toMatch(/adele|p_[0-9a-f]{6}|1\.2\.3-sec|openapi/i);
      }
      if (expected !== 'ok') {
        // The anonymous 260-byte North Korean sign-in never reached the pipeline, and no run was recorded.
        expect(ingested.length).toBe(callsBefore);
        expect((await store.listRuns(1000)).length).toBe(runsBefore);
      } else {
        expect(ingested.length).toBe(callsBefore + 1);
        expect(ingested.at(-1)!.body).toBe(dprkSignIn);
      }
    });
  }
});

describe('Host header (DNS rebinding)', () => {
  it('a name that is not this server is a 421 on every route, before the token is even looked at', async () => {
    for (const host of ['evil.example', 'evil.example:8080', 'localhost.evil.example', '127.0.0.1.nip.io:8080', '10.0.0.5:8080', '[::2]:8080', 'localhost@evil']) {
      for (const r of routes()) {
        const res = await send(r, { host, authorization: `Bearer ${good}` });
        const what = `Host ${host}: ${r.method} ${r.url}`;
        expect(res.statusCode, what).toBe(421);
        expect(res.json().error, what).toBe('Misdirected Request');
        expectSecurityHeaders(res, what);
      }
    }
  });

  it('localhost, 127.0.0.1 and [::1] are allowed (any case, trailing dot); --allowed-host adds names', async () => {
    for (const host of ['localhost', 'LOCALHOST:8080', 'localhost.:8080', '127.0.0.1:8080', '[::1]:8080']) {
      const res = await send({ method: 'GET', url: '/api/people', ok: 200 }, { host, authorization: `Bearer ${good}` });
      expect(res.statusCode, host).toBe(200);
    }
    const other = await buildServer({ store, version: '1', ingest: fakeIngest, allowedHosts: ['sleetwatch.corp.example', 'api.example:8443'] });
    const get = (host: string) => other.inject({ url: '/api/runs', headers: { host, authorization: `Bearer ${good}` } });
    expect((await get('sleetwatch.corp.example')).statusCode).toBe(200);
    expect((await get('api.example:8443')).statusCode).toBe(200);
    expect((await get('api.example:9999')).statusCode).toBe(421);
    expect((await get('localhost:8080')).statusCode).toBe(421); // an explicit list replaces the defaults
    await other.close();
    await expect(buildServer({ store, version: '1', ingest: fakeIngest, allowedHosts: ['bad host/'] })).rejects.toThrow(/not a host name/);
  });

  it('on a real socket, a loopback name must carry the serving port', async () => {
    const live = await buildServer({ store, version: '1', ingest: fakeIngest });
    await live.listen({ host: '127.0.0.1', port: 0 });
    const { port } = live.server.address() as AddressInfo;
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/runs', headers: { host, authorization: `Bearer ${good}` } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get(`localhost:${port}`)).toBe(200);
      expect(await get(`127.0.0.1:${port}`)).toBe(200);
      expect(await get(`localhost:${port === 8080 ? 8081 : 8080}`)).toBe(421);
      expect(await get(`rebind.evil.example:${port}`)).toBe(421);
    } finally {
      await live.close();
    }
  });
});

describe('ingest content type (cross-site form posts)', () => {
  const post = (contentType: string | undefined, token: string | null = good) =>
    app.inject({
      method: 'POST',
      url: '/api/ingest?name=x.json',
      headers: { host: 'localhost', ...(contentType ? { 'content-type': contentType } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      payload: dprkSignIn,
    });

  it('only application/json, application/x-ndjson and text/csv (UTF-8) are read; anything else is 415', async () => {
    const before = ingested.length;
    for (const ct of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'text/plain; charset=utf-8', 'application/octet-stream', 'text/html', 'application/json; charset=iso-8859-1', undefined]) {
      const res = await post(ct);
      expect(res.statusCode, String(ct)).toBe(415);
      expect(res.json().error).toBe('Unsupported Media Type');
      expectSecurityHeaders(res, String(ct));
    }
    expect(ingested.length).toBe(before);
    for (const ct of ['application/json', 'Application/JSON; charset=UTF-8', 'application/x-ndjson', 'text/csv; charset=utf-8']) expect((await post(ct)).statusCode, ct).toBe(200);
  });

  it('a form post without a token is a 401, not a 415 (the token is checked first)', async () => {
    const res = await post('application/x-www-form-urlencoded', null);
    expect(res.statusCode).toBe(401);
  });
});

describe('errors never carry database text', () => {
  it('/api/people/%00 and control characters are a 400, not a database error', async () => {
    for (const id of ['%00', 'a%00b', '%0a', '%7f']) {
      for (const base of ['/api/people/', '/api/runs/']) {
        const res = await app.inject({ url: base + id, headers: { host: 'localhost', authorization: `Bearer ${good}` } });
        expect(res.statusCode, base + id).toBe(400);
        expect(res.json().message).toBe('invalid params: id must have no control characters (U+0000-U+001F, U+007F)');
        expect(res.body).not.toMatch(/invalid byte sequence|UTF8|0x00/);
      }
    }
  });

  it('a URL the router cannot decode or an overlong id is a 4xx with the security headers, not echoing the URL', async () => {
    for (const [url, status] of [['/api/people/%ZZ<script>', 400], [`/api/people/${'a'.repeat(513)}`, 400], [`/api/people/${'a'.repeat(700)}`, 414]] as const) {
      const res = await app.inject({ url, headers: { host: 'localhost', authorization: `Bearer ${good}` } });
      expect(res.statusCode, url.slice(0, 30)).toBe(status);
      expectSecurityHeaders(res, url.slice(0, 30));
      expect(res.body).not.toMatch(/script|aaaaaaaaaa/);
    }
  });

  it('the body limit is the server\'s own (bodyLimit), a 413 past it', async () => {
    const small = await buildServer({ store, version: '1', ingest: fakeIngest, bodyLimit: 1024 });
    const post = (n: number) => small.inject({ method: 'POST', url: '/api/ingest', headers: { host: 'localhost', authorization: `Bearer ${good}`, 'content-type': 'application/json' }, payload: `[${' '.repeat(n - 2)}]` });
    expect((await post(1024)).statusCode).toBe(200);
    const big = await post(1025);
    expect(big.statusCode).toBe(413);
    expectSecurityHeaders(big, '413');
    await small.close();
  });

  it('a huge or negative offset or limit is a 400 naming the bound', async () => {
    const cases: [string, RegExp][] = [
      ['offset=99999999999999999999', /offset must be <= 1000000000/],
      ['offset=1000000001', /offset must be <= 1000000000/],
      ['offset=-1', /offset must be >= 0/],
      ['limit=10001', /limit must be <= 10000/],
      ['limit=0', /limit must be >= 1/],
      ['limit=-5', /limit must be >= 1/],
    ];
    for (const [qs, msg] of cases) {
      const res = await app.inject({ url: `/api/people?${qs}`, headers: { host: 'localhost', authorization: `Bearer ${good}` } });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().message, qs).toMatch(msg);
    }
    const runs = await app.inject({ url: '/api/runs?limit=1001', headers: { host: 'localhost', authorization: `Bearer ${good}` } });
    expect(runs.statusCode).toBe(400);
    expect(runs.json().message).toMatch(/limit must be <= 1000/);
    const ok = await app.inject({ url: '/api/people?offset=1000000000', headers: { host: 'localhost', authorization: `Bearer ${good}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual([]);
  });

  it('a database failure on any route is a 500 with a request id; the message is logged, never sent', async () => {
    const dbError = Object.assign(new Error('relation "people" does not exist at character 42 (secret_schema.people)'), { severity: 'ERROR', code: '42P01' });
    const fail = async () => {
      throw dbError;
    };
    const broken = Object.create(store) as Store;
    for (const m of ['listPeople', 'listPeoplePage', 'getPerson', 'findPersonByIdentifier', 'listRuns', 'getRun', 'ping'] as const) (broken as unknown as Record<string, unknown>)[m] = fail;
    const logged: string[] = [];
    const bad = await buildServer({
      store: broken,
      version: '1',
      ingest: fail,
      logger: { level: 'error', stream: { write: (line: string) => logged.push(line) } },
    });
    try {
      for (const r of routes().filter((x) => !['/api/openapi.json', '/api/nothing'].includes(x.url))) {
        const res = await bad.inject({ method: r.method, url: r.url, payload: r.payload, headers: { host: 'localhost', authorization: `Bearer ${good}`, ...(r.payload ? { 'content-type': 'application/json' } : {}) } });
        const what = `${r.method} ${r.url}`;
        expect(res.statusCode, what).toBe(r.open ? 503 : 500);
        expect(res.body, what).not.toMatch(/relation|people" does not exist|secret_schema|42P01/);
        const id = res.headers['x-request-id'] as string;
        expect(res.json().message, what).toContain(`request id ${id}`);
        if (!r.open) expect(res.json(), what).toEqual({ error: 'Internal Server Error', message: expect.any(String), requestId: id });
        expect(logged.some((l) => l.includes(id) && l.includes('secret_schema')), `${what}: logged with its id`).toBe(true);
      }
      // The token lookup itself failing is a 500 too, not a way in.
      const noTokens = Object.create(store) as Store;
      noTokens.findActiveToken = fail;
      const locked = await buildServer({ store: noTokens, version: '1', ingest: fakeIngest });
      const res = await locked.inject({ url: '/api/people', headers: { host: 'localhost', authorization: `Bearer ${good}` } });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toMatch(/secret_schema/);
      await locked.close();
    } finally {
      await bad.close();
    }
  });
});
