import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/control/format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0.0s'],
    [-5, '0.0s'],
    [Number.NaN, '0.0s'],
    [40, '0.0s'],
    [3200, '3.2s'],
    [59_940, '59.9s'],
    [59_960, '1m0s'],
    [252_000, '4m12s'],
    [3_599_999, '59m59s'],
    [3_600_000, '1h0m'],
    [7_380_000, '2h3m'],
    [86_400_000 + 4 * 3_600_000, '1d4h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
