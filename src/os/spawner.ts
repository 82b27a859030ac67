// The one module that starts processes. Every pid libuv will waitpid() is put
// in `owned` synchronously, before spawnChild returns (so before any await can
// let the reaper run), and leaves it only on the 'exit' event, i.e. after
// libuv has reaped it. The reaper skips owned pids: if it reaped one, libuv's
// own waitpid would get ECHILD and the exit event would be lost for good.

import { statSync } from 'node:fs';
import { execa } from 'execa';
import { findExecutable } from './find-executable.js';
import { type LaunchPlan, planLaunch } from './launch-plan.js';
import { signalName, signalNumber } from './signal-name.js';
import { spawnFailureOf } from './spawn-failure.js';
import type { ChildHandle, ChildOutcome, SpawnFailure, SpawnOptions } from './spawn-types.js';
import { type ResolvedUser, readAccountFiles, resolveUser } from './users.js';

const owned = new Set<number>();
let warn: (message: string) => void = () => undefined;
let warnedGroups = false;
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
  const plan = prepared.plan;
  let sub: ReturnType<typeof start>;
  try {
    sub = start(plan, opts);
  } catch (error) {
    // execa validates options synchronously (e.g. a uid it cannot use).
    return failed(spawnFailureOf(command, (error as NodeJS.ErrnoException).code, (error as Error).message));
  }
  const pid = sub.pid;
  if (pid !== undefined) owned.add(pid);
  const done = new Promise<ChildOutcome>((resolve) => {
    // 'exit', not execa's result: the result also waits for stdio to close, which a backgrounded grandchild
    // holding the pipe can delay forever, while supervision needs the moment the program itself ended.
    sub.once('exit', (code, signal) => {
      if (pid !== undefined) owned.delete(pid);
      const canonical = signal === null ? null : signalName(signalNumber(signal) ?? 0);
      resolve({ kind: 'exited', exit: { code, signal: canonical } });
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
  return { pid, stdout: sub.stdout, stderr: sub.stderr, done };
}

function start(plan: LaunchPlan, opts: SpawnOptions) {
  return execa(plan.file, [...plan.args], {
    env: plan.env,
    // env is already the complete environment the config asked for; merging ours in would leak tsvisor's.
    extendEnv: false,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    ...(plan.uid === undefined ? {} : { uid: plan.uid }),
    ...(plan.gid === undefined ? {} : { gid: plan.gid }),
    stdin: opts.stdin,
    stdout: opts.stdout,
    stderr: opts.stderr,
    // A non-zero exit or a signal is an event for the state machine, not an exception.
    reject: false,
    // Long-running programs: the caller consumes the streams; buffering would grow without bound.
    buffer: false,
    // execa's exit hook would SIGTERM children when tsvisor exits; shutdown order is ours to decide.
    cleanup: false,
    // Escalation to SIGKILL belongs to the state machine's grace period, not to execa.
    forceKillAfterDelay: false,
    // libuv's detached = setsid(): own session and process group, so stop/forward can signal the whole group.
    detached: opts.processGroup === 'new',
  });
}

type Prepared = { plan: LaunchPlan } | { failure: SpawnFailure };

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
  if (plan.viaSetpriv) {
    // setpriv's own exec failure would look like an exit 127/126 of a running program; catch it up front.
    const found = findExecutable(command, opts.env.PATH);
    if ('code' in found) return { failure: spawnFailureOf(command, found.code) };
  }
  return { plan };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function failed(failure: SpawnFailure): ChildHandle {
  return { pid: undefined, stdout: null, stderr: null, done: Promise.resolve({ kind: 'failed', failure }) };
}
