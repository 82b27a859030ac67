import { describe, expect, it } from 'vitest';
import { timedOut } from '../../../src/runtime/health/probe-result.js';

describe('timedOut', () => {
  it.each([
    [5000, 'timed out after 5s'],
    [30_000, 'timed out after 30s'],
    [1500, 'timed out after 1500ms'],
    [250, 'timed out after 250ms'],
  ])('%i ms', (ms, output) => {
    expect(timedOut(ms)).toEqual({ ok: false, output });
  });
});
