// Drop-in mode on a terminal (`docker run -it`), with util-linux `script`
// providing a real pty: keys typed at the terminal reach the child.

import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pid1Run, runPlainCommand, runToEnd, TSVISOR_BIN } from '../../helpers/pid1.js';

const bin = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
const hasScript = existsSync('/usr/bin/script');
const hasBash = existsSync('/bin/bash');
const TRAMPOLINE = fileURLToPath(new URL('../../../dist/tty-trampoline.mjs', import.meta.url));
const tsvisor = `${process.execPath} ${TSVISOR_BIN}`;
// No rc files, a fixed prompt, no readline escape codes in the transcript.
const interactiveBash = `env -i PATH=${process.env.PATH ?? '/usr/bin:/bin'} TERM=dumb PS1='$ ' bash --norc --noprofile -i`;
const runs: Pid1Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill()));
});

async function onTerminal(command: string, env?: Record<string, string>): Promise<Pid1Run> {
  // -e: script exits with the command's status; -f: flush output as it comes.
  const run = await runPlainCommand(['script', '-qefc', command, '/dev/null'], {
    stdin: 'pipe',
    ...(env === undefined ? {} : { env }),
  });
  runs.push(run);
  return run;
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('Ctrl-C and Ctrl-\\ reach the child', async () => {
    const run = await onTerminal(
      `${process.execPath} ${TSVISOR_BIN} -- ${process.execPath} ${bin('print-signals.mjs')} --exit-on SIGQUIT`,
    );
    await run.waitFor(/ready \d+/);
    run.stdin?.write('\x03');
    await run.waitFor(/got SIGINT/);
    run.stdin?.write('\x1c');
    await run.waitFor(/got SIGQUIT/);
    expect((await run.waitExit()).code).toBe(0);
  });

  it('the child reads what is typed', async () => {
    const run = await onTerminal(
      `${process.execPath} ${TSVISOR_BIN} -- sh -c 'echo prompt; read line; echo "read: $line"'`,
    );
    await run.waitFor('prompt');
    run.stdin?.write('hello\r');
    await run.waitFor('read: hello');
    expect((await run.waitExit()).code).toBe(0);
  });

  it.skipIf(!hasBash)(
    'an interactive bash child has job control: own group, terminal foreground, jobs, Ctrl-Z, fg',
    async () => {
      const run = await onTerminal(`${tsvisor} -- ${interactiveBash}`);
      run.stdin?.write('echo "ids $$ $(ps -o pgid= -p $$) $(ps -o tpgid= -p $$)"\r');
      const ids = (await run.waitFor(/^ids \d+/)).trim().split(/\s+/).slice(1).map(Number);
      // bash leads its own group, and that group holds the terminal; `set -m` is only on with job control.
      expect(ids[1]).toBe(ids[0]);
      expect(ids[2]).toBe(ids[0]);
      run.stdin?.write('case $- in *m*) echo monitor-on;; *) echo monitor-off;; esac\r');
      await run.waitFor(/^monitor-on/);
      run.stdin?.write('sleep 100 &\r');
      run.stdin?.write('jobs\r');
      await run.waitFor(/\[1\]\+\s+Running\s+sleep 100 &/);
      // `wait`: the killed sleep must be gone before the next one is looked for.
      run.stdin?.write('kill %1; wait; echo killed-$((1+1))\r');
      await run.waitFor(/^killed-2/);
      // A foreground job stopped with Ctrl-Z, then resumed with fg and ended with Ctrl-C.
      run.stdin?.write('sleep 101\r');
      await waitForProcess(run, 'sleep');
      run.stdin?.write('\x1a');
      await run.waitFor(/Stopped\s+sleep 101/);
      run.stdin?.write('fg\r');
      await waitForProcess(run, 'sleep', 'S');
      run.stdin?.write('\x03');
      run.stdin?.write('echo after-$((6*7))\r');
      await run.waitFor(/^after-42/);
      expect(run.stdout()).not.toMatch(/no job control/);
      run.stdin?.write('exit 7\r');
      expect((await run.waitExit()).code).toBe(7);
    },
  );

  it.skipIf(!hasBash)('Ctrl-C interrupts a foreground command of the child shell, not the shell', async () => {
    const run = await onTerminal(`${tsvisor} -- ${interactiveBash}`);
    run.stdin?.write('sleep 100\r');
    await waitForProcess(run, 'sleep');
    run.stdin?.write('\x03');
    // 130 = 128 + SIGINT: the sleep died of the key; the shell lives on and reads the next line.
    run.stdin?.write('echo "status $?"\r');
    await run.waitFor(/^status 130/);
    run.stdin?.write('echo alive-$((6*7))\r');
    await run.waitFor(/^alive-42/);
    run.stdin?.write('exit 3\r');
    expect((await run.waitExit()).code).toBe(3);
  });

  it.skipIf(!hasBash)('as PID 1 (docker run -it), bash gets job control too', async () => {
    const run = await onTerminal(`unshare --pid --fork --mount-proc --kill-child -- ${tsvisor} -- ${interactiveBash}`);
    run.stdin?.write('echo "ids $$ $(ps -o pgid= -p $$) $(ps -o tpgid= -p $$) $(ps -o comm= -p 1)"\r');
    const ids = (await run.waitFor(/^ids \d+/)).trim().split(/\s+/).slice(1);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toBe(ids[0]);
    expect(['node', 'MainThread']).toContain(ids[3]); // Node 24 names its main thread
    run.stdin?.write('sleep 100\r');
    await waitForProcess(run, 'sleep');
    run.stdin?.write('\x03');
    run.stdin?.write('exit 4\r');
    expect((await run.waitExit()).code).toBe(4);
  });

  it('gives the terminal back to its own group when the child ends', async () => {
    const run = await onTerminal(
      `${tsvisor} -- sh -c 'echo child-tpgid $(ps -o tpgid= -p $$) $$'; echo "after $(ps -o pgid= -p $$) $(ps -o tpgid= -p $$)"`,
    );
    const child = (await run.waitFor(/^child-tpgid/)).trim().split(/\s+/);
    expect(child[1]).toBe(child[2]);
    const after = (await run.waitFor(/^after\s+\d+/)).trim().split(/\s+/);
    expect(after[2]).toBe(after[1]);
    expect((await run.waitExit()).code).toBe(0);
  });

  it('the program sees the signal state, fds and environment it gets without a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsvisor-tty-'));
    try {
      // NODE_OPTIONS reaches tsvisor (a Node program) either way; it must not reach the trampoline's Node
      // (it would preload code before the program exists), yet the program must still get it.
      const preload = join(dir, 'preload.cjs');
      writeFileSync(preload, "require('node:fs').writeSync(2, 'preloaded into ' + process.argv[1] + '\\n');\n");
      const env = { ...process.env, NODE_OPTIONS: `--require ${preload}` } as Record<string, string>;
      const probe = `sh -c 'grep -E "^Sig(Blk|Ign)" /proc/self/status; ls /proc/self/fd | sort -n | tr "\\n" " "; echo; echo "opts=$NODE_OPTIONS"'`;
      const tty = await onTerminal(`${tsvisor} -- ${probe}`, env);
      const plain = await runPlainCommand(['sh', '-c', `${tsvisor} -- ${probe}`], { env });
      runs.push(plain);
      const [ttyOut, plainOut] = await Promise.all([tty.waitExit(), plain.waitExit()]);
      const lines = (text: string) =>
        text
          .replace(/\r/g, '')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => /^(Sig|opts=|\d)/.test(l));
      expect(lines(ttyOut.stdout)).toEqual(lines(plainOut.stdout + plainOut.stderr));
      expect(lines(ttyOut.stdout)).toContain('SigBlk:\t0000000000000000');
      expect(lines(ttyOut.stdout)).toContain(`opts=--require ${preload}`);
      expect(ttyOut.stdout).toContain('preloaded into');
      expect(ttyOut.stdout).not.toContain('tty-trampoline');
      expect(ttyOut.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a command that cannot run: 127 / 126 with the usual message', async () => {
    const run = await onTerminal(`${tsvisor} -- /nonexistent/cmd`);
    const result = await run.waitExit();
    expect(result.code).toBe(127);
    expect(result.stdout).toContain('tsvisor: /nonexistent/cmd: command not found');
  });
});

describe('the TTY trampoline on its own', () => {
  // The spawner checks PATH first; these are the trampoline's own answers when exec still fails.
  it('exits 127 for a missing command and 126 for one that cannot be executed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsvisor-tty-'));
    try {
      const file = join(dir, 'not-executable');
      writeFileSync(file, '#!/bin/sh\necho ran\n');
      chmodSync(file, 0o644);
      const missing = await runToEnd([process.execPath, TRAMPOLINE, '--', '/nonexistent/cmd', 'x']);
      expect(missing.code).toBe(127);
      expect(missing.stderr).toBe('tsvisor: /nonexistent/cmd: command not found\n');
      const denied = await runToEnd([process.execPath, TRAMPOLINE, '--', file]);
      expect(denied.code).toBe(126);
      expect(denied.stderr).toBe(`tsvisor: ${file}: permission denied\n`);
      const ok = await runToEnd([process.execPath, TRAMPOLINE, '--', 'sh', '-c', 'echo "$0 $1"', 'a', 'b']);
      expect(ok).toMatchObject({ code: 0, stdout: 'a b\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Waits until a process named comm (optionally in state) runs under the run's tree. */
async function waitForProcess(run: Pid1Run, comm: string, state?: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = (await run.processes()).some((p) => p.comm === comm && (state === undefined || p.state === state));
    if (found) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${comm} process${state ? ` in state ${state}` : ''}\n${run.stdout()}`);
}
