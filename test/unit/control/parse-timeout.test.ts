import { describe, expect, it } from 'vitest';
import { parseTimeout } from '../../../src/control/parse-timeout.js';

describe('parseTimeout', () => {
  it.each([
    ['30s', 30_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['10', 10_000],
    ['0', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseTimeout(text)).toBe(ms);
  });

  it.each(['', 's', '30x', '30 s', '-1s', '1s garbage', 'abc'])('rejects %j', (text) => {
    expect(parseTimeout(text)).toBeUndefined();
  });
});
