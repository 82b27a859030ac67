// Adopting a daemonizing ("forking") program: read the pid it wrote, wait for
// the pidfile during start-up, and notice when that pid exits.

import { readFile } from 'node:fs/promises';
import { systemClock } from './clock.js';
import { type FdRegistration, sharedFdPoller } from './notify/fd-poller.js';
import { ESRCH, notifyNativeCalls } from './notify/native-calls.js';
import { isAlive } from './process-group.js';

/** A pidfile that names a live process, or why it does not. */
export type PidfileResult =
  | { readonly ok: true; readonly pid: number }
  | { readonly ok: false; readonly reason: string };

/** Parses pidfile text: one decimal pid > 1, surrounding whitespace allowed (most daemons add a newline). */
export function parsePidfile(path: string, text: string): PidfileResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: `pidfile ${path} is empty` };
  // Some daemons write "pid\n" plus more lines (e.g. a port); only the first line is the pid.
  const first = trimmed.split(/\s+/, 1)[0] ?? '';
  if (!/^\d{1,10}$/.test(first)) {
    return { ok: false, reason: `pidfile ${path} does not hold a pid: ${JSON.stringify(first.slice(0, 40))}` };
  }
  const pid = Number(first);
  // pid 1 is us (or the real init); a pidfile naming it would make us watch/kill ourselves.
  if (pid <= 1 || pid > 0x3fffffff) return { ok: false, reason: `pidfile ${path} names invalid pid ${pid}` };
  return { ok: true, pid };
}

/** Reads `path` and checks that the pid it names is running. */
export async function readPidfile(path: string): Promise<PidfileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason:
        code === 'ENOENT' ? `pidfile ${path} does not exist` : `cannot read pidfile ${path}: ${code ?? String(error)}`,
    };
  }
  const parsed = parsePidfile(path, text);
  if (!parsed.ok) return parsed;
  // kill(pid, 0): a zombie still counts as running; as PID 1 the reaper clears zombies promptly.
  if (!isAlive(parsed.pid))
    return { ok: false, reason: `pidfile ${path} names pid ${parsed.pid}, which is not running` };
  return parsed;
}

// Polling is fine here: it only runs during a program's start-up phase,
// never while tsvisor is idle.
const PIDFILE_POLL_MS = 100;

/**
 * Waits until `path` names a running pid. Missing, partial (daemons often write
 * non-atomically) and stale pidfiles are retried until the deadline; the
 * failure reason is the last one seen.
 */
export async function waitForPidfile(path: string, timeoutMs: number, signal?: AbortSignal): Promise<PidfileResult> {
  const clock = systemClock();
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted) return { ok: false, reason: `waiting for pidfile ${path} was aborted` };
    const result = await readPidfile(path);
    if (result.ok) return result;
    const left = deadline - clock.now();
    if (left <= 0) return { ok: false, reason: `timed out after ${timeoutMs} ms: ${result.reason}` };
    await sleep(Math.min(PIDFILE_POLL_MS, left), signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A running watch on an adopted pid. */
export interface PidWatch {
  /** 'pidfd': woken by the kernel; 'poll': kill(pid, 0) once a second; 'gone': already exited, onExit is queued. */
  readonly mechanism: 'pidfd' | 'poll' | 'gone';
  close(): void;
}

const PID_POLL_MS = 1000;

/**
 * Calls `onExit` once when `pid` exits. Used for an adopted daemon that is not
 * our child (when it is, the reaper reports the exit with its status, and that
 * report is the one to trust — this only says "it is gone", never how).
 *
 * Why pidfd first: pidfd_open(2) pins the process identity, so a pid recycled
 * after the daemon exits cannot fool us, and its readiness is delivered by the
 * shared fd poller — no wake-ups while the daemon lives, no extra thread.
 * Kernels before 5.3 or seccomp profiles that deny the syscall get kill(pid, 0)
 * every second: cheap, but it can miss an exit if the pid is reused within the
 * second, and a zombie (exited, not yet reaped by its parent) still looks alive.
 *
 * The window between reading the pidfile and this call is the caller's race:
 * re-read the pidfile after watching to be sure the watched pid is still the one named.
 */
export function watchPid(pid: number, onExit: () => void): PidWatch {
  let fired = false;
  const fire = (): void => {
    if (fired) return;
    fired = true;
    onExit();
  };
  const { pidfd, errno } = openPidfd(pid);
  if (pidfd < 0 && errno === ESRCH) {
    setImmediate(fire);
    return {
      mechanism: 'gone',
      close: () => {
        fired = true;
      },
    };
  }
  const viaPidfd =
    pidfd >= 0
      ? watchPidfd(pidfd, fire, () => {
          fired = true;
        })
      : undefined;
  return viaPidfd ?? pollPid(pid, onExit);
}

/** watchPid's fallback without pidfd: kill(pid, 0) every intervalMs until the pid is gone. */
export function pollPid(pid: number, onExit: () => void, intervalMs: number = PID_POLL_MS): PidWatch {
  const timer = setInterval(() => {
    if (isAlive(pid)) return;
    clearInterval(timer);
    onExit();
  }, intervalMs);
  return {
    mechanism: 'poll',
    close() {
      clearInterval(timer);
    },
  };
}

function openPidfd(pid: number): { pidfd: number; errno: number } {
  try {
    const native = notifyNativeCalls();
    const pidfd = native.pidfdOpen(pid);
    return { pidfd, errno: pidfd < 0 ? native.errno() : 0 };
  } catch {
    // libc could not be loaded through koffi: polling still works.
    return { pidfd: -1, errno: 0 };
  }
}

function watchPidfd(pidfd: number, fire: () => void, silence: () => void): PidWatch | undefined {
  const native = notifyNativeCalls();
  let registration: FdRegistration;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    registration.release(() => native.close(pidfd));
  };
  try {
    registration = sharedFdPoller().watch(pidfd, () => {
      release();
      fire();
    });
  } catch {
    // No poller (eventfd failed): the caller falls back to polling.
    native.close(pidfd);
    return undefined;
  }
  return {
    mechanism: 'pidfd',
    close() {
      silence();
      release();
    },
  };
}
