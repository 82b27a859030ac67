// The native calls only the TTY trampoline makes, on the shared libc handle:
// leave the parent's process group, undo what Node changed in the process
// state that exec() keeps (ignored signals, the signal mask, close-on-exec on
// stdio), and exec the program.

import { libcCall, libcFunction, type NativeResult } from './libc.js';

/** setpgid(pid, pgid); setpgid(0, 0) makes the caller the leader of a new group in its session. */
export function setpgid(pid: number, pgid: number): NativeResult {
  return libcCall('int setpgid(int pid, int pgid)', pid, pgid);
}

const SIG_DFL = 0;

/** signal(sig, SIG_DFL); fails (EINVAL) for SIGKILL/SIGSTOP, which never change anyway. */
export function defaultDisposition(sig: number): void {
  libcFunction('long signal(int sig, long handler)')(sig, SIG_DFL);
}

const SIG_SETMASK = 2;
// sigset_t is 1024 bits on glibc and musl alike.
const SIGSET_BYTES = 128;

/** sigprocmask(SIG_SETMASK, {}): the calling thread blocks nothing; exec() keeps the mask. */
export function unblockAllSignals(): NativeResult {
  return libcCall('int sigprocmask(int how, void *set, void *oldset)', SIG_SETMASK, Buffer.alloc(SIGSET_BYTES), null);
}

const F_SETFD = 2;

/** fcntl(fd, F_SETFD, 0): fd survives exec (Node marks even stdio close-on-exec at start-up). */
export function keepAcrossExec(fd: number): NativeResult {
  return libcCall('int fcntl(int fd, int cmd, ...)', fd, F_SETFD, 'int', 0);
}

/** execvpe(file, argv, envp): returns only on failure, with errno. */
export function execvpe(file: string, argv: readonly string[], envp: readonly string[]): NativeResult {
  return libcCall(
    'int execvpe(const char *file, const char **argv, const char **envp)',
    file,
    [...argv, null],
    [...envp, null],
  );
}
