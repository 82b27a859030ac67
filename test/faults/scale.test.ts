// 1 000 programs (`sleep infinity`): start-up, `ctl status` and shutdown
// still work, with times reported (the bounds are generous; figures go to
// docs/robustness.md).
import { afterEach, describe, expect, it } from 'vitest';
import { runToEnd, TSVISOR_BIN } from '../helpers/pid1.js';
import { cleanupFaultRuns, expectTableTrue, startFaultRun, stopAndCheck } from './harness/fault-run.js';
import { rssKiB } from './harness/proc-usage.js';

afterEach(cleanupFaultRuns);

const COUNT = 1000;

describe('scale', () => {
  it(`${COUNT} programs: all running, status answers, shutdown completes`, async () => {
    const programs = Array.from({ length: COUNT }, (_, i) => `  p${i}:\n    command: ["sleep", "infinity"]\n`).join('');
    const t0 = Date.now();
    const fr = await startFaultRun(programs, { top: 'shutdown: { timeout: 60s }', readyTimeoutMs: 60_000 });
    await fr.until((v) => v.length === COUNT && v.every((p) => p.state === 'running'), 'all running', 120_000);
    const startMs = Date.now() - t0;

    const t1 = Date.now();
    const ctl = await runToEnd(
      [process.execPath, TSVISOR_BIN, 'ctl', '--socket', fr.dir.socket, 'status', '--json'],
      60_000,
    );
    const statusMs = Date.now() - t1;
    expect(ctl.code).toBe(0);
    expect(JSON.parse(ctl.stdout)).toHaveLength(COUNT);
    await expectTableTrue(fr, 30_000);
    const procs = await fr.run.processes();
    expect(procs.filter((p) => p.comm === 'sleep')).toHaveLength(COUNT);
    const rss = rssKiB(fr.run.hostPid);

    const t2 = Date.now();
    await stopAndCheck(fr, 0, 90_000);
    const stopMs = Date.now() - t2;
    console.log(
      `[fault] ${COUNT} programs: all running after ${startMs} ms, ctl status --json ${statusMs} ms, shutdown ${stopMs} ms, tsvisor RSS ${Math.round(rss / 1024)} MiB`,
    );
    expect(stopMs).toBeLessThan(60_000);
  }, 240_000);
});
