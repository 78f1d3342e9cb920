// The company's own egress (corporate VPN on a cloud network, a SASE tenant, an office), declared in the config's
// `trustedEgress` or imported as `allow` indicators: sign-ins from it are class 'corporate', neither anonymising nor
// a location. Real parsers, intel and pipeline; the config goes through the same path `scan` and `serve` use.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getIntel } from '../../app/scan.ts';
import { Config } from '../../core/config.ts';
import { Pipeline } from '../../core/pipeline.ts';
import { importIndicators, openIntel, trustedEgressIndicators, type IntelService } from '../../intel/index.ts';
import { findingsFor, graphSignIn, parseRecords } from '../../../test/testkit.ts';
import { detector as anonymising } from '../anonymising-infra/detector.ts';
import { detector as travel } from '../impossible-travel/detector.ts';
import { days, IP, utc } from './fixtures/net.ts';

const UPN = 'remote.dev@contoso.com';
/** Every workday through the company VPN that runs on DigitalOcean and AWS, plus home in Austin in between. */
const records = days('2025-04-07', 10, true).flatMap((d) => [
  graphSignIn({ upn: UPN, time: utc(d, 13), ip: IP.digitalOcean }),
  graphSignIn({ upn: UPN, time: utc(d, 14), ip: IP.charterAustin }),
  graphSignIn({ upn: UPN, time: utc(d, 15), ip: IP.aws }),
  graphSignIn({ upn: UPN, time: utc(d, 17), ip: IP.digitalOcean }),
]);

function run(intel: IntelService, config: Config) {
  const p = new Pipeline({ detectors: [anonymising, travel], intel, config });
  for (const ev of parseRecords(records).events) p.ingest(ev);
  return findingsFor(p.finish(), UPN);
}

describe('declared trusted egress', () => {
  it('without a declaration the company VPN on cloud networks reads as anonymising (control)', async () => {
    const intel = await openIntel({ dataDir: mkdtempSync(join(tmpdir(), 'sw-egress-')), geoSource: 'geolite2' });
    expect(run(intel, Config.parse({})).map((f) => f.detector)).toContain('anonymising-infra');
  });

  it('config trustedEgress (CIDR and ASN) makes those sign-ins corporate: not anonymising, not locations', async () => {
    const config = Config.parse({
      trustedEgress: [
        { name: 'Contoso VPN (DigitalOcean)', cidr: `${IP.digitalOcean}/32` },
        { name: 'Contoso VPN (AWS)', asn: 'AS14618' },
      ],
    });
    const intel = await getIntel(mkdtempSync(join(tmpdir(), 'sw-egress-')), config);
    expect(intel.lookupIp(IP.digitalOcean)).toMatchObject({ netClass: 'corporate', provider: 'Contoso VPN (DigitalOcean)' });
    expect(intel.lookupIp(IP.aws)?.classSource).toMatch(/^trusted egress declared by config trustedEgress: Contoso VPN \(AWS\) \(asn AS14618\)$/);
    expect(intel.lookupIp(IP.aws)?.risks).toEqual([]);
    expect(run(intel, config)).toEqual([]);
  });

  it('a bad entry is an error naming it', () => {
    expect(() => trustedEgressIndicators([{ name: 'HQ', cidr: '10.0.0/8' }])).toThrow(/^trustedEgress\[0\]\.cidr: /);
    expect(() => trustedEgressIndicators([{ name: 'x', asn: 'ASX' }])).toThrow(/^trustedEgress\[0\]\.asn: not an AS number/);
    expect(Config.safeParse({ trustedEgress: [{ name: 'both', cidr: '1.2.3.0/24', asn: 1 }] }).success).toBe(false);
  });

  it('an imported allow indicator (CSV action column) does the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-allow-'));
    const csv = join(dir, 'egress.csv');
    writeFileSync(csv, `value,type,label,action\n${IP.digitalOcean},ip,Contoso VPN,allow\n${IP.aws},ip,,maybe\n`);
    const r = await importIndicators(csv, dir);
    expect(r.added).toBe(1);
    expect(r.rejected).toEqual([{ line: 3, field: 'action', message: 'unknown action "maybe" (expected alert or allow)' }]);
    const intel = await openIntel({ dataDir: dir, geoSource: 'geolite2' });
    expect(intel.lookupIp(IP.digitalOcean)).toMatchObject({ netClass: 'corporate', provider: 'Contoso VPN', risks: [] });
  });
});
