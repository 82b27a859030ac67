import { describe, expect, it } from 'vitest';
import { nextRestartDelay } from '../../../src/core/backoff.js';

const docker = { initialMs: 100, maxMs: 60_000, resetAfterMs: 10_000 };

describe('nextRestartDelay (moby restartmanager semantics)', () => {
  it('doubles from 100 ms and caps at 1 minute', () => {
    const delays: number[] = [];
    let prev = 0;
    for (let i = 0; i < 14; i++) {
      prev = nextRestartDelay(prev, 5, docker);
      delays.push(prev);
    }
    expect(delays).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  it.each([
    { prev: 6400, run: 9_999, want: 12_800 },
    { prev: 6400, run: 10_000, want: 100 },
    { prev: 60_000, run: 3_600_000, want: 100 },
    { prev: 800, run: null, want: 1600 },
    { prev: 0, run: null, want: 100 },
  ])('prev $prev ms, run $run ms -> $want ms', ({ prev, run, want }) => {
    expect(nextRestartDelay(prev, run, docker)).toBe(want);
  });

  it('honours a configured cap and initial delay', () => {
    const b = { initialMs: 250, maxMs: 1000, resetAfterMs: 5000 };
    expect(nextRestartDelay(0, 1, b)).toBe(250);
    expect(nextRestartDelay(250, 1, b)).toBe(500);
    expect(nextRestartDelay(500, 1, b)).toBe(1000);
    expect(nextRestartDelay(1000, 1, b)).toBe(1000);
  });
});
