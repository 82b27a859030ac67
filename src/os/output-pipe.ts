// Real pipes for program output. libuv's 'pipe' stdio is a socketpair, and
// open("/dev/stdout") on a socket fails with ENXIO — which breaks every legacy
// program told to log to /dev/stdout or /dev/stderr (nginx access_log, PHP-FPM,
// supervisord-era configs). A pipe(2) can be reopened through /proc, so
// programs get one, and tsvisor reads the other end.

import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { getKoffi, getLibc } from './libc.js';

const O_CLOEXEC = 0o2000000;

/** One pipe: the child's write end as an fd for spawn(), and our read end as a stream. */
export interface OutputPipe {
  readonly writeFd: number;
  readonly reader: Readable;
  /** Close our copy of the write end once the child has it, so EOF arrives when the child is done. */
  closeWriteEnd(): void;
}

let pipe2: ((fds: Int32Array, flags: number) => number) | undefined;

/** A new pipe, both ends close-on-exec (spawn's dup2 clears it on the child's copy). */
export function createOutputPipe(): OutputPipe {
  pipe2 ??= getLibc().func('int pipe2(_Out_ int *fds, int flags)') as (fds: Int32Array, flags: number) => number;
  const fds = new Int32Array(2);
  if (pipe2(fds, O_CLOEXEC) !== 0) {
    const errno = getKoffi().errno();
    throw Object.assign(new Error(`pipe2 failed (errno ${errno})`), { code: errno === 24 ? 'EMFILE' : 'EPIPE' });
  }
  const [readFd = -1, writeFd = -1] = fds;
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
  };
}
