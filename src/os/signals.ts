// The one module that registers process.on('SIG…'). Handlers only hand the
// signal name to a callback that enqueues it; all work happens later on the
// event queue, so no handler ever interleaves with a state transition.
//
// SIGUSR1: Node opens its inspector on SIGUSR1 unless a JS listener exists.
// An inspector port in PID 1 is a remote-code-execution hole, so callers must
// include SIGUSR1 (forwarded to programs like any other signal).

import { constants } from 'node:os';

// The kernel never lets these be caught; asking libuv to would throw.
const UNCATCHABLE = new Set(['SIGKILL', 'SIGSTOP']);

/** Listens to each catchable name in signals; returns a function that removes exactly these listeners. */
export function installSignalHandlers(signals: readonly string[], onSignal: (name: string) => void): () => void {
  const installed: Array<[NodeJS.Signals, () => void]> = [];
  for (const name of new Set(signals)) {
    if (UNCATCHABLE.has(name) || !(name in constants.signals)) continue;
    const handler = () => onSignal(name);
    process.on(name as NodeJS.Signals, handler);
    installed.push([name as NodeJS.Signals, handler]);
  }
  return () => {
    for (const [name, handler] of installed) process.off(name, handler);
  };
}

/**
 * Calls cb after SIGCHLD, at most once per event-loop turn however many arrive (the kernel coalesces
 * them anyway, so cb must reap everything, not one child). Returns the remover.
 */
export function onChildSignal(cb: () => void): () => void {
  let scheduled = false;
  const handler = () => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not nextTick: libuv's own SIGCHLD processing (the 'exit' events of owned pids) runs first.
    setImmediate(() => {
      scheduled = false;
      cb();
    });
  };
  process.on('SIGCHLD', handler);
  return () => process.off('SIGCHLD', handler);
}
