// `npm run bench`: ≥ 1M sign-in events in real Graph signIn NDJSON; prints, from ONE run:
//   baseline events/s (bare read + JSON.parse of the same files), scan events/s with all enrichment and every
//   detector, their ratio (target ≥ 0.5), peak RSS, and bytes of detector state per person (target ≤ 2 KB).
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipeline, getIntel, readPaths } from '../src/app/scan.ts';
import { graphSignIn, scimUser } from '../test/testkit.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const FILES = 10;

// Deterministic PRNG (mulberry32).
let seed = 0x5eed;
const rnd = (): number => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];

function randomPublicIp(): string {
  for (;;) {
    const a = 1 + Math.floor(rnd() * 222);
    if (a === 10 || a === 127 || a === 100 || a === 172 || a === 192 || a === 169) continue;
    return `${a}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
  }
}

function generate(dir: string): { files: string[]; directory: string } {
  mkdirSync(dir, { recursive: true });
  const states = ['TX', 'CA', 'NY', 'FL', 'WA', 'IL', 'GA', 'CO'];
  const users = Array.from({ length: PEOPLE }, (_, i) => ({
    upn: `user${i}@contoso.com`,
    home: { locality: 'Austin', region: pick(states), country: 'US' },
    // each person has 1-3 home IPs and sometimes travels / uses a shared egress
    ips: Array.from({ length: 1 + Math.floor(rnd() * 3) }, randomPublicIp),
  }));
  const egress = Array.from({ length: 40 }, randomPublicIp);
  const directory = join(dir, 'users.scim.json');
  writeFileSync(
    directory,
    JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: PEOPLE, Resources: users.map((u) => scimUser({ upn: u.upn, home: u.home, timezone: 'America/Chicago' })) }),
  );
  const files: string[] = [];
  const start = Date.parse('2026-09-01T13:00:00Z');
  const perFile = Math.ceil(EVENTS / FILES);
  for (let f = 0; f < FILES; f++) {
    const lines: string[] = [];
    for (let k = 0; k < perFile; k++) {
      const n = f * perFile + k;
      const u = users[n % PEOPLE];
      const ip = rnd() < 0.3 ? pick(egress) : rnd() < 0.05 ? randomPublicIp() : pick(u.ips);
      const time = start + Math.floor(n / PEOPLE) * 3_600_000 * 5 + Math.floor(rnd() * 3_600_000);
      lines.push(JSON.stringify(graphSignIn({ upn: u.upn, time, ip, deviceId: `dev-${n % PEOPLE}` })));
    }
    const file = join(dir, `signins-${String(f).padStart(2, '0')}.ndjson`);
    writeFileSync(file, lines.join('\n') + '\n');
    files.push(file);
  }
  return { files, directory };
}

function existingFiles(dir: string): { files: string[]; directory: string } {
  return { directory: join(dir, 'users.scim.json'), files: readdirSync(dir).filter((f) => f.endsWith('.ndjson')).sort().map((f) => join(dir, f)) };
}

/** Baseline: stream the same files, split lines, JSON.parse each. */
async function baseline(files: string[]): Promise<number> {
  let n = 0;
  for (const file of files) {
    let rest = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + chunk;
      let start = 0;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
        if (i > start) {
          JSON.parse(text.slice(start, i));
          n++;
        }
        start = i + 1;
      }
      rest = text.slice(start);
    }
    if (rest.trim()) {
      JSON.parse(rest);
      n++;
    }
  }
  return n;
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_DIR; // reuse generated files between runs (profiling)
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'sw-bench-'));
  try {
    const tg = performance.now();
    const { files, directory } = keep && existsSync(join(dir, 'users.scim.json')) ? existingFiles(dir) : generate(dir);
    const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
    console.log(`generated ${EVENTS.toLocaleString('en-US')} Graph signIn events for ${PEOPLE.toLocaleString('en-US')} people in ${FILES} NDJSON files (${(bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - tg) / 1000).toFixed(1)} s`);

    const intel = await getIntel(join(dir, 'data')); // loaded before timing: a one-off start-up cost
    intel.lookupIp('8.8.8.8');

    globalThis.gc?.();
    const t0 = performance.now();
    const nBase = await baseline(files);
    const baseSecs = (performance.now() - t0) / 1000;
    const baseRate = nBase / baseSecs;

    globalThis.gc?.();
    const t1 = performance.now();
    const pipeline = await createPipeline({ mode: 'batch', intel });
    let n = 0;
    const inputs = await readPaths([directory, ...files], (d) => pipeline.addDirectory([d]), (e) => {
      n++;
      pipeline.ingest(e);
    });
    const result = pipeline.finish();
    const scanSecs = (performance.now() - t1) / 1000;
    const scanRate = n / scanSecs;

    const rejected = inputs.reduce((s, i) => s + i.rejected, 0);
    let stateBytes = 0;
    let maxState = 0;
    const perDetector = new Map<string, number>();
    for (const pid of pipeline.personIds()) {
      const states = pipeline.exportState(pid) ?? {};
      const b = Buffer.byteLength(JSON.stringify(states));
      stateBytes += b;
      if (b > maxState) maxState = b;
      for (const [det, st] of Object.entries(states)) perDetector.set(det, (perDetector.get(det) ?? 0) + Buffer.byteLength(JSON.stringify(st)));
    }
    const perPerson = stateBytes / result.stats.people;
    const rssMB = process.resourceUsage().maxRSS / 1024;

    const ratio = scanRate / baseRate;
    console.log('');
    console.log(`baseline  read+JSON.parse   ${Math.round(baseRate).toLocaleString('en-US').padStart(10)} events/s  (${nBase.toLocaleString('en-US')} events, ${baseSecs.toFixed(2)} s)`);
    console.log(`scan      full pipeline     ${Math.round(scanRate).toLocaleString('en-US').padStart(10)} events/s  (${n.toLocaleString('en-US')} events, ${scanSecs.toFixed(2)} s, ${rejected} rejected)`);
    console.log(`ratio     scan / baseline   ${ratio.toFixed(2)}×   (target ≥ 0.50×)  ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
    console.log(`state     per person        ${Math.round(perPerson)} bytes mean, ${maxState} max  (target ≤ 2048)  ${perPerson <= 2048 ? 'OK' : 'ABOVE TARGET'}`);
    console.log(`memory    peak RSS          ${rssMB.toFixed(0)} MB`);
    console.log(`people    ${result.stats.people.toLocaleString('en-US')}, distinct IPs ${result.stats.distinctIps.toLocaleString('en-US')}`);
    console.log('detector            time ms (observe / evaluate)   state bytes/person');
    for (const t of result.timings)
      console.log(
        `  ${t.detector.padEnd(24)} ${t.observeMs.toFixed(0).padStart(7)} / ${t.evaluateMs.toFixed(0).padStart(6)}   ${String(Math.round((perDetector.get(t.detector) ?? 0) / result.stats.people)).padStart(8)}${t.errors ? `  errors ${t.errors}` : ''}`,
      );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
