// Docker's restart delay (moby restartmanager): the first restart waits
// `initial`, each further one doubles the previous delay up to `max`, and a run
// that lasted at least `reset_after` starts the sequence over.

import type { BackoffConfig } from '../config/types.js';

/**
 * Delay before the next restart.
 * @param previousDelayMs delay used for the previous restart, 0 when there was none
 * @param runMs how long the run that just ended lasted (null when it never started)
 */
export function nextRestartDelay(previousDelayMs: number, runMs: number | null, backoff: BackoffConfig): number {
  const stableRun = runMs !== null && runMs >= backoff.resetAfterMs;
  const base = stableRun ? 0 : previousDelayMs;
  if (base <= 0) return Math.min(backoff.initialMs, backoff.maxMs);
  return Math.min(base * 2, backoff.maxMs);
}
