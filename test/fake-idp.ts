// A fake OpenID Provider on loopback for the OIDC tests: discovery (OpenID Connect Discovery 1.0 §4), a JWKS
// (RFC 7517), an authorization endpoint that approves at once (redirects with code and state), and a token endpoint
// (RFC 6749 §4.1.3) that checks the PKCE verifier (RFC 7636 S256) and returns an id_token signed with jose.
// `tamper` makes it misbehave the ways a real attacker would: another key, another nonce, another audience.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

export interface FakeIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  claims: JWTPayload;
  tamper: { key?: boolean; nonce?: boolean; audience?: boolean; expired?: boolean };
  /** Token requests seen (form fields), and whether their client authentication was right. */
  tokenRequests: { form: Record<string, string>; clientAuthOk: boolean }[];
  close(): Promise<void>;
}

export async function startFakeIdp(claims: JWTPayload = {}): Promise<FakeIdp> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; clientId: string }>();
  const idp: FakeIdp = {
    issuer: '',
    clientId: 'sleetwatch-test',
    clientSecret: randomBytes(12).toString('hex'),
    claims: { sub: 'user-123', preferred_username: 'ivy', groups: ['sec-investigators'], ...claims },
    tamper: {},
    tokenRequests: [],
    close: async () => void (await new Promise((r) => server.close(r))),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', idp.issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: idp.issuer,
        authorization_endpoint: `${idp.issuer}/authorize`,
        token_endpoint: `${idp.issuer}/token`,
        jwks_uri: `${idp.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const code = randomBytes(16).toString('hex');
      codes.set(code, { nonce: q.get('nonce') ?? '', challenge: q.get('code_challenge') ?? '', redirectUri: q.get('redirect_uri') ?? '', clientId: q.get('client_id') ?? '' });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        const basic = `Basic ${Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString('base64')}`;
        const clientAuthOk = req.headers.authorization === basic;
        idp.tokenRequests.push({ form, clientAuthOk });
        const c = codes.get(form.code ?? '');
        codes.delete(form.code ?? '');
        const verifierOk = c && createHash('sha256').update(form.code_verifier ?? '').digest('base64url') === c.challenge;
        if (!c || !verifierOk || !clientAuthOk || form.redirect_uri !== c.redirectUri || form.grant_type !== 'authorization_code') return json(400, { error: 'invalid_grant' });
        const now = Math.floor(Date.now() / 1000);
        const jwt = await new SignJWT({ ...idp.claims, nonce: idp.tamper.nonce ? 'not-the-nonce' : c.nonce })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(idp.issuer)
          .setAudience(idp.tamper.audience ? 'someone-else' : idp.clientId)
          .setIssuedAt(idp.tamper.expired ? now - 7200 : now)
          .setExpirationTime(idp.tamper.expired ? now - 3600 : now + 300)
          .sign(idp.tamper.key ? other.privateKey : privateKey);
        json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: jwt });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  idp.issuer = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return idp;
}
