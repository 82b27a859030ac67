// Native calls Node does not offer, declared lazily on the shared libc handle
// (koffi is loaded on first use, never at import time: PID 1 start-up).

import { getKoffi, libcCall, libcFunction, type NativeResult } from './libc.js';

/** Result of waitpid(pid, &status, WNOHANG): pid 0 = still running, -1 = error (errno). */
export interface WaitResult extends NativeResult {
  readonly status: number;
}

const WNOHANG = 1;
// Reused by every waitpid: koffi marshals an `_Out_ int *` through a JS array at ~4 µs a call, while a typed array
// behind `void *` is written in place (~1 µs); the reaper calls this once per orphan.
const waitStatus = new Int32Array(1);

/** waitpid(pid, &status, WNOHANG) for ONE pid; never pass -1 (it would steal libuv's children). */
export function waitpidNoHang(pid: number): WaitResult {
  if (!(pid > 0)) throw new RangeError(`waitpidNoHang needs a positive pid, got ${pid}`);
  waitStatus[0] = 0;
  const value = libcFunction('int waitpid(int pid, void *status, int options)')(pid, waitStatus, WNOHANG) as number;
  return { value, errno: value < 0 ? getKoffi().errno() : 0, status: waitStatus[0] ?? 0 };
}

const P_ALL = 0;
const WEXITED = 4;
const WNOWAIT = 0x01000000;
// siginfo_t is 128 bytes on every Linux ABI; si_pid follows three ints, padded to the union's pointer alignment.
const SIGINFO_BYTES = 128;
const SI_PID_OFFSET = process.arch === 'x64' || process.arch === 'arm64' || process.arch === 'ppc64' ? 16 : 12;
// One buffer for every peek: the reaper runs on each SIGCHLD, and the call is synchronous on the main thread.
const siginfo = Buffer.alloc(SIGINFO_BYTES);

/**
 * waitid(P_ALL, 0, &info, WEXITED|WNOHANG|WNOWAIT): the pid of some exited child of any of our threads, WITHOUT
 * reaping it (0 = none exited, -1 = no children at all or an error). Repeated calls return the same zombie until
 * someone reaps it.
 */
export function peekExitedChild(): number {
  // Linux leaves si_pid at 0 when nothing has exited only if the caller zeroed it (waitid(2)).
  siginfo.writeInt32LE(0, SI_PID_OFFSET);
  const r = libcFunction('int waitid(int idtype, unsigned int id, void *infop, int options)')(
    P_ALL,
    0,
    siginfo,
    WEXITED | WNOHANG | WNOWAIT,
  ) as number;
  return r < 0 ? -1 : siginfo.readInt32LE(SI_PID_OFFSET);
}

const PR_SET_CHILD_SUBREAPER = 36;

/** prctl(PR_SET_CHILD_SUBREAPER, 1): orphans of our subtree are re-parented to us instead of to PID 1. */
export function setChildSubreaper(): NativeResult {
  return libcCall(
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
  return libcCall('int tcsetpgrp(int fd, int pgrp)', fd, pgid);
}

/** tcgetpgrp(fd): the terminal's foreground process group. */
export function tcgetpgrp(fd: number): NativeResult {
  return libcCall('int tcgetpgrp(int fd)', fd);
}

/** getpgid(pid): process group of pid (0 = ourselves). */
export function getpgid(pid: number): NativeResult {
  return libcCall('int getpgid(int pid)', pid);
}

/** getsid(pid): session of pid (0 = ourselves). */
export function getsid(pid: number): NativeResult {
  return libcCall('int getsid(int pid)', pid);
}

/** kill(pid, sig) with a raw pid: Node's process.kill refuses -1, which only kill-all.ts may use. */
export function rawKill(pid: number, sig: number): NativeResult {
  return libcCall('int kill(int pid, int sig)', pid, sig);
}

const SIG_IGN = 1;

/**
 * signal(sig, SIG_IGN), returning the previous disposition so the caller can put it back with
 * restoreDisposition. Handlers are pointers; `long` has their width on every Linux ABI Node runs on,
 * which lets us pass SIG_IGN (1) without building a function pointer.
 */
export function ignoreSignal(sig: number): number {
  return libcFunction('long signal(int sig, long handler)')(sig, SIG_IGN) as number;
}

/** Puts back a disposition returned by ignoreSignal. */
export function restoreDisposition(sig: number, previous: number): void {
  libcFunction('long signal(int sig, long handler)')(sig, previous);
}

const FIONREAD = 0x541b;
const pendingBytes = new Int32Array(1);

/** ioctl(fd, FIONREAD): bytes waiting to be read on a pipe or socket (-1 on error). */
export function unreadBytes(fd: number): number {
  pendingBytes[0] = 0;
  // ioctl is variadic; on every Linux ABI Node runs on a pointer passes the same way declared or variadic.
  const r = libcFunction('int ioctl(int fd, unsigned long request, void *arg)')(fd, FIONREAD, pendingBytes) as number;
  return r < 0 ? -1 : (pendingBytes[0] ?? 0);
}
