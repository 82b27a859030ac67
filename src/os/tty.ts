// Hands the terminal's foreground to a program's process group, as a shell
// does for a foreground job, so keys like Ctrl-C reach it directly.
//
// tcsetpgrp() from a process that is not in the foreground group raises
// SIGTTOU (which would stop tsvisor) unless SIGTTOU is IGNORED. A Node listener
// would not do: a caught SIGTTOU makes the kernel restart the call and signal
// again, so the disposition is set to SIG_IGN natively for the call and then
// restored (it is inherited across exec, and programs must get the default).
//
// The kernel only allows a group of OUR session. Programs spawned with
// processGroup 'new' get their own session (libuv's detached = setsid), so for
// them this returns false and terminal signals reach them through forwarding.

import { isatty } from 'node:tty';
import { ignoreSignal, restoreDisposition, tcsetpgrp } from './libc-calls.js';
import { signalNumber } from './signal-name.js';

/** Makes pgid the foreground group of the terminal on fd; false when fd is no terminal or the kernel refuses. */
export function giveTerminalTo(pgid: number, fd = 0): boolean {
  if (!isatty(fd)) return false;
  const sigttou = signalNumber('SIGTTOU') ?? 22;
  const previous = ignoreSignal(sigttou);
  try {
    return tcsetpgrp(fd, pgid).value === 0;
  } finally {
    restoreDisposition(sigttou, previous);
  }
}
