// A small loopback HTTP server for vendor fakes: port 0 on 127.0.0.1, every request recorded, scripted faults
// (answers queued for the next matching requests) served before the fake's own handler.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly faults: { match: RegExp; answer: Scripted }[] = [];
  private server: Server | undefined;
  port = 0;

  constructor(private readonly handle: (r: Recorded) => Answer, private readonly always: (r: Recorded) => Record<string, string> = () => ({})) {}

  /** Serve `answers` in order to the next requests whose "METHOD path" matches. */
  fail(match: RegExp, ...answers: Scripted[]): void {
    for (const answer of answers) this.faults.push({ match, answer });
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://fake');
        const r: Recorded = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(r);
        const key = `${r.method} ${r.path}`;
        const i = this.faults.findIndex((f) => f.match.test(key));
        const base = this.always(r);
        if (i >= 0) {
          const [{ answer }] = this.faults.splice(i, 1);
          res.writeHead(answer.status, { 'content-type': 'application/json', ...base, ...answer.headers });
          res.end(answer.body ?? '');
          return;
        }
        const a = this.handle(r);
        const body = a.json !== undefined ? JSON.stringify(a.json) : (a.text ?? '');
        res.writeHead(a.status, { ...(a.json !== undefined ? { 'content-type': 'application/json' } : {}), ...base, ...a.headers });
        res.end(a.status === 204 ? undefined : body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
