import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpv4, type IpRange } from './ip.ts';
import { compileSegments, find4 } from './segments.ts';

const r = (c: string) => parseCidr(c) as IpRange;

describe('compileSegments', () => {
  it('flattens nested ranges so the picked entry covers each part, and binary search finds it', () => {
    // 0: 10.0.0.0/8 (weak), 1: 10.1.0.0/16 (strong), 2: 10.1.2.0/24 (weak)
    const ranks = [5, 1, 5];
    const { t4 } = compileSegments(
      [{ range: r('10.0.0.0/8'), id: 0 }, { range: r('10.1.0.0/16'), id: 1 }, { range: r('10.1.2.0/24'), id: 2 }],
      (ids) => ids.reduce((b, i) => (ranks[i] < ranks[b] ? i : b)),
    );
    const at = (ip: string) => { const s = find4(t4, parseIpv4(ip)); return s < 0 ? -1 : t4.vals[s]; };
    expect(at('10.0.0.1')).toBe(0);
    expect(at('10.1.2.3')).toBe(1); // the strong /16 wins over the nested weak /24
    expect(at('10.1.255.255')).toBe(1);
    expect(at('10.2.0.0')).toBe(0);
    expect(at('11.0.0.0')).toBe(-1);
    expect(at('9.255.255.255')).toBe(-1);
    // adjacent equal values merge: 10.0.0.0-10.0.255.255 and 10.2.0.0-10.255.255.255 stay split by the /16
    expect(t4.starts.length).toBe(3);
  });

  it('handles ranges touching the top of the address space', () => {
    const { t4 } = compileSegments([{ range: r('255.255.255.0/24'), id: 7 }], (ids) => ids[0]);
    expect(t4.vals[find4(t4, parseIpv4('255.255.255.255'))]).toBe(7);
  });
});
