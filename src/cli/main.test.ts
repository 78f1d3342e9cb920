// What the CLI keeps to itself so as not to load heavy modules at start-up still agrees with its source.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT } from '../server/types.ts';
import { DEFAULT_BODY_LIMIT_MB, groupDigits } from './main.ts';

describe('CLI start-up copies', () => {
  it('the serve --body-limit default is the server default', () => {
    expect(DEFAULT_BODY_LIMIT_MB * 1024 * 1024).toBe(DEFAULT_BODY_LIMIT);
  });

  it('groupDigits writes counts as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 151_841, 1_050_025, -1234, 2 ** 53 - 1, 0.5, 1234.5]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
