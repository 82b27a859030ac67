// The terminal's foreground process group, as a job control shell manages
// it: drop-in mode on a TTY hands the foreground to its child's group (the
// TTY trampoline does the handing, see tty-trampoline.ts) and takes it back
// when the child is gone, so keys like Ctrl-C reach the child directly.
//
// tcsetpgrp() from a process that is not in the foreground group raises
// SIGTTOU (which would stop tsvisor) unless SIGTTOU is IGNORED. A Node listener
// would not do: a caught SIGTTOU makes the kernel restart the call and signal
// again, so the disposition is set to SIG_IGN natively.
//
// The kernel only allows a group of OUR session. Programs spawned with
// processGroup 'new' get their own session (libuv's detached = setsid), so for
// them giveTerminalTo returns false and terminal signals reach them through forwarding.

import { isatty } from 'node:tty';
import { getpgid, ignoreSignal, restoreDisposition, tcgetpgrp, tcsetpgrp } from './libc-calls.js';
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

/** True when fd is a terminal whose foreground group is ours (a child may take the foreground from us). */
export function holdsTerminal(fd = 0): boolean {
  if (!isatty(fd)) return false;
  const foreground = tcgetpgrp(fd).value;
  return foreground > 0 && foreground === getpgid(0).value;
}

/** Makes our own group the foreground again, as a shell does when its foreground job ends. */
export function reclaimTerminal(fd = 0): boolean {
  return giveTerminalTo(getpgid(0).value, fd);
}

let stopsIgnored = false;

/**
 * Ignores SIGTTOU and SIGTTIN for the rest of tsvisor's life (as tini does). Once a child's group holds the
 * terminal, a write by tsvisor with `stty tostop` set (SIGTTOU) or a read (SIGTTIN) would STOP it — and a
 * stopped PID 1 neither forwards nor reaps. Programs do not inherit this: libuv resets dispositions in children.
 */
export function ignoreTerminalStops(): void {
  if (stopsIgnored) return;
  stopsIgnored = true;
  ignoreSignal(signalNumber('SIGTTOU') ?? 22);
  ignoreSignal(signalNumber('SIGTTIN') ?? 21);
}
