import { describe, expect, it } from 'vitest';
import type { HealthcheckConfig } from '../../../src/config/types.js';
import { healthStep, initialHealthCounter } from '../../../src/core/health-policy.js';

const hc: HealthcheckConfig = {
  test: { kind: 'tcp', host: '127.0.0.1', port: 1 },
  intervalMs: 5000,
  timeoutMs: 1000,
  retries: 3,
  startPeriodMs: 2000,
  startIntervalMs: 500,
};

describe('health counting', () => {
  it('one success makes it healthy and switches to the normal interval', () => {
    const s = healthStep(initialHealthCounter, true, 100, hc);
    expect(s).toMatchObject({ changed: 'healthy', nextInMs: 5000, counter: { status: 'healthy' } });
  });

  it('before the first success: no count in the start period, then at most one per interval', () => {
    let c = initialHealthCounter;
    const failures: number[] = [];
    let unhealthyAt: number | undefined;
    for (let t = 500; t <= 20_000; t += 500) {
      const s = healthStep(c, false, t, hc);
      c = s.counter;
      failures.push(c.failures);
      expect(s.nextInMs).toBe(500);
      if (s.changed === 'unhealthy') unhealthyAt ??= t;
    }
    // start_period 2 s, then counted at 2 s, 7 s and 12 s (interval 5 s): unhealthy at 12 s, like Docker.
    expect(failures.slice(0, 4)).toEqual([0, 0, 0, 1]);
    expect(unhealthyAt).toBe(12_000);
  });

  it('a success resets the failure count', () => {
    let c = healthStep(initialHealthCounter, true, 0, hc).counter;
    c = healthStep(c, false, 9000, hc).counter;
    c = healthStep(c, false, 9000, hc).counter;
    c = healthStep(c, true, 9000, hc).counter;
    c = healthStep(c, false, 9000, hc).counter;
    expect(c).toMatchObject({ failures: 1, status: 'healthy' });
  });

  it('reports unhealthy once, then healthy again on recovery', () => {
    let c = healthStep(initialHealthCounter, true, 0, hc).counter;
    const changes: Array<string | null> = [];
    for (const ok of [false, false, false, false, true]) {
      const s = healthStep(c, ok, 10_000, hc);
      c = s.counter;
      changes.push(s.changed);
    }
    expect(changes).toEqual([null, null, 'unhealthy', null, 'healthy']);
  });
});
