// Measure intel load time and lookupIp throughput over distinct IPs: `npx tsx src/intel/bench.ts [count] [geolite2|dbip]`
// (the geo source defaults to $SLEETWATCH_GEO, else geolite2).
// IPs are drawn from the ASN table's announced ranges (so most have an ASN, a place and a class), plus 10% IPv6.
import { openIntel, resolveGeoSource } from './index.ts';
import { asnPackage, defaultCacheDir, openAsnDb } from './asn.ts';
import { formatIpv4 } from './ip.ts';

const count = Number(process.argv[2] ?? 500_000);
const t0 = performance.now();
const intel = await openIntel({ geoSource: resolveGeoSource(process.argv[3]) });
const loadMs = performance.now() - t0;
const rssAfterOpenMB = Math.round(process.memoryUsage().rss / 2 ** 20);
const db = openAsnDb(defaultCacheDir(asnPackage().dir)).tables();
let seed = 12345;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const ips = new Set<string>();
while (ips.size < count) {
  if (rnd() < 0.1) {
    const i = Math.floor(rnd() * db.t6.n);
    const w = db.t6.starts.subarray(i * 4, i * 4 + 4);
    ips.add(`${(w[0] >>> 16).toString(16)}:${(w[0] & 0xffff).toString(16)}:${(w[1] >>> 16).toString(16)}:${(w[1] & 0xffff).toString(16)}::${Math.floor(rnd() * 65535).toString(16)}`);
  } else {
    const i = Math.floor(rnd() * db.t4.starts.length);
    const s = db.t4.starts[i], e = db.t4.ends[i];
    ips.add(formatIpv4(s + Math.floor(rnd() * (e - s + 1))));
  }
}
const list = [...ips];
const classes: Record<string, number> = {};
const c1 = process.cpuUsage();
const t1 = performance.now();
for (const ip of list) {
  const r = intel.lookupIp(ip)!;
  classes[r.netClass] = (classes[r.netClass] ?? 0) + 1;
}
const ms = performance.now() - t1;
const cpu = process.cpuUsage(c1);
const cpuMs = (cpu.user + cpu.system) / 1000;
// second pass over the same IPs: decoded records and organisation classes are memoised (steady state)
const c2 = process.cpuUsage();
const t2 = performance.now();
for (const ip of list) intel.lookupIp(ip);
const warmMs = performance.now() - t2;
const warmCpu = process.cpuUsage(c2);
const warm = { ms: Math.round(warmMs), lookupsPerSec: Math.round(list.length / (warmMs / 1000)), lookupsPerCpuSec: Math.round(list.length / ((warmCpu.user + warmCpu.system) / 1e6)) };
console.log(JSON.stringify({ geoSource: intel.geoSource, rssAfterOpenMB, warm, loadMs: Math.round(loadMs), stats: intel.stats, distinctIps: list.length, lookupMs: Math.round(ms), lookupsPerSec: Math.round(list.length / (ms / 1000)), cpuMs: Math.round(cpuMs), lookupsPerCpuSec: Math.round(list.length / (cpuMs / 1000)), classes }, null, 1));
