// Docker's health-check counting as a pure step function: consecutive
// failures after the start period make a program unhealthy; one success makes
// it healthy again. The caller schedules the next probe after `nextInMs`.

import type { HealthcheckConfig } from '../config/types.js';

export interface HealthCounter {
  readonly failures: number;
  readonly everHealthy: boolean;
  readonly status: 'starting' | 'healthy' | 'unhealthy';
}

export const initialHealthCounter: HealthCounter = { failures: 0, everHealthy: false, status: 'starting' };

export interface HealthStep {
  readonly counter: HealthCounter;
  /** Set when the status changed and the state machine must hear it. */
  readonly changed: 'healthy' | 'unhealthy' | null;
  readonly nextInMs: number;
}

/** Delay before the first probe of a run. */
export function firstProbeDelay(hc: HealthcheckConfig): number {
  return hc.startIntervalMs;
}

/** Apply one probe result. `sinceStartMs` is the program's uptime when the probe finished. */
export function healthStep(c: HealthCounter, ok: boolean, sinceStartMs: number, hc: HealthcheckConfig): HealthStep {
  if (ok) {
    const counter: HealthCounter = { failures: 0, everHealthy: true, status: 'healthy' };
    return { counter, changed: c.status === 'healthy' ? null : 'healthy', nextInMs: hc.intervalMs };
  }
  const inStartPeriod = sinceStartMs < hc.startPeriodMs;
  // Failures during the start period do not count (Docker), but keep probing at the start interval.
  const failures = inStartPeriod ? c.failures : c.failures + 1;
  const unhealthy = failures >= hc.retries;
  const status = unhealthy ? 'unhealthy' : c.status;
  const counter: HealthCounter = { failures, everHealthy: c.everHealthy, status };
  const nextInMs = c.everHealthy ? hc.intervalMs : hc.startIntervalMs;
  return { counter, changed: unhealthy && c.status !== 'unhealthy' ? 'unhealthy' : null, nextInMs };
}
