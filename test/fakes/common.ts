// What the vendor fakes share: a loopback HTTP server (127.0.0.1, port 0), a request log, injected faults (the next N
// data requests answer 429 with Retry-After, or 503), an optional rate limit that answers 429 when the served event
// rate would exceed it, JWT checks, and records made from real vendor samples with fresh ids and times.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  status: number;
}

export class FakeBase {
  server!: Server;
  url = '';
  readonly requests: FakeRequest[] = [];
  private readonly faults: Fault[] = [];
  /** Events served per second allowed (token bucket of one second); beyond it: 429 with Retry-After: 1. */
  rateLimit?: number;
  private bucket = 0;
  private bucketAt = 0;
  /** Events served in total. */
  served = 0;

  /** The next `n` data requests answer with this fault. */
  fail(n: number, f: Fault): void {
    for (let i = 0; i < n; i++) this.faults.push(f);
  }

  /** Answer every data request with this fault until `heal()` (an outage). */
  private down: Fault | undefined;
  outage(f: Fault): void {
    this.down = f;
  }
  heal(): void {
    this.down = undefined;
  }

  protected takeFault(): Fault | undefined {
    return this.down ?? this.faults.shift();
  }

  /** Reserve `n` events of the rate budget; false when the budget of this second is spent. */
  protected takeRate(n: number): boolean {
    if (this.rateLimit === undefined) return true;
    const now = Date.now();
    this.bucket = Math.min(this.rateLimit, this.bucket + ((now - this.bucketAt) / 1000) * this.rateLimit);
    this.bucketAt = now;
    if (this.bucket < Math.min(n, this.rateLimit)) return false;
    this.bucket -= n;
    return true;
  }

  async start(handler: (req: IncomingMessage, body: string, u: URL) => Promise<{ status: number; headers?: Record<string, string>; body: string }>): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res, handler));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    return this.url;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, handler: (req: IncomingMessage, body: string, u: URL) => Promise<{ status: number; headers?: Record<string, string>; body: string }>): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', this.url);
    let out: { status: number; headers?: Record<string, string>; body: string };
    try {
      out = await handler(req, Buffer.concat(chunks).toString('utf8'), u);
    } catch (e) {
      out = { status: 500, body: JSON.stringify({ error: String(e) }) };
    }
    this.requests.push({ method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, authorization: req.headers.authorization, status: out.status });
    res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
    res.end(out.body);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  dataRequests(path?: string): FakeRequest[] {
    return this.requests.filter((r) => !r.path.includes('token') && (path === undefined || r.path.endsWith(path)));
  }
}

export const json = (status: number, v: unknown, headers?: Record<string, string>) => ({ status, headers, body: JSON.stringify(v) });

/** Verify a compact RS256 JWS with `key`; the claims, or an error text. */
export function verifyJwt(jwt: string, key: KeyObject | string): { claims: Record<string, unknown>; header: Record<string, unknown> } | string {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'not a JWS';
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'not JSON';
  }
  if (header.alg !== 'RS256') return `alg ${String(header.alg)}`;
  const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(typeof key === 'string' ? createPublicKey(key) : key, Buffer.from(parts[2], 'base64url'));
  if (!ok) return 'bad signature';
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < now) return 'expired';
  if (typeof claims.iat !== 'number' || claims.iat > now + 60) return 'issued in the future';
  return { claims, header };
}

/** A token endpoint's bookkeeping: issued bearer tokens and their expiry. */
export class Tokens {
  private readonly live = new Map<string, number>();
  issued = 0;
  constructor(private readonly ttlSeconds = 3599) {}
  issue(): { access_token: string; expires_in: number; token_type: string } {
    const t = `tok-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
    this.live.set(t, Date.now() + this.ttlSeconds * 1000);
    this.issued++;
    return { access_token: t, expires_in: this.ttlSeconds, token_type: 'Bearer' };
  }
  valid(authorization: string | undefined): boolean {
    const m = /^Bearer (.+)$/.exec(authorization ?? '');
    const exp = m ? this.live.get(m[1]) : undefined;
    return exp !== undefined && exp > Date.now();
  }
  revokeAll(): void {
    this.live.clear();
  }
}

/** Deterministic GUID-shaped id n of a namespace. */
export function guid(ns: number, n: number): string {
  const h = (ns * 0x9e3779b1 + n * 0x85ebca6b) >>> 0;
  const hex = (n.toString(16).padStart(12, '0') + h.toString(16).padStart(8, '0')).slice(-20);
  return `${h.toString(16).padStart(8, '0')}-${hex.slice(0, 4)}-4${hex.slice(5, 8)}-8${hex.slice(9, 12)}-${hex.slice(8, 20)}`;
}

/** Event times: n events, spread evenly over [from, to) (epoch ms). */
export const spread = (n: number, from: number, to: number) => (i: number): number => from + Math.floor(((to - from) * i) / Math.max(1, n));

/** A stable number for a string (FNV-1a 32-bit): distinct people get distinct vendor ids. */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
