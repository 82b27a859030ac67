// Runs one peer with a program list as PID 1 in its own namespace and scratch directory, with the
// peer's own stdout/stderr kept in files there (or discarded) so a failed run can be diagnosed.
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNamespace } from './namespace.mjs';
import { descendantsOf } from './proc.mjs';

const root = mkdtempSync(join(tmpdir(), 'tsvisor-bench-'));

// A fresh scratch directory for one run; fixtures write their stamps here.
export function runDir(label) {
  const dir = mkdtempSync(join(root, `${label}-`));
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Starts peer with programs; output 'file' keeps stdout+stderr in dir/output.log, 'discard' sends them to /dev/null.
export async function launchPeer(peer, programs, { dir, ctx = {}, output = 'file' } = {}) {
  const where = dir ?? runDir(peer.id);
  const argv = peer.command(programs, { dir: where, ...ctx });
  return launchArgv(argv, { dir: where, output });
}

// Same as launchPeer for an explicit argv (the direct-pipe baseline).
export async function launchArgv(argv, { dir, output = 'file' }) {
  const fd = output === 'file' ? openSync(join(dir, 'output.log'), 'a') : undefined;
  const stdio = fd ?? 'ignore';
  try {
    const ns = await startNamespace(argv, { stdout: stdio, stderr: stdio });
    return {
      ...ns,
      dir,
      // Last lines of what the init printed, for error messages.
      outputTail: () => (fd === undefined ? '' : tail(join(dir, 'output.log'))),
      descendants: () => descendantsOf(ns.initPid),
    };
  } finally {
    // The child holds its own copy of the descriptor from here on.
    if (fd !== undefined) closeSync(fd);
  }
}

// Counts the namespace's processes named comm that are not zombies (sleep programs after their exec).
export function countLive(run, comm) {
  return run.descendants().filter((p) => p.comm === comm && p.state !== 'Z').length;
}

// Removes every scratch directory of this harness run (BENCH_KEEP=1 keeps them for post-mortems).
export function removeScratch() {
  if (process.env.BENCH_KEEP === '1') {
    process.stderr.write(`scratch kept in ${root}\n`);
    return;
  }
  rmSync(root, { recursive: true, force: true });
}

function tail(path) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-8).join('\n');
  } catch {
    return '';
  }
}
