import { describe, expect, it } from 'vitest';
import { formatIpv6, parseCidr, parseIp, parseIpv4, rangeKey, rangeToCidrs4, wordsToBig } from './ip.ts';

describe('IP parsing', () => {
  it('parses IPv4 and rejects malformed or ambiguous forms', () => {
    expect(parseIpv4('175.45.176.99')).toBe(175 * 2 ** 24 + 45 * 2 ** 16 + 176 * 256 + 99);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1..2.3', '', 'a.b.c.d', '1.2.3.4 ']) expect(parseIpv4(bad)).toBe(-1);
  });

  it('parses IPv6 forms, zones and IPv4-mapped addresses', () => {
    const v6 = (s: string) => {
      const p = parseIp(s);
      return p && p.v === 6 ? formatIpv6(wordsToBig(p.w)) : p;
    };
    expect(v6('2a00:1450:4001:080b:0000:0000:0000:200e')).toBe('2a00:1450:4001:80b::200e');
    expect(v6('::1')).toBe('::1');
    expect(v6('::')).toBe('::');
    expect(v6('fe80::1%eth0')).toBe('fe80::1');
    expect(v6('64:ff9b::1.2.3.4')).toBe('64:ff9b::102:304');
    expect(parseIp('::ffff:8.8.4.4')).toEqual({ v: 4, n: parseIpv4('8.8.4.4') });
    for (const bad of ['1::2::3', ':1:2', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7:', '::ffff:1.2.3']) expect(parseIp(bad)).toBeUndefined();
  });

  it('parses CIDRs and names the error for bad ones', () => {
    expect(parseCidr('203.0.113.0/24')).toEqual({ v: 4, start: parseIpv4('203.0.113.0'), end: parseIpv4('203.0.113.255') });
    expect(parseCidr('198.51.100.7')).toEqual({ v: 4, start: parseIpv4('198.51.100.7'), end: parseIpv4('198.51.100.7') });
    expect(parseCidr('203.0.113.9/24')).toMatch(/host bits set.*203\.0\.113\.0\/24/);
    expect(parseCidr('10.0.0.0/33')).toMatch(/out of range/);
    expect(parseCidr('nope/8')).toMatch(/not an IP/);
    const r = parseCidr('2001:db8:dead::/48');
    expect(typeof r === 'object' && rangeKey(r)).toBe('2001:db8:dead::/48');
  });

  it('splits an inclusive IPv4 range into the minimal CIDR list', () => {
    expect(rangeToCidrs4(parseIpv4('3.0.0.0'), parseIpv4('3.1.255.255'))).toEqual(['3.0.0.0/15']);
    expect(rangeToCidrs4(parseIpv4('8.4.9.128'), parseIpv4('8.4.9.255'))).toEqual(['8.4.9.128/25']);
    expect(rangeToCidrs4(parseIpv4('10.0.0.1'), parseIpv4('10.0.0.6'))).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
  });
});
