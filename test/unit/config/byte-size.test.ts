import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../../src/config/byte-size.js';

describe('parseByteSize (all units are powers of 1024)', () => {
  it.each([
    [1024, 1024],
    ['100', 100],
    ['100B', 100],
    ['1K', 1024],
    ['1KB', 1024],
    ['1KiB', 1024],
    ['1kb', 1024],
    ['10MB', 10 * 1024 ** 2],
    ['10 MiB', 10 * 1024 ** 2],
    ['1M', 1024 ** 2],
    ['2G', 2 * 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['1.5K', 1536],
  ] as const)('%j → %d', (input, bytes) => {
    expect(parseByteSize(input)).toBe(bytes);
  });

  it.each(['', 'MB', '10TB', '10 M B', '-1K', 1.5, -1, '1e3'])('rejects %j', (input) => {
    expect(parseByteSize(input)).toBeUndefined();
  });
});
