// Runs one command the way tini does — own process group, stdio inherited,
// every handled signal forwarded — and reports how it ended. Kept apart from
// runDropIn so a restart policy can run it again.

import { isatty } from 'node:tty';
import type { OsLog } from '../../os/os-log.js';
import { signalGroup, signalPid } from '../../os/process-group.js';
import { installSignalHandlers } from '../../os/signals.js';
import type { ChildOutcome } from '../../os/spawn-types.js';
import { spawnChild } from '../../os/spawner.js';
import { holdsTerminal, ignoreTerminalStops } from '../../os/tty.js';

export interface ForwardedChildOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Signals to forward (each gets a listener for the whole run). */
  readonly signals: readonly string[];
  /** Forward to the child's whole process group (tini -g) rather than to the child alone. */
  readonly pgroupKill: boolean;
  readonly log: OsLog;
}

/** A running (or failed) child: its pid (also its pgid) and how it ended. */
export interface ForwardedChild {
  readonly pid: number | undefined;
  /** The child was started to take the terminal's foreground from us: take it back once it is gone. */
  readonly tookTerminal: boolean;
  readonly outcome: Promise<ChildOutcome>;
  /** Removes the signal listeners; call once nothing is left to forward to. */
  stopForwarding(): void;
}

/** Spawns argv and forwards signals to it until stopForwarding. */
export function startForwardedChild(opts: ForwardedChildOptions): ForwardedChild {
  let pid: number | undefined;
  // Listeners go in before the spawn: a SIGUSR1 in between would otherwise open Node's inspector, and
  // the spawn is synchronous, so no signal can be handled before pid is known.
  const stopForwarding = installSignalHandlers(opts.signals, (name) => {
    if (pid === undefined) return;
    opts.log.debug({ signal: name, pid }, 'forwarding signal');
    try {
      // ESRCH (the child just exited) is reported as false, not thrown.
      if (opts.pgroupKill) signalGroup(pid, name as NodeJS.Signals);
      else signalPid(pid, name as NodeJS.Signals);
    } catch (error) {
      opts.log.warn({ signal: name, error: (error as Error).message }, 'cannot forward signal');
    }
  });
  // Not process.stdin.isTTY: that getter opens a libuv handle on fd 0, which the child shares.
  // On a terminal (docker run -it) the child gets its own group in OUR session and the foreground, like a
  // shell's foreground job, so Ctrl-C/Ctrl-Z and an interactive shell's job control work natively; off a
  // terminal nothing changes: own session, and signals reach it by forwarding only.
  const onTerminal = isatty(0);
  const tookTerminal = onTerminal && holdsTerminal(0);
  if (onTerminal) ignoreTerminalStops();
  const child = spawnChild({
    argv: opts.argv,
    env: opts.env,
    stdin: 'inherit',
    stdout: 'inherit',
    stderr: 'inherit',
    processGroup: onTerminal ? 'foreground' : 'new',
  });
  pid = child.pid;
  opts.log.debug({ pid, onTerminal, tookTerminal }, 'child started');
  return { pid, tookTerminal, outcome: child.done, stopForwarding };
}
