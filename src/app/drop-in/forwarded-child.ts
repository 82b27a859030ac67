// Runs one command the way tini does — own process group, stdio inherited,
// every handled signal forwarded — and reports how it ended. Kept apart from
// runDropIn so a restart policy can run it again.

import { giveTerminalTo } from '../../os/tty.js';
import { signalGroup, signalPid } from '../../os/process-group.js';
import { installSignalHandlers } from '../../os/signals.js';
import { spawnChild } from '../../os/spawner.js';
import type { ChildOutcome } from '../../os/spawn-types.js';
import type { OsLog } from '../../os/os-log.js';

export interface ForwardedChildOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Signals to forward (each gets a listener for the whole run). */
  readonly signals: readonly string[];
  /** Forward to the child's whole process group (tini -g) rather than to the child alone. */
  readonly pgroupKill: boolean;
  readonly log: OsLog;
}

/** A running (or failed) child: its pid (also its pgid and sid) and how it ended. */
export interface ForwardedChild {
  readonly pid: number | undefined;
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
  const child = spawnChild({
    argv: opts.argv,
    env: opts.env,
    stdin: 'inherit',
    stdout: 'inherit',
    stderr: 'inherit',
    processGroup: 'new',
  });
  pid = child.pid;
  if (pid !== undefined) {
    // Not process.stdin.isTTY: that getter opens a libuv handle on fd 0, which the child shares.
    // Only succeeds when the child shares our session; see tty.ts. Otherwise terminal keys reach us
    // (we stay the foreground group) and are forwarded like any signal.
    const foreground = giveTerminalTo(pid);
    opts.log.debug({ foreground }, 'terminal foreground handed to the child');
  }
  return { pid, outcome: child.done, stopForwarding };
}
