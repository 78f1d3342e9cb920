// Several servers, one database: two `serve` processes on one fresh PostgreSQL database take the company's files
// concurrently (alternating between them, some files posted to both at once). What the store holds, read through
// either server, is the clean answer (one uninterrupted scan), every distinct event counted once; both answer
// GET /api/people the same.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiPeople,
  apiStored,
  asServed,
  createToken,
  freshDatabase,
  killAll,
  makeCompany,
  postFile,
  sigkill,
  startServe,
  totalEvents,
  type Company,
  type Server,
} from './kill-harness.ts';

let co: Company;
let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
const servers: Server[] = [];
const temps: string[] = [];

beforeAll(async () => {
  co = await makeCompany(11, 80, 21);
  temps.push(co.dir);
  db = await freshDatabase('sw_kill');
}, 120_000);

afterAll(async () => {
  await killAll();
  await db?.drop();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('several servers, one database', () => {
  it('two serve processes on one PostgreSQL database, files posted concurrently to both: the clean answer, 0 events lost', async () => {
    const t0 = Date.now();
    const dataDirs = [0, 1].map(() => {
      const d = mkdtempSync(join(tmpdir(), 'sw-two-'));
      temps.push(d);
      return d;
    });
    const token = createToken(dataDirs[0], db!.url);
    const [a, b] = await Promise.all(dataDirs.map((d) => startServe(d, db!.url)));
    servers.push(a, b);
    try {
      // Sign-in files alternate between the servers, all at once; the directory and one sign-in file go to both.
      const posts: Promise<{ status: number; body: unknown }>[] = [];
      const both = new Set([co.files[0], co.files[2]]);
      co.files.forEach((f, i) => {
        posts.push(postFile((i % 2 === 0 ? a : b).url, token, f));
        if (both.has(f)) posts.push(postFile((i % 2 === 0 ? b : a).url, token, f));
      });
      const answers = await Promise.all(posts);
      for (const r of answers) expect(r.status, JSON.stringify(r.body)).toBe(200);
      // The file posted to both servers was taken once: one of its two answers found it all already in.
      const already = answers.map((r) => (r.body as { alreadyIngested: number }).alreadyIngested);
      expect(already.some((n) => n > 0)).toBe(true);

      const viaA = await apiStored(a.url, token);
      const viaB = await apiStored(b.url, token);
      console.log(`two servers: ${posts.length} posts, ${viaA.length} people, ${totalEvents(viaA)} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      expect(viaA).toEqual(await asServed(co.expected, viaA));
      expect(viaB).toEqual(viaA);
      expect(totalEvents(viaA)).toBe(co.distinctEvents);
      expect(await apiPeople(b.url, token)).toEqual(await apiPeople(a.url, token));
    } finally {
      await Promise.all(servers.map((s) => sigkill(s)));
    }
  }, 240_000);
});
