// Docker's health-check counting as a pure step function: consecutive
// failures after the start period make a program unhealthy; one success makes
// it healthy again. The caller schedules the next probe after `nextInMs`.

import type { HealthcheckConfig } from '../config/types.js';

export interface HealthCounter {
  readonly failures: number;
  readonly everHealthy: boolean;
  readonly status: 'starting' | 'healthy' | 'unhealthy';
  /** Uptime (ms) of the last failure that counted, while not yet healthy. */
  readonly lastCountedAt: number | null;
}

export const initialHealthCounter: HealthCounter = {
  failures: 0,
  everHealthy: false,
  status: 'starting',
  lastCountedAt: null,
};

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
    const counter: HealthCounter = { failures: 0, everHealthy: true, status: 'healthy', lastCountedAt: null };
    return { counter, changed: c.status === 'healthy' ? null : 'healthy', nextInMs: hc.intervalMs };
  }
  const inStartPeriod = sinceStartMs < hc.startPeriodMs;
  // Until the first success tsvisor probes at the quick start interval to notice readiness early, but
  // counts at most one failure per `interval`, so a slow starter is declared unhealthy no sooner than
  // Docker would (start_period + retries x interval), not after a few quick probes.
  const tooSoon = !c.everHealthy && c.lastCountedAt !== null && sinceStartMs - c.lastCountedAt < hc.intervalMs;
  const counts = !inStartPeriod && !tooSoon;
  const failures = counts ? c.failures + 1 : c.failures;
  const unhealthy = failures >= hc.retries;
  const status = unhealthy ? 'unhealthy' : c.status;
  const lastCountedAt = counts && !c.everHealthy ? sinceStartMs : c.lastCountedAt;
  const counter: HealthCounter = { failures, everHealthy: c.everHealthy, status, lastCountedAt };
  const nextInMs = c.everHealthy ? hc.intervalMs : hc.startIntervalMs;
  return { counter, changed: unhealthy && c.status !== 'unhealthy' ? 'unhealthy' : null, nextInMs };
}
