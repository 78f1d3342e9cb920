// Real IPs with answers checked against the catalogues they come from (data/intel, derived from data/upstream/ipintel)
// and the installed GeoLite2/ASN packages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { IpIntel } from '../core/model.ts';
import { openIntel, type IntelService } from './index.ts';
import { parseCidr } from './ip.ts';
import { readSample } from '../../test/samples.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const catalog = join(here, '../../data/intel');

/** First range listed in a catalogue file, and an address inside it. */
function firstOf(file: string): { cidr: string; ip: string } {
  const line = readFileSync(join(catalog, 'ranges', file), 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!;
  const cidr = line.split('\t')[0];
  return { cidr, ip: cidr.split('/')[0] };
}

let intel: IntelService;
beforeAll(async () => {
  intel = await openIntel({ dataDir: join(here, 'fixtures', 'no-such-dir'), geoSource: 'geolite2' }); // places below are GeoLite2's
});

describe('lookupIp on real addresses', () => {
  it('returns a value that satisfies the IpIntel schema', () => {
    for (const ip of ['8.8.8.8', '175.45.176.99', '2a00:1450:4001:80b::200e', '10.1.2.3']) expect(() => IpIntel.parse(intel.lookupIp(ip))).not.toThrow();
  });

  it('8.8.8.8 (Google) is hosting: x4bnet lists 8.8.8.0/24 as datacenter and AS15169 is in bad-asn-list', () => {
    const r = intel.lookupIp('8.8.8.8')!;
    expect(r.asn).toBe(15169);
    expect(r.asOrg).toMatch(/Google/);
    expect(r.netClass).toBe('hosting');
    expect(r.classSource).toBe('x4bnet datacenter 8.8.8.0/24');
    expect(r.geo?.country).toBe('US');
    expect(r.risks).toEqual([]);
  });

  it("175.45.176.99 from the real Entra sample is North Korea although Entra says Tel Aviv", () => {
    const text = readSample('entra/training_lab_sign-in_adelete_EXCERPT.csv');
    const rows = parse(text, { columns: true, relax_column_count: true }) as Record<string, string>[];
    const row = rows.find((x) => x.IPAddress === '175.45.176.99')!;
    expect(JSON.stringify(row)).toMatch(/Tel Aviv/); // the vendor's own (wrong) label
    const r = intel.lookupIp(row.IPAddress)!;
    expect(r.geo?.country).toBe('KP');
    expect(r.asn).toBe(131279);
    const kp = r.risks.find((x) => x.tag === 'kp');
    expect(kp?.reason).toMatch(/175\.45\.176\.0\/22/);
    expect(kp?.reason).toMatch(/AS131279/);
  });

  it('tags any address of 175.45.176.0/22 kp, to the last one', () => {
    expect(intel.lookupIp('175.45.179.255')!.risks.map((x) => x.tag)).toContain('kp');
    expect(intel.lookupIp('175.45.180.0')!.risks.map((x) => x.tag)).not.toContain('kp');
  });

  it('an Apple iCloud Private Relay egress from apple.txt is relay (not vpn, though x4bnet vpn lists it too)', () => {
    const { cidr, ip } = firstOf('apple-private-relay.txt');
    const r = intel.lookupIp(ip)!;
    expect(r.netClass).toBe('relay');
    expect(r.provider).toBe('Apple iCloud Private Relay');
    expect(r.classSource).toBe(`x4bnet apple.txt ${cidr}`);
  });

  it('a Mullvad exit from mullvadvpn.txt is vpn with provider Mullvad', () => {
    const { ip } = firstOf('mullvad.txt');
    const r = intel.lookupIp(ip)!;
    expect(r.netClass).toBe('vpn');
    expect(r.provider).toBe('Mullvad VPN');
    expect(r.classSource).toMatch(/^x4bnet mullvadvpn\.txt /);
  });

  it('an AWS address is hosting with provider Amazon AWS (ipcat) and AS16509', () => {
    const r = intel.lookupIp('3.8.0.1')!;
    expect(r.netClass).toBe('hosting');
    expect(r.provider).toBe('Amazon AWS');
    expect(r.asn).toBe(16509);
    expect(r.classSource).toBe('ipcat datacenters.csv 3.8.0.0/14');
  });

  it('a Zscaler egress (185.46.212.88, Amsterdam) is sase, provider Zscaler, by its ASN', () => {
    const r = intel.lookupIp('185.46.212.88')!;
    expect(r.netClass).toBe('sase');
    expect(r.provider).toBe('Zscaler');
    expect(r.classSource).toMatch(/^curated AS62044/);
  });

  it('a Comcast address is residential, placed in a US state', () => {
    const r = intel.lookupIp('73.15.1.1')!;
    expect(r.asn).toBe(7922);
    expect(r.netClass).toBe('residential');
    expect(r.geo).toMatchObject({ country: 'US', region: 'California', source: 'geolite2' });
    expect(r.geo!.accuracyKm).toBeLessThanOrEqual(50);
    expect(r.classSource).toMatch(/Comcast.*consumer ISP/);
  });

  it('T-Mobile US is mobile (curated ASN), Russia and China carry ru/cn risks naming country and AS', () => {
    expect(intel.lookupIp('172.58.1.1')).toMatchObject({ netClass: 'mobile', asn: 21928, provider: 'T-Mobile US' });
    const ru = intel.lookupIp('5.255.255.70')!.risks.find((x) => x.tag === 'ru');
    expect(ru?.reason).toMatch(/Russia \(RU.*AS13238 YANDEX/);
    const cn = intel.lookupIp('36.110.1.1')!.risks.find((x) => x.tag === 'cn');
    expect(cn?.reason).toMatch(/China \(CN.*AS4847/);
  });

  it('the Tor operator AS60729 listed by x4bnet ("Tor exit nodes") is tor', () => {
    const asnLine = readFileSync(join(catalog, 'asns.tsv'), 'utf8').split('\n').find((l) => l.startsWith('AS60729\t'))!;
    expect(asnLine.split('\t')[1]).toBe('tor');
  });

  it('private and documentation ranges are private with the RFC as evidence; garbage is undefined', () => {
    expect(intel.lookupIp('10.1.2.3')).toMatchObject({ netClass: 'private', classSource: 'RFC 1918 private 10.0.0.0/8' });
    expect(intel.lookupIp('fe80::1%eth0')).toMatchObject({ netClass: 'private' });
    expect(intel.lookupIp('not-an-ip')).toBeUndefined();
    expect(intel.lookupIp('999.1.1.1')).toBeUndefined();
  });

  it('IPv6 and IPv4-mapped IPv6 resolve like their plain forms', () => {
    const g6 = intel.lookupIp('2a00:1450:4001:80b::200e')!;
    expect(g6).toMatchObject({ asn: 15169, netClass: 'hosting', geo: { country: 'DE' } });
    const mapped = intel.lookupIp('::ffff:8.8.8.8')!;
    const plain = intel.lookupIp('8.8.8.8')!;
    expect({ ...mapped, ip: plain.ip }).toEqual(plain);
  });

  it('every class in the catalogue resolves to the class its file declares (sampled)', () => {
    const manifest = JSON.parse(readFileSync(join(catalog, 'manifest.json'), 'utf8')) as { sources: { file: string; kind: string; cls?: string }[] };
    for (const s of manifest.sources.filter((x) => x.kind === 'ranges' && x.cls && x.cls !== 'hosting')) {
      const lines = readFileSync(join(catalog, s.file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
      for (const l of lines.filter((_, i) => i % 97 === 0)) {
        const cidr = l.split('\t')[0];
        const ip = cidr.split('/')[0];
        const r = intel.lookupIp(ip)!;
        // a stronger class (precedence relay > sase > tor > vpn > hosting) may win, never a weaker one
        const rank = { private: 0, relay: 1, sase: 2, tor: 3, vpn: 4, hosting: 5 } as Record<string, number>;
        expect(rank[r.netClass] ?? 99, `${ip} in ${s.file} ${cidr} → ${r.netClass} (${r.classSource})`).toBeLessThanOrEqual(rank[s.cls!]);
        expect(typeof parseCidr(cidr)).toBe('object');
      }
    }
  });

  it('reports load statistics', () => {
    expect(intel.stats.asn.v4Ranges).toBeGreaterThan(400_000);
    expect(intel.stats.catalog.ranges).toBeGreaterThan(60_000);
    expect(intel.stats.gazetteer.cities).toBeGreaterThan(50_000);
    expect(intel.stats.gazetteer.version).toBe(intel.stats.geo.version);
    expect(intel.indicatorCount).toBe(0);
  });
});

describe('throughput', () => {
  it('handles distinct IPv4 addresses well above 100k lookups per CPU-second', () => {
    const ips: string[] = [];
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 100_000; i++) { const n = rnd(); ips.push(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`); }
    for (const ip of ips) intel.lookupIp(ip); // first pass decodes GeoLite2 records and tests organisation names once
    const c = process.cpuUsage();
    for (const ip of ips) intel.lookupIp(ip);
    const cpu = process.cpuUsage(c);
    const perSec = ips.length / ((cpu.user + cpu.system) / 1e6);
    console.log(`intel lookupIp: ${Math.round(perSec)} distinct IPs per CPU-second (warm)`);
    expect(perSec).toBeGreaterThan(100_000);
  });
});
