// Real pipes for program output. libuv's 'pipe' stdio is a socketpair, and
// open("/dev/stdout") on a socket fails with ENXIO — which breaks every legacy
// program told to log to /dev/stdout or /dev/stderr (nginx access_log, PHP-FPM,
// supervisord-era configs). A pipe(2) can be reopened through /proc, so
// programs get one, and tsvisor reads the other end.

import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { getKoffi, getLibc } from './libc.js';
import { unreadBytes } from './libc-calls.js';

const O_CLOEXEC = 0o2000000;
const F_SETPIPE_SZ = 1031;
/**
 * A chatty program can write this much before it has to wait for tsvisor to read: fewer context switches
 * per megabyte (the default 64 KiB makes the writer block 4 times as often). The kernel allocates the pages
 * only as they fill, and caps the size at /proc/sys/fs/pipe-max-size (1 MiB by default).
 */
const PIPE_BYTES = 256 * 1024;

/** One pipe: the child's write end as an fd for spawn(), and our read end as a stream. */
export interface OutputPipe {
  readonly writeFd: number;
  readonly reader: Readable;
  /** Close our copy of the write end once the child has it, so EOF arrives when the child is done. */
  closeWriteEnd(): void;
  /** True when every byte written so far has left the pipe and been handed to the reader's consumers. */
  delivered(): boolean;
}

let pipe2: ((fds: Int32Array, flags: number) => number) | undefined;
let fcntl: ((fd: number, cmd: number, arg: number) => number) | undefined;

/** A new pipe, both ends close-on-exec (spawn's dup2 clears it on the child's copy). */
export function createOutputPipe(): OutputPipe {
  pipe2 ??= getLibc().func('int pipe2(_Out_ int *fds, int flags)') as (fds: Int32Array, flags: number) => number;
  const fds = new Int32Array(2);
  if (pipe2(fds, O_CLOEXEC) !== 0) {
    const errno = getKoffi().errno();
    throw Object.assign(new Error(`pipe2 failed (errno ${errno})`), { code: errno === 24 ? 'EMFILE' : 'EPIPE' });
  }
  const [readFd = -1, writeFd = -1] = fds;
  fcntl ??= getLibc().func('int fcntl(int fd, int cmd, int arg)') as (fd: number, cmd: number, arg: number) => number;
  // Best effort: a lower pipe-max-size (or an old kernel) leaves the default size, which still works.
  fcntl(writeFd, F_SETPIPE_SZ, PIPE_BYTES);
  const reader = new Socket({ fd: readFd, readable: true, writable: false });
  let open = true;
  return {
    writeFd,
    reader,
    closeWriteEnd() {
      if (!open) return;
      open = false;
      closeSync(writeFd);
    },
    delivered() {
      // Once the stream ended or closed, the fd may already be closed (and its number reused): do not ask it.
      if (reader.readableEnded || reader.destroyed) return true;
      return reader.readableLength === 0 && unreadBytes(readFd) <= 0;
    },
  };
}
