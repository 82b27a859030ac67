// Programs that cannot be started: each failure is an exit event with a log
// line and goes through the restart policy; PID 1 and the other programs carry on.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvents } from '../helpers/log-events.js';
import { cleanupFaultRuns, expectTableTrue, startFaultRun, stopAndCheck } from './harness/fault-run.js';

afterEach(cleanupFaultRuns);

describe('spawn failures as PID 1', () => {
  it('missing binary, not executable, unknown user, missing working_dir: fatal after their retries, nothing else hurt', async () => {
    const fr = await startFaultRun((dir) => {
      const script = join(dir.dir, 'not-executable.sh');
      writeFileSync(script, '#!/bin/sh\necho should-not-run\n');
      chmodSync(script, 0o644);
      const bad = (def: string) => `${def}\n    restart: on-failure:2\n    backoff: { initial: 20ms }`;
      return `  missing:
    ${bad('command: ["/nonexistent/bin/xyz"]')}
  noexec:
    ${bad(`command: ["${script}"]`)}
  nouser:
    ${bad('command: ["true"]\n    user: no-such-user-fault')}
  nodir:
    ${bad('command: ["true"]\n    working_dir: /no/such/dir/fault')}
  good:
    command: ["sh", "-c", "echo good-up; exec sleep 100000"]
`;
    });
    const bad = ['missing', 'noexec', 'nouser', 'nodir'];
    await fr.until((v) => bad.every((n) => v.find((x) => x.name === n)?.state === 'fatal'), 'every bad program fatal');
    const views = await fr.status();
    expect(views.find((v) => v.name === 'good')).toMatchObject({ state: 'running', restarts: 0 });
    for (const name of bad) expect(views.find((v) => v.name === name)?.restarts).toBe(2);
    const errors = parseEvents(fr.run.stderr()).filter((e) => e.level === 'error');
    for (const name of bad) expect(errors.some((e) => e.program === name)).toBe(true);
    expect(fr.run.stdout()).not.toContain('should-not-run');
    await expectTableTrue(fr);
    await stopAndCheck(fr);
  });

  it('out of file descriptors (RLIMIT_NOFILE 64, 40 programs): spawns fail with EMFILE, PID 1 survives and shuts down', async () => {
    const programs = Array.from(
      { length: 40 },
      (_, i) => `  p${i}:\n    command: ["sleep", "100000"]\n    backoff: { initial: 100ms, max: 500ms }\n`,
    ).join('');
    const fr = await startFaultRun(programs, {
      wrap: (argv) => ['prlimit', '--nofile=64:64', '--', ...argv],
      ready: /"msg":"tsvisor starting"/,
    });
    await fr.run.waitFor(/EMFILE|too many open files/i, 20_000);
    await new Promise((r) => setTimeout(r, 3000));
    // Still PID 1 and still reaping: every process in the namespace is tsvisor or a live program.
    const procs = await fr.run.processes();
    expect(['node', 'MainThread']).toContain(procs.find((p) => p.pid === 1)?.comm); // Node 24 names its main thread
    expect(procs.filter((p) => p.state === 'Z')).toEqual([]);
    const running = procs.filter((p) => p.comm === 'sleep').length;
    expect(running).toBeGreaterThan(0);
    expect(running).toBeLessThan(40);
    const result = await stopAndCheck(fr);
    // Regression: node's stray EMFILE 'error' event used to be an uncaught exception and stop everything (70).
    expect(result.stderr).not.toMatch(/uncaught exception/);
    console.log(`[fault] RLIMIT_NOFILE 64: ${running} of 40 programs could run; exit ${result.code}`);
  }, 60_000);
});
