import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pollPid, readPidfile, waitForPidfile, watchPid } from '../../../src/os/pidfile.js';
import { isAlive } from '../../../src/os/process-group.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tsvisor-pidfile-'));
const started: number[] = [];
afterAll(() => {
  for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A daemon that is NOT our child: sh backgrounds sleep and exits, so sleep is re-parented away from us. */
async function startDaemon(): Promise<number> {
  const { stdout } = await run('sh', ['-c', 'sleep 300 >/dev/null 2>&1 & echo $!']);
  const pid = Number(stdout.trim());
  started.push(pid);
  return pid;
}

/** The pid of a process that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

function exitOf(pid: number, ms = 10_000) {
  return new Promise<'exited' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    const watch = watchPid(pid, () => {
      clearTimeout(timer);
      resolve('exited');
    });
    expect(watch.mechanism).not.toBe('poll'); // pidfd is available on this kernel
  });
}

describe('readPidfile', () => {
  it('names a live pid', async () => {
    const pid = await startDaemon();
    writeFileSync(join(dir, 'live.pid'), `${pid}\n`);
    expect(await readPidfile(join(dir, 'live.pid'))).toEqual({ ok: true, pid });
  });

  it('explains every failure', async () => {
    const dead = await deadPid();
    writeFileSync(join(dir, 'empty.pid'), '');
    writeFileSync(join(dir, 'junk.pid'), 'hello\n');
    writeFileSync(join(dir, 'dead.pid'), `${dead}\n`);
    expect(await readPidfile(join(dir, 'missing.pid'))).toEqual({
      ok: false,
      reason: `pidfile ${dir}/missing.pid does not exist`,
    });
    expect(await readPidfile(join(dir, 'empty.pid'))).toEqual({
      ok: false,
      reason: `pidfile ${dir}/empty.pid is empty`,
    });
    expect(await readPidfile(join(dir, 'junk.pid'))).toEqual({
      ok: false,
      reason: `pidfile ${dir}/junk.pid does not hold a pid: "hello"`,
    });
    expect(await readPidfile(join(dir, 'dead.pid'))).toEqual({
      ok: false,
      reason: `pidfile ${dir}/dead.pid names pid ${dead}, which is not running`,
    });
    expect((await readPidfile(dir)).ok).toBe(false);
  });
});

describe('waitForPidfile', () => {
  it('waits for a pidfile written later, even if first written partially', async () => {
    const pid = await startDaemon();
    const path = join(dir, 'later.pid');
    setTimeout(() => writeFileSync(path, ''), 100);
    setTimeout(() => writeFileSync(path, `${pid}\n`), 400);
    expect(await waitForPidfile(path, 10_000)).toEqual({ ok: true, pid });
  });

  it('gives up at the deadline with the last reason', async () => {
    const path = join(dir, 'never.pid');
    expect(await waitForPidfile(path, 300)).toEqual({
      ok: false,
      reason: `timed out after 300 ms: pidfile ${path} does not exist`,
    });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await waitForPidfile(join(dir, 'aborted.pid'), 60_000, controller.signal);
    expect(result).toEqual({ ok: false, reason: `waiting for pidfile ${dir}/aborted.pid was aborted` });
  });
});

describe('watchPid', () => {
  it('reports the exit of a daemon that is not our child, killed from outside', async () => {
    const pid = await startDaemon();
    const exited = exitOf(pid);
    await new Promise((r) => setTimeout(r, 200));
    await run('kill', ['-TERM', String(pid)]);
    expect(await exited).toBe('exited');
  });

  it('reports a pid that is already gone', async () => {
    expect(await exitOf(await deadPid())).toBe('exited');
  });

  it('reports the exit of a child too (pidfd wakes before anyone reaps it)', async () => {
    const child = spawn('sleep', ['300']);
    started.push(child.pid as number);
    const exited = exitOf(child.pid as number);
    child.kill('SIGKILL');
    expect(await exited).toBe('exited');
  });

  it('stays silent after close', async () => {
    const pid = await startDaemon();
    let calls = 0;
    const watch = watchPid(pid, () => calls++);
    watch.close();
    watch.close();
    const control = exitOf(pid);
    process.kill(pid, 'SIGKILL');
    expect(await control).toBe('exited');
    expect(calls).toBe(0);
  });
});

// Kernels before 5.3 and seccomp profiles that deny pidfd_open get the polling fallback.
describe('pollPid (the fallback without pidfd)', () => {
  it('reports the exit of a daemon killed from outside, once, and nothing after close', async () => {
    const pid = await startDaemon();
    let calls = 0;
    const exited = new Promise<void>((resolve) => {
      pollPid(
        pid,
        () => {
          calls++;
          resolve();
        },
        20,
      );
    });
    const silenced = pollPid(pid, () => calls++, 20);
    silenced.close();
    expect(silenced.mechanism).toBe('poll');
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(0);
    process.kill(pid, 'SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(1);
  });
});
