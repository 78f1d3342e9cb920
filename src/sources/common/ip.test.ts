import { describe, expect, it } from 'vitest';
import { normalizeIp } from './ip.ts';

describe('normalizeIp', () => {
  it('returns a plain IPv4 address as the same string', () => {
    const s = '175.45.176.99';
    expect(normalizeIp(s)).toBe(s);
  });

  it.each([
    [' 1.2.3.4 ', '1.2.3.4'],
    ['1.2.3.4:50000', '1.2.3.4'], // Office 365 ClientIP with the client port
    ['20.185.225.251:6688', '20.185.225.251'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:DB8::1]', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000::0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // RFC 5952: the first of two equal zero runs
    ['2603:10a6:208:a8::16', '2603:10a6:208:a8::16'],
    ['::ffff:1.2.3.4', '1.2.3.4'], // IPv4-mapped, dotted and hex
    ['::FFFF:102:304', '1.2.3.4'],
    ['[::ffff:175.45.176.99]:8443', '175.45.176.99'],
    ['0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::1', '::1'],
    ['::', '::'],
  ])('%s → %s', (raw, ip) => expect(normalizeIp(raw)).toBe(ip));

  it.each(['', '   ', 'unknown', '123.456.7.89', '1.2.3', '1.2.3.4:', '1.2.3.4:99999999', '[::1]:x', '[::1', '<script>alert(1)</script>', 'a'.repeat(500), '1.2.3.4 5.6.7.8', '2001:db8::1::2'])(
    '%j is no IP address',
    (raw) => expect(normalizeIp(raw)).toBeUndefined(),
  );
});
