// A program crash-looping at full speed must cost PID 1 little: the backoff,
// not tsvisor's CPU, bounds the restart rate.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupFaultRuns, expectTableTrue, startFaultRun, stopAndCheck } from './harness/fault-run.js';
import { cpuSeconds } from './harness/proc-usage.js';

afterEach(cleanupFaultRuns);

const WINDOW_MS = 20_000;

describe('crash loop', () => {
  it('`false` with restart always for 20 s: Docker backoff limits restarts, tsvisor stays under 20% of a core', async () => {
    const fr = await startFaultRun(`  crasher:
    command: ["false"]
    restart: always
  fast:
    command: ["false"]
    restart: always
    backoff: { initial: 10ms, max: 100ms }
  steady:
    command: ["sleep", "100000"]
`);
    const cpu0 = cpuSeconds(fr.run.hostPid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const cpu = (cpuSeconds(fr.run.hostPid) - cpu0) / ((Date.now() - t0) / 1000);
    const views = await fr.status();
    const restarts = (name: string) => views.find((v) => v.name === name)?.restarts ?? -1;
    // 100 ms doubling: 0.1+0.2+…+12.8 s ≈ 25 s, so at most ~8 restarts fit in 20 s (more with a slow spawn: fewer).
    expect(restarts('crasher')).toBeGreaterThanOrEqual(4);
    expect(restarts('crasher')).toBeLessThanOrEqual(9);
    // Capped at 100 ms: about 10 restarts a second, bounded by 20 s / 100 ms.
    expect(restarts('fast')).toBeGreaterThan(20);
    expect(restarts('fast')).toBeLessThanOrEqual(WINDOW_MS / 100 + 1);
    expect(views.find((v) => v.name === 'steady')).toMatchObject({ state: 'running', restarts: 0 });
    expect(cpu).toBeLessThan(0.2);
    console.log(
      `[fault] crash loop ${WINDOW_MS / 1000} s: tsvisor CPU ${(cpu * 100).toFixed(1)}% of a core; restarts default-backoff ${restarts('crasher')}, 100ms-cap ${restarts('fast')}`,
    );
    await expectTableTrue(fr);
    await stopAndCheck(fr);
  }, 60_000);
});
