// Runs a program as PID 1 of a fresh pid namespace (what `docker run` gives
// tsvisor), or as a plain child, and observes it from the host side: output,
// signals like `docker stop`, the namespace's process table, the exit.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OutputLog } from './output-log.js';
import { descendantPids, readProcTable } from './proc-table.js';

/** Absolute path of the launcher of the built bundle (`npm run build`). */
export const TSVISOR_BIN: string = fileURLToPath(new URL('../../bin/tsvisor', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface ProcEntry {
  pid: number;
  ppid: number;
  state: string;
  comm: string;
}

export interface Pid1Run {
  /** Host pid of the observed program (PID 1 inside the namespace for runAsPid1). */
  readonly hostPid: number;
  /** The program's stdin when started with stdin: 'pipe'. */
  readonly stdin: NodeJS.WritableStream | null;
  stdout(): string;
  stderr(): string;
  /** First line of stdout+stderr (in arrival order) matching pattern; rejects with the output on timeout. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Sends sig from outside the namespace, like `docker stop` / `docker kill -s`. */
  signal(sig: NodeJS.Signals): void;
  /** Runs argv inside the namespace (nsenter into its pid and mount namespaces). */
  exec(argv: string[], timeoutMs?: number): Promise<RunResult>;
  /** The process table as the namespace sees it (plain runs: the program and its descendants, host pids). */
  processes(): Promise<ProcEntry[]>;
  waitExit(timeoutMs?: number): Promise<RunResult>;
  /** SIGKILL everything of this run and wait for it; safe to call twice. */
  kill(): Promise<void>;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  stdin?: 'ignore' | 'pipe';
}

const live = new Set<Pid1Run>();

/** Runs the built tsvisor as PID 1 of a new pid namespace. */
export function runAsPid1(args: string[], opts: RunOptions = {}): Promise<Pid1Run> {
  return runAsPid1Command([process.execPath, TSVISOR_BIN, ...args], opts);
}

/** Runs the built tsvisor as an ordinary child (not PID 1). */
export function runPlain(args: string[], opts: RunOptions = {}): Promise<Pid1Run> {
  return runPlainCommand([process.execPath, TSVISOR_BIN, ...args], opts);
}

/** Runs any argv as PID 1 of a new pid + mount namespace with its own /proc. */
export async function runAsPid1Command(argv: string[], opts: RunOptions = {}): Promise<Pid1Run> {
  // --kill-child: if the test runner dies, unshare's death SIGKILLs the namespace's init and with it the namespace.
  const child = start(['unshare', '--pid', '--fork', '--mount-proc', '--kill-child', '--', ...argv], opts);
  const hostPid = await firstChildOf(child);
  return track(child, hostPid, true);
}

/** Runs any argv as a plain child of the test process; hostPid is its own pid. */
export async function runPlainCommand(argv: string[], opts: RunOptions = {}): Promise<Pid1Run> {
  const child = start(argv, opts);
  if (child.pid === undefined) throw new Error(`cannot start ${argv.join(' ')}`);
  return track(child, child.pid, false);
}

/** SIGKILLs every run not yet killed; for a global afterAll. */
export async function killAllRuns(): Promise<void> {
  await Promise.all([...live].map((run) => run.kill()));
}

function start(argv: string[], opts: RunOptions): ChildProcess {
  const [file, ...rest] = argv;
  if (file === undefined) throw new Error('empty argv');
  return spawn(file, rest, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
}

// unshare forks the namespace's init shortly after it starts; its only child is it.
async function firstChildOf(child: ChildProcess): Promise<number> {
  const pid = child.pid;
  if (pid === undefined) throw new Error('cannot start unshare');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0];
      if (first) return Number(first);
    } catch {
      // unshare already gone: reported below.
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  throw new Error('unshare did not fork the namespace init');
}

function track(child: ChildProcess, hostPid: number, inNamespace: boolean): Pid1Run {
  const log = new OutputLog(child);
  // 'exit' then the end of output, but a leftover holding our pipes (a plain run's orphan) must not hold the result.
  const exited = new Promise<RunResult>((resolve) => {
    child.once('exit', (code, signal) => {
      const done = () => resolve({ code, signal, stdout: log.stdout(), stderr: log.stderr() });
      const grace = setTimeout(done, 1000);
      child.once('close', () => {
        clearTimeout(grace);
        done();
      });
    });
  });
  let killed: Promise<void> | undefined;
  const run: Pid1Run = {
    hostPid,
    stdin: child.stdin,
    stdout: () => log.stdout(),
    stderr: () => log.stderr(),
    waitFor: (pattern, timeoutMs = 20_000) => log.waitFor(pattern, timeoutMs),
    signal: (sig) => process.kill(hostPid, sig),
    exec: (argv, timeoutMs = 10_000) =>
      runToEnd(inNamespace ? ['nsenter', '-t', String(hostPid), '-p', '-m', '--', ...argv] : argv, timeoutMs),
    processes: async () => {
      if (inNamespace) return readProcTable(`/proc/${hostPid}/root/proc`);
      const keep = new Set([hostPid, ...descendantPids(hostPid)]);
      return readProcTable('/proc').filter((p) => keep.has(p.pid));
    },
    waitExit: (timeoutMs = 30_000) =>
      withTimeout(exited, timeoutMs, () => `no exit within ${timeoutMs} ms\n${log.all()}`),
    kill: () => {
      killed ??= (async () => {
        // A plain run's descendants live in their own process groups: kill them by pid, children first listed.
        const victims = inNamespace ? [hostPid] : [...descendantPids(hostPid), hostPid];
        for (const pid of victims) signalQuietly(pid, 'SIGKILL');
        if (child.pid !== undefined) signalQuietly(child.pid, 'SIGKILL');
        await exited;
        live.delete(run);
      })();
      return killed;
    },
  };
  live.add(run);
  return run;
}

function signalQuietly(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** Runs argv to completion, capturing output; SIGKILL after timeoutMs. */
export function runToEnd(argv: string[], timeoutMs = 10_000): Promise<RunResult> {
  const child = start(argv, {});
  const log = new OutputLog(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.once('error', () => undefined);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: log.stdout(), stderr: log.stderr() });
    });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

// Last resort when a test forgot kill(): never leave namespaces behind the runner.
process.once('exit', () => {
  for (const run of live) signalQuietly(run.hostPid, 'SIGKILL');
});
