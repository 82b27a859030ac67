// The PID 1 harness itself, driven with fixtures instead of tsvisor: a broken
// harness would make every integration test meaningless.

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pid1Run, runAsPid1Command, runPlainCommand } from '../../helpers/pid1.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
const runs: Pid1Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill()));
});

describe('runAsPid1Command', () => {
  it('runs the program as PID 1 and sees its namespace only', async () => {
    const run = await runAsPid1Command(['sh', '-c', 'echo "pid=$$"; sleep 1000 & wait']);
    runs.push(run);
    await run.waitFor('pid=1');
    // The shell prints before it forks sleep, and the fork is `sh` until it execs: wait for the exec.
    let procs = await run.processes();
    for (let i = 0; i < 250 && !procs.some((p) => p.comm === 'sleep'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      procs = await run.processes();
    }
    expect(procs.map((p) => p.pid).sort()).toEqual([1, 2]);
    expect(procs.find((p) => p.pid === 2)).toMatchObject({ ppid: 1, comm: 'sleep' });
    expect(run.hostPid).not.toBe(1);
  });

  it('delivers signals from outside and reports the exit', async () => {
    const run = await runAsPid1Command([process.execPath, fixture('print-signals.mjs'), '--exit-on', 'SIGTERM']);
    runs.push(run);
    await run.waitFor(/^ready 1$/);
    run.signal('SIGUSR2');
    await run.waitFor('got SIGUSR2');
    run.signal('SIGTERM');
    const result = await run.waitExit();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('got SIGTERM');
  });

  it('execs inside the namespace', async () => {
    const run = await runAsPid1Command(['sleep', '1000']);
    runs.push(run);
    const result = await run.exec(['sh', '-c', 'cat /proc/1/comm; echo err >&2']);
    expect(result).toMatchObject({ code: 0, stdout: 'sleep\n', stderr: 'err\n' });
  });

  it('kill() ends the whole namespace and is idempotent', async () => {
    const run = await runAsPid1Command(['sh', '-c', 'sleep 1000 & sleep 1000 & echo up; wait']);
    await run.waitFor('up');
    await Promise.all([run.kill(), run.kill()]);
    const result = await run.waitExit(5000);
    expect(result.signal ?? result.code).not.toBe(0);
  });
});

describe('runPlainCommand', () => {
  it('runs a normal child and lists its descendants', async () => {
    const run = await runPlainCommand(['sh', '-c', 'sleep 1000 & echo up; wait']);
    runs.push(run);
    await run.waitFor('up');
    const procs = await run.processes();
    expect(procs.map((p) => p.comm).sort()).toEqual(['sh', 'sleep']);
    expect(procs.find((p) => p.comm === 'sh')?.pid).toBe(run.hostPid);
    await run.kill();
    expect(await run.processes()).toEqual([]);
  });

  it('waitFor rejects with the output on timeout', async () => {
    const run = await runPlainCommand(['sh', '-c', 'echo hello; sleep 1000']);
    runs.push(run);
    await expect(run.waitFor('never', 300)).rejects.toThrow(/hello/);
  });
});
