import { describe, expect, it } from 'vitest';
import { safeText, sanitizeItem } from '../sanitize.ts';

describe('safeText / sanitizeItem', () => {
  it('replaces lone surrogates and C0 controls except tab, newline and CR; keeps valid pairs', () => {
    expect(safeText('plain')).toBe('plain');
    expect(safeText('a\u0000b')).toBe('a\ufffdb');
    expect(safeText('\ud800')).toBe('\ufffd');
    expect(safeText('x\udc00y\ud800')).toBe('x\ufffdy\ufffd');
    expect(safeText('\ud83d\ude00 ok')).toBe('\ud83d\ude00 ok');
    expect(safeText('t\tn\nr\r\u001b\u007f')).toBe('t\tn\nr\r\ufffd\u007f');
  });
  it('walks nested objects and arrays in place', () => {
    const item = { a: 'x\u0000', b: [{ c: '\ud800' }, 'd\u0001'], n: 1, u: undefined };
    expect(sanitizeItem(item)).toEqual({ a: 'x\ufffd', b: [{ c: '\ufffd' }, 'd\ufffd'], n: 1, u: undefined });
  });
});
