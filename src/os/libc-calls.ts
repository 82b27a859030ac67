// Native calls Node does not offer, declared lazily on the shared libc handle
// (koffi is loaded on first use, never at import time: PID 1 start-up).

import { getKoffi, getLibc } from './libc.js';

// koffi's function objects are untyped callables; each wrapper below gives them a signature.
type NativeFn = (...args: unknown[]) => unknown;

const cache = new Map<string, NativeFn>();

function fn(prototype: string): NativeFn {
  let f = cache.get(prototype);
  if (!f) {
    f = getLibc().func(prototype) as NativeFn;
    cache.set(prototype, f);
  }
  return f;
}

/** Result of a native call: the return value and errno when it failed. */
export interface NativeResult {
  readonly value: number;
  readonly errno: number;
}

function call(prototype: string, ...args: unknown[]): NativeResult {
  const value = fn(prototype)(...args) as number;
  return { value, errno: value < 0 ? getKoffi().errno() : 0 };
}

/** Result of waitpid(pid, &status, WNOHANG): pid 0 = still running, -1 = error (errno). */
export interface WaitResult extends NativeResult {
  readonly status: number;
}

const WNOHANG = 1;

/** waitpid(pid, &status, WNOHANG) for ONE pid; never pass -1 (it would steal libuv's children). */
export function waitpidNoHang(pid: number): WaitResult {
  if (!(pid > 0)) throw new RangeError(`waitpidNoHang needs a positive pid, got ${pid}`);
  const status = [0];
  const r = call('int waitpid(int pid, _Out_ int *status, int options)', pid, status, WNOHANG);
  return { ...r, status: status[0] ?? 0 };
}

const PR_SET_CHILD_SUBREAPER = 36;

/** prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of our subtree are re-parented to us instead of to PID 1. */
export function setChildSubreaper(): NativeResult {
  return call(
    'int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)',
    PR_SET_CHILD_SUBREAPER,
    1,
    0,
    0,
    0,
  );
}

/** tcsetpgrp(fd, pgid): make pgid the foreground process group of the terminal on fd. */
export function tcsetpgrp(fd: number, pgid: number): NativeResult {
  return call('int tcsetpgrp(int fd, int pgrp)', fd, pgid);
}

/** tcgetpgrp(fd): the terminal's foreground process group. */
export function tcgetpgrp(fd: number): NativeResult {
  return call('int tcgetpgrp(int fd)', fd);
}

/** getpgid(pid): process group of pid (0 = ourselves). */
export function getpgid(pid: number): NativeResult {
  return call('int getpgid(int pid)', pid);
}

/** getsid(pid): session of pid (0 = ourselves). */
export function getsid(pid: number): NativeResult {
  return call('int getsid(int pid)', pid);
}

/** kill(pid, sig) with a raw pid: Node's process.kill refuses -1, which only kill-all.ts may use. */
export function rawKill(pid: number, sig: number): NativeResult {
  return call('int kill(int pid, int sig)', pid, sig);
}

const SIG_IGN = 1;

/**
 * signal(sig, SIG_IGN), returning the previous disposition so the caller can put it back with
 * restoreDisposition. Handlers are pointers; `long` has their width on every Linux ABI Node runs on,
 * which lets us pass SIG_IGN (1) without building a function pointer.
 */
export function ignoreSignal(sig: number): number {
  return fn('long signal(int sig, long handler)')(sig, SIG_IGN) as number;
}

/** Puts back a disposition returned by ignoreSignal. */
export function restoreDisposition(sig: number, previous: number): void {
  fn('long signal(int sig, long handler)')(sig, previous);
}
