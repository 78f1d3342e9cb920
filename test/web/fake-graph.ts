// A local stand-in for Microsoft Graph on loopback (port 0): the client-credentials token endpoint and the two
// containment calls, answering in the documented shapes, recording every request. Shapes:
//   token:  https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow (access_token, expires_in)
//   revoke: https://learn.microsoft.com/graph/api/user-revokesigninsessions (POST …/revokeSignInSessions → 200 {value: true})
//   update: https://learn.microsoft.com/graph/api/user-update (PATCH /users/{id} {accountEnabled:false} → 204)
import { createServer, type Server } from 'node:http';

export interface FakeGraph {
  url: string;
  calls: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const calls: FakeGraph['calls'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      calls.push({ method: req.method ?? '', path, body });
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      if (req.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(path)) return json(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'fake-graph-access-token' });
      if (req.headers.authorization !== 'Bearer fake-graph-access-token') return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
      if (req.method === 'POST' && /^\/v1\.0\/users\/[^/]+\/revokeSignInSessions$/.test(path)) return json(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true });
      if (req.method === 'PATCH' && /^\/v1\.0\/users\/[^/]+$/.test(path)) {
        res.writeHead(204);
        return res.end();
      }
      return json(404, { error: { code: 'Request_ResourceNotFound', message: `no route ${req.method} ${path}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => server.close(() => r())) };
}
