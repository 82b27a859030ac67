// The one module that starts processes. Every pid libuv will waitpid() is put
// in `owned` synchronously, before spawnChild returns (so before any await can
// let the reaper run), and leaves it only on the 'exit' event, i.e. after
// libuv has reaped it. The reaper skips owned pids: if it reaped one, libuv's
// own waitpid would get ECHILD and the exit event would be lost for good.

import { statSync } from 'node:fs';
import { execa } from 'execa';
import { findExecutable } from './find-executable.js';
import { type LaunchPlan, planLaunch } from './launch-plan.js';
import { createOutputPipe, type OutputPipe } from './output-pipe.js';
import { untilOutputDelivered } from './output-settle.js';
import { signalName, signalNumber } from './signal-name.js';
import { spawnFailureOf } from './spawn-failure.js';
import type { ChildHandle, ChildOutcome, SpawnFailure, SpawnOptions } from './spawn-types.js';
import { throughTtyTrampoline, ttyTrampolinePath } from './tty-trampoline-launch.js';
import { type ResolvedUser, readAccountFiles, resolveUser } from './users.js';

const owned = new Set<number>();
let warn: (message: string) => void = () => undefined;
let warnedGroups = false;
let warnedTrampoline = false;
let setprivPath: string | null | undefined;

/** True while pid was spawned by us and libuv has not yet reported its exit. */
export function ownsPid(pid: number): boolean {
  return owned.has(pid);
}

/** Where the spawner reports degraded behaviour (called at most once per kind). */
export function onSpawnWarning(cb: (message: string) => void): void {
  warn = cb;
}

/** Starts a program; never throws: a failure to start is a settled 'failed' outcome. */
export function spawnChild(opts: SpawnOptions): ChildHandle {
  const command = opts.argv[0] ?? '';
  const prepared = prepare(opts);
  if ('failure' in prepared) return failed(prepared.failure);
  let sub: ReturnType<typeof start>;
  let pipes: { stdout: OutputPipe | undefined; stderr: OutputPipe | undefined };
  try {
    pipes = { stdout: pipeFor(opts.stdout), stderr: pipeFor(opts.stderr) };
  } catch (error) {
    return failed(spawnFailureOf(command, (error as NodeJS.ErrnoException).code, (error as Error).message));
  }
  try {
    sub = start(prepared, opts, pipes);
  } catch (error) {
    closePipes(pipes, true);
    // execa validates options synchronously (e.g. a uid it cannot use), and throws a TypeError when node's
    // spawn() gave up before creating stdio (EMFILE/ENFILE); the real error follows a tick later (see below).
    return failedAfterStrayError(command, error as NodeJS.ErrnoException);
  }
  // The child has its own copies of the write ends now; ours must go or EOF would never come.
  closePipes(pipes, sub.pid === undefined);
  const pid = sub.pid;
  if (pid !== undefined) owned.add(pid);
  const done = new Promise<ChildOutcome>((resolve) => {
    // 'exit', not execa's result: the result also waits for stdio to close, which a backgrounded grandchild
    // holding the pipe can delay forever, while supervision needs the moment the program itself ended.
    sub.once('exit', (code, signal) => {
      if (pid !== undefined) owned.delete(pid);
      const canonical = signal === null ? null : signalName(signalNumber(signal) ?? 0);
      // The program's last lines come before whatever its exit sets off (see output-settle.ts).
      const outputs = [pipes.stdout, pipes.stderr].filter((p) => p !== undefined);
      void untilOutputDelivered(outputs).then(() => resolve({ kind: 'exited', exit: { code, signal: canonical } }));
    });
    sub.once('error', (error: NodeJS.ErrnoException) => {
      if (pid === undefined) resolve({ kind: 'failed', failure: spawnFailureOf(command, error.code, error.message) });
    });
  });
  // reject:false makes the result promise resolve; swallow anyway so no path can become an unhandled rejection.
  sub.then(
    () => undefined,
    () => undefined,
  );
  return { pid, stdout: pipes.stdout?.reader ?? null, stderr: pipes.stderr?.reader ?? null, done };
}

/** A real pipe for 'pipe' output (see output-pipe.ts); other modes pass through. */
function pipeFor(mode: SpawnOptions['stdout']): OutputPipe | undefined {
  return mode === 'pipe' ? createOutputPipe() : undefined;
}

// execa's option types want one literal type per call site; an fd is a valid stdio target at run time.
function outputTarget(pipe: OutputPipe | undefined, mode: SpawnOptions['stdout']): 'inherit' {
  return (pipe?.writeFd ?? mode) as 'inherit';
}

function closePipes(pipes: { stdout: OutputPipe | undefined; stderr: OutputPipe | undefined }, readersToo: boolean) {
  for (const p of [pipes.stdout, pipes.stderr]) {
    p?.closeWriteEnd();
    if (readersToo) p?.reader.destroy();
  }
}

function start(
  { plan, ownSession }: Launch,
  opts: SpawnOptions,
  pipes: { stdout: OutputPipe | undefined; stderr: OutputPipe | undefined },
) {
  return execa(plan.file, [...plan.args], {
    env: plan.env,
    // env is already the complete environment the config asked for; merging ours in would leak tsvisor's.
    extendEnv: false,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    ...(plan.uid === undefined ? {} : { uid: plan.uid }),
    ...(plan.gid === undefined ? {} : { gid: plan.gid }),
    stdin: opts.stdin,
    // Real pipes, not libuv's socketpairs, so programs can reopen /dev/stdout (see output-pipe.ts).
    stdout: outputTarget(pipes.stdout, opts.stdout),
    stderr: outputTarget(pipes.stderr, opts.stderr),
    // A non-zero exit or a signal is an event for the state machine, not an exception.
    reject: false,
    // Long-running programs: the caller consumes the streams; buffering would grow without bound.
    buffer: false,
    // execa's exit hook would SIGTERM children when tsvisor exits; shutdown order is ours to decide.
    cleanup: false,
    // Escalation to SIGKILL belongs to the state machine's grace period, not to execa.
    forceKillAfterDelay: false,
    // libuv's detached = setsid(): own session and process group, so stop/forward can signal the whole group.
    // 'foreground' must stay in our session (the terminal's): the trampoline makes its own group instead.
    detached: ownSession,
  });
}

/** What to start, and whether libuv must put it in a session of its own. */
interface Launch {
  readonly plan: LaunchPlan;
  readonly ownSession: boolean;
}

type Prepared = Launch | { failure: SpawnFailure };

function prepare(opts: SpawnOptions): Prepared {
  const command = opts.argv[0] ?? '';
  if (command === '') return { failure: { code: 127, message: 'empty command' } };
  if (opts.cwd !== undefined && !isDirectory(opts.cwd)) {
    return { failure: { code: 126, message: `working directory ${opts.cwd} does not exist` } };
  }
  let user: ResolvedUser | undefined;
  if (opts.user !== undefined) {
    const resolved = resolveUser(opts.user, readAccountFiles());
    if ('error' in resolved) return { failure: { code: 126, message: resolved.error } };
    user = resolved;
  }
  if (setprivPath === undefined) {
    const found = findExecutable('setpriv', '/usr/bin:/bin:/usr/sbin:/sbin');
    setprivPath = 'path' in found ? found.path : null;
  }
  const plan = planLaunch(opts, user, setprivPath ?? undefined);
  if (plan.groupsDropped && !warnedGroups) {
    warnedGroups = true;
    warn('setpriv (util-linux) not found: programs run without their supplementary groups');
  }
  const viaTrampoline = opts.processGroup === 'foreground' ? trampoline() : undefined;
  if (plan.viaSetpriv || viaTrampoline !== undefined) {
    // A trampoline's own exec failure would look like an exit 127/126 of a running program; catch it up front.
    const found = findExecutable(command, opts.env.PATH);
    if ('code' in found) return { failure: spawnFailureOf(command, found.code) };
  }
  if (viaTrampoline === undefined) return { plan, ownSession: opts.processGroup !== 'same' };
  return { plan: throughTtyTrampoline(plan, viaTrampoline), ownSession: false };
}

// Without the built trampoline (e.g. running from source) the program still runs, as processGroup 'new'.
function trampoline(): string | undefined {
  const path = ttyTrampolinePath();
  if (path === undefined && !warnedTrampoline) {
    warnedTrampoline = true;
    warn('dist/tty-trampoline.mjs not found: the program runs without terminal job control');
  }
  return path;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Settlers of spawns that threw synchronously, waiting for the stray 'error' node may still emit.
const strayWaiters: Array<(error: NodeJS.ErrnoException) => void> = [];

/**
 * On EMFILE/ENFILE node's spawn() returns before creating the child's stdio, execa then throws, and node
 * emits the real error on that ChildProcess on the next tick — which nobody can listen to, so it becomes an
 * uncaughtException. The crash guard hands every uncaught error here first; true = it was that one, and it
 * became the spawn's failure reason instead of a crash of PID 1.
 */
export function claimStraySpawnError(error: unknown): boolean {
  const syscall = (error as NodeJS.ErrnoException | null)?.syscall;
  if (strayWaiters.length === 0 || typeof syscall !== 'string' || !syscall.startsWith('spawn')) return false;
  // The settler removes itself from the list.
  strayWaiters[0]?.(error as NodeJS.ErrnoException);
  return true;
}

function failedAfterStrayError(command: string, thrown: NodeJS.ErrnoException): ChildHandle {
  const done = new Promise<ChildOutcome>((resolve) => {
    const settle = (real?: NodeJS.ErrnoException): void => {
      const i = strayWaiters.indexOf(settle);
      if (i === -1) return;
      strayWaiters.splice(i, 1);
      const why = real ?? thrown;
      resolve({ kind: 'failed', failure: spawnFailureOf(command, why.code, why.message) });
    };
    strayWaiters.push(settle);
    // nextTick errors come before setImmediate: by then the stray error arrived, or never will.
    setImmediate(() => settle());
  });
  return { pid: undefined, stdout: null, stderr: null, done };
}

function failed(failure: SpawnFailure): ChildHandle {
  return { pid: undefined, stdout: null, stderr: null, done: Promise.resolve({ kind: 'failed', failure }) };
}
