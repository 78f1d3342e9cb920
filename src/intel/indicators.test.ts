import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importIndicators, openIntel, parseIndicatorsCsv, parseStixBundle } from './index.ts';
import { parseStixPattern, PatternError } from './stix-pattern.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const csvText = readFileSync(join(fixtures, 'indicators.csv'), 'utf8');
const stixJson = JSON.parse(readFileSync(join(fixtures, 'indicators.stix.json'), 'utf8'));
const NOW = Date.parse('2025-06-01T00:00:00Z');

describe('parseIndicatorsCsv', () => {
  const r = parseIndicatorsCsv(csvText);

  it('accepts good rows with canonical values and types (inferring a missing type)', () => {
    expect(r.indicators.map((i) => [i.type, i.value, i.label])).toEqual([
      ['ip', '198.51.100.7', 'Laptop-farm egress seen in case 2024-117'],
      ['cidr', '203.0.113.0/24', 'Facilitator VPS range'],
      ['asn', 'AS131279', 'Star JV (North Korea)'],
      ['tor', '185.220.101.0/24', 'Tor exit relays (operator list)'],
      ['cidr', '2001:db8:4::/48', 'Type inferred from a CIDR value'],
    ]);
    expect(r.indicators[0].source).toBe('case-2024-117');
    expect(r.indicators[0].id).toMatch(/^ind-[0-9a-f]{12}$/);
  });

  it('rejects bad rows with their line and field', () => {
    expect(r.rejected).toEqual([
      { line: 7, field: 'value', message: expect.stringMatching(/not an IP address: "198\.51\.100\.300"/) },
      { line: 8, field: 'type', message: expect.stringMatching(/unknown type "subnet"/) },
      { line: 9, field: 'value', message: expect.stringMatching(/host bits set/) },
      { line: 10, field: 'value', message: expect.stringMatching(/is a range; use type cidr/) },
      { line: 11, field: 'value', message: 'empty value' },
    ]);
  });

  it('rejects a file without a value column naming the header', () => {
    const bad = parseIndicatorsCsv('address,kind\n1.2.3.4,ip\n');
    expect(bad.indicators).toEqual([]);
    expect(bad.rejected[0]).toMatchObject({ line: 1, field: 'header' });
  });
});

describe('parseStixBundle', () => {
  const r = parseStixBundle(stixJson, NOW);

  it('turns each IP/ASN comparison of each valid indicator into an indicator', () => {
    expect(r.indicators.map((i) => [i.id.slice(-4), i.type, i.value])).toEqual([
      ['cd3f', 'ip', '198.51.100.7'],
      ['0002', 'cidr', '203.0.113.0/24'],
      ['0002', 'cidr', '2001:db8:dead::/48'],
      ['0002', 'asn', 'AS131279'],
      ['0003', 'tor', '192.0.2.128/25'],
      ['0003', 'tor', '192.0.2.7'],
      ['0003', 'tor', '192.0.2.8'],
      ['0008', 'ip', '198.51.100.60'],
    ]);
    expect(r.indicators[0]).toMatchObject({ label: 'Laptop-farm egress', source: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff', validFrom: '2024-01-01T00:00:00.000Z' });
    expect(r.indicators[1].validUntil).toBe('2099-01-01T00:00:00.000Z');
    expect(r.ignored).toBe(1); // the identity object
  });

  it('rejects expired, revoked, non-STIX, AND-combined, unsupported and broken patterns by index and field', () => {
    const by = r.rejected.map((x) => [x.index, x.field]);
    expect(by).toEqual([
      [4, 'valid_until'],
      [5, 'revoked'],
      [6, 'pattern_type'],
      [7, 'pattern'],
      [8, 'pattern'],
      [9, 'pattern'],
    ]);
    expect(r.rejected[0].message).toMatch(/expired at 2021-01-01/);
    expect(r.rejected[3].message).toMatch(/AND between comparisons/);
    expect(r.rejected[4].message).toMatch(/domain-name:value = 'jobs-portal\.example'.*only ipv4-addr/);
    expect(r.rejected[5].message).toMatch(/expected \]/);
  });

  it('rejects something that is not a bundle', () => {
    expect(parseStixBundle({ type: 'indicator' }).rejected[0]).toMatchObject({ field: 'type' });
  });
});

describe('parseStixPattern (STIX 2.1 patterning subset)', () => {
  it('reads OR-combined comparisons, IN sets, ISSUBSET, escapes and nested parentheses', () => {
    const p = parseStixPattern("([ipv4-addr:value = '198.51.100.1/32' OR (ipv6-addr:value = '2001:db8::1')]) OR [autonomous-system:number IN (64500, 64501)]");
    expect(p.atoms.map((a) => a.value)).toEqual(['198.51.100.1/32', '2001:db8::1', 64500, 64501]);
    expect(p.unsupported).toEqual([]);
    expect(parseStixPattern("[ipv4-addr:value = 'it\\'s']").atoms[0].value).toBe("it's");
  });

  it('keeps nothing from conjunctions, sequences, qualifiers or negations, and says why', () => {
    expect(parseStixPattern("[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '1.2.3.5']").atoms).toEqual([]);
    expect(parseStixPattern("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = '1.2.3.5']").unsupported[0]).toMatch(/FOLLOWEDBY/);
    const q = parseStixPattern("[ipv4-addr:value = '1.2.3.4'] WITHIN 600 SECONDS");
    expect(q.atoms).toEqual([]);
    expect(q.unsupported).toEqual(['WITHIN qualifier']);
    expect(parseStixPattern("[ipv4-addr:value != '1.2.3.4']").unsupported[0]).toMatch(/negated/);
    expect(parseStixPattern("[ipv4-addr:value NOT = '1.2.3.4']").atoms).toEqual([]);
  });

  it('throws PatternError on syntax errors', () => {
    expect(() => parseStixPattern("[ipv4-addr:value = '1.2.3.4'")).toThrow(PatternError);
    expect(() => parseStixPattern("ipv4-addr:value = '1.2.3.4'")).toThrow(/expected "\[" or "\("/);
    expect(() => parseStixPattern("[ipv4-addr:value = 'unterminated]")).toThrow(/unterminated/);
  });
});

describe('importIndicators + openIntel', () => {
  it('stores CSV and STIX indicators merged and de-duplicated, and lookups carry them as risks or classes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-intel-'));
    const a = await importIndicators(join(fixtures, 'indicators.csv'), dataDir);
    expect(a).toMatchObject({ added: 5, total: 5, format: 'csv' });
    expect(a.rejected).toHaveLength(5);
    const b = await importIndicators(join(fixtures, 'indicators.stix.json'), dataDir);
    // 198.51.100.7, 203.0.113.0/24 and AS131279 were already stored from the CSV: replaced, not added
    expect(b).toMatchObject({ added: 5, total: 10, format: 'stix' });
    const again = await importIndicators(join(fixtures, 'indicators.csv'), dataDir);
    expect(again).toMatchObject({ added: 0, total: 10 });
    const stored = JSON.parse(readFileSync(join(dataDir, 'intel', 'indicators.json'), 'utf8'));
    expect(stored.schema).toBe('sleetwatch.indicators/v1');
    expect(stored.indicators).toHaveLength(10);

    const intel = await openIntel({ dataDir, now: NOW });
    expect(intel.indicatorCount).toBe(10);
    // documentation address: class private, but the indicator still shows
    const farm = intel.lookupIp('198.51.100.7')!;
    expect(farm.netClass).toBe('private');
    expect(farm.risks).toEqual([{ tag: 'indicator', reason: expect.stringContaining('198.51.100.7'), indicatorId: expect.any(String) }]);
    // nested: an address in 203.0.113.0/24
    expect(intel.lookupIp('203.0.113.77')!.risks.map((x) => x.tag)).toEqual(['indicator']);
    // ASN indicator on top of the built-in kp risk
    const kp = intel.lookupIp('175.45.176.99')!;
    expect(kp.risks.map((x) => x.tag)).toEqual(['kp', 'indicator']);
    expect(kp.risks[1].reason).toMatch(/AS131279/);
    // a tor indicator sets the class (and is not a threat-actor risk)
    const tor = intel.lookupIp('185.220.101.33')!;
    expect(tor).toMatchObject({ netClass: 'tor', provider: 'Tor exit relays (operator list)' });
    expect(tor.classSource).toMatch(/^indicator ind-/);
    expect(tor.risks.filter((x) => x.tag === 'indicator')).toEqual([]);
  });

  it('does not load expired indicators and lists them as inactive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-intel-'));
    const csv = join(dataDir, 'x.csv');
    writeFileSync(csv, 'value,type,label,valid_until\n198.51.100.20,ip,Short-lived,2090-01-01T00:00:00Z\n198.51.100.21,ip,Long-lived,2095-01-01T00:00:00Z\n198.51.100.22,ip,Already expired,2001-01-01\n');
    const imp = await importIndicators(csv, dataDir);
    expect(imp.rejected).toEqual([{ line: 4, field: 'valid_until', message: 'expired at 2001-01-01' }]);
    const intel = await openIntel({ dataDir, now: Date.parse('2092-01-01T00:00:00Z') });
    expect(intel.indicatorCount).toBe(1);
    expect(intel.stats.indicators.inactive).toEqual([{ id: expect.any(String), value: '198.51.100.20', reason: 'expired 2090-01-01T00:00:00.000Z' }]);
    expect(intel.lookupIp('198.51.100.20')!.risks).toEqual([]);
    expect(intel.lookupIp('198.51.100.21')!.risks).toHaveLength(1);
  });

  it('reports a damaged store naming the file and entry', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sw-intel-'));
    await importIndicators(join(fixtures, 'indicators.csv'), dataDir);
    const path = join(dataDir, 'intel', 'indicators.json');
    const s = JSON.parse(readFileSync(path, 'utf8'));
    s.indicators[2].type = 'domain';
    writeFileSync(path, JSON.stringify(s));
    await expect(openIntel({ dataDir })).rejects.toThrow(/indicators\.json: indicators\.2\.type/);
  });
});
