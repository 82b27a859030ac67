// The two kernel facts the reaper's fast path rests on, checked on this kernel:
// waitid(WNOWAIT) names a zombie without reaping it (so libuv still gets its
// own children's exits), and orphans re-parented to us (PID 1 or subreaper)
// hang on the thread group leader's children list, not on another thread's.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { peekExitedChild } from '../../../src/os/libc-calls.js';
import { createReaper } from '../../../src/os/reaper.js';
import { type Pid1Run, runAsPid1Command, runPlainCommand } from '../../helpers/pid1.js';

const runs: Pid1Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill()));
});

function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

// Blocks the event loop until pid is a zombie, so libuv cannot reap it before we peek.
function blockUntilZombie(pid: number): void {
  const deadline = Date.now() + 10_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (stateOf(pid) !== 'Z') {
    if (Date.now() > deadline) throw new Error(`pid ${pid} never became a zombie`);
    Atomics.wait(pause, 0, 0, 5);
  }
}

describe('peekExitedChild', () => {
  it('names an exited child without reaping it; libuv still sees its exit code', async () => {
    const child = spawn('sh', ['-c', 'exit 7'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const pid = child.pid ?? 0;
    blockUntilZombie(pid);
    expect(peekExitedChild()).toBe(pid);
    expect(peekExitedChild()).toBe(pid);
    expect(stateOf(pid)).toBe('Z');
    // The reaper must leave an owned zombie alone even though the peek keeps naming it.
    const reaper = createReaper({ isOwned: (p) => p === pid });
    expect(reaper.reapNow()).toBe(0);
    expect(stateOf(pid)).toBe('Z');
    expect(await exited).toBe(7);
    expect(stateOf(pid)).toBeUndefined();
  });
});

// Runs as PID 1 or subreaper, wakes the libuv pool so there are many threads, makes two orphans and reports
// which task's children file lists them.
const koffiPath = createRequire(import.meta.url).resolve('koffi');
const probe = (subreaper: boolean) => `
  const { spawn } = require('node:child_process');
  const fs = require('node:fs');
  if (${subreaper}) {
    const libc = require(${JSON.stringify(koffiPath)}).load('libc.so.6');
    libc.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)')(36, 1, 0, 0, 0);
  }
  Promise.all(Array.from({ length: 8 }, () => fs.promises.readFile('/proc/self/stat'))).then(() => {
    const sh = spawn('sh', ['-c', 'sleep 1000 & echo $!; sleep 1000 & echo $!'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    sh.stdout.on('data', (d) => { out += d; });
    sh.on('exit', () => {
      const orphans = out.trim().split(/\\s+/).map(Number);
      const me = process.pid;
      const lists = {};
      for (const tid of fs.readdirSync('/proc/self/task')) {
        lists[tid] = fs.readFileSync('/proc/self/task/' + tid + '/children', 'utf8').split(' ').filter(Boolean).map(Number);
      }
      const others = Object.entries(lists).filter(([t]) => Number(t) !== me).flatMap(([, v]) => v);
      console.log('result ' + JSON.stringify({ threads: Object.keys(lists).length, orphans, leader: lists[me], others }));
      for (const o of orphans) process.kill(o, 'SIGKILL');
      setTimeout(() => process.exit(0), 200);
    });
  });`;

interface ProbeResult {
  threads: number;
  orphans: number[];
  leader: number[];
  others: number[];
}

describe('re-parented orphans', () => {
  for (const pid1 of [true, false]) {
    it(`are on the thread group leader's children list (${pid1 ? 'PID 1' : 'subreaper'})`, async () => {
      const argv = [process.execPath, '-e', probe(!pid1)];
      const run = await (pid1 ? runAsPid1Command(argv) : runPlainCommand(argv));
      runs.push(run);
      const line = await run.waitFor(/^result /, 15_000);
      const result = JSON.parse(line.slice('result '.length)) as ProbeResult;
      expect(result.threads).toBeGreaterThan(4);
      expect(result.orphans).toHaveLength(2);
      expect(result.leader).toEqual(expect.arrayContaining(result.orphans));
      expect(result.others).toEqual([]);
    });
  }
});
