// The one reader of time. Durations use the monotonic clock so a wall-clock
// jump (NTP, a VM resume) never fires or delays a restart.

import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Wall-clock ISO time of a monotonic instant, for display only. */
  toWall(monotonicMs: number): string;
}

/** The process clock. */
export function systemClock(): Clock {
  const origin = Date.now() - performance.now();
  return {
    now: () => performance.now(),
    toWall: (t) => new Date(origin + t).toISOString(),
  };
}
