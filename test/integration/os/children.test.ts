// Child listing against the real kernel, including a child forked by a worker
// thread: it sits in that thread's children file, not the main thread's.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { fromStatScan, listChildren } from '../../../src/os/children.js';
import { descendantsOf, isAlive, signalGroup, signalPid } from '../../../src/os/process-group.js';

const cleanup: number[] = [];
afterEach(() => {
  for (const pid of cleanup.splice(0)) if (isAlive(pid)) signalPid(pid, 'SIGKILL');
});

function sleeper(): number {
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('spawn failed');
  cleanup.push(child.pid);
  return child.pid;
}

describe('listChildren', () => {
  it('lists direct children, like the /proc/*/stat scan', () => {
    const pids = [sleeper(), sleeper(), sleeper()];
    expect(listChildren()).toEqual(expect.arrayContaining(pids));
    expect(fromStatScan(process.pid)).toEqual(expect.arrayContaining(pids));
  });

  it('finds a child forked from a worker thread', async () => {
    const source = `
      const { spawn } = require('node:child_process');
      const { parentPort } = require('node:worker_threads');
      const c = spawn('sleep', ['1000'], { stdio: 'ignore' });
      parentPort.postMessage(c.pid);
      setInterval(() => {}, 1e9);`;
    const worker = new Worker(source, { eval: true });
    try {
      const pid = await new Promise<number>((resolve) => worker.once('message', resolve));
      cleanup.push(pid);
      const mainThread = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').split(' ');
      expect(mainThread).not.toContain(String(pid));
      expect(listChildren()).toContain(pid);
    } finally {
      await worker.terminate();
    }
  });
});

describe('process-group', () => {
  it('walks descendants and signals a whole group, tolerating a gone one', async () => {
    const child = spawn('sh', ['-c', 'sleep 1000 & sleep 1000 & wait'], { stdio: 'ignore', detached: true });
    const pid = child.pid ?? 0;
    cleanup.push(pid);
    let tree: number[] = [];
    for (let i = 0; i < 100 && tree.length < 2; i++) {
      tree = descendantsOf(pid);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(tree).toHaveLength(2);
    const exited = new Promise((r) => child.once('exit', r));
    expect(signalGroup(pid, 'SIGKILL')).toBe(true);
    await exited;
    for (let i = 0; i < 100 && tree.some(isAliveNotZombie); i++) await new Promise((r) => setTimeout(r, 20));
    expect(tree.filter(isAliveNotZombie)).toEqual([]);
    // A group whose only member exited and was reaped: ESRCH is an answer, not an error.
    const lone = spawn('true', [], { stdio: 'ignore', detached: true });
    await new Promise((r) => lone.once('exit', r));
    expect(signalGroup(lone.pid ?? 0, 'SIGTERM')).toBe(false);
    expect(isAlive(lone.pid ?? 0)).toBe(false);
    expect(() => signalGroup(1, 'SIGTERM')).toThrow(RangeError);
    expect(() => signalPid(-1, 'SIGTERM')).toThrow(RangeError);
  });
});

function isAliveNotZombie(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
