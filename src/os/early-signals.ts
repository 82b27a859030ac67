// Signals that arrive while PID 1 is still loading its modules. PID 1 has no
// default action for signals it does not handle, so a `docker stop` in the
// first second would otherwise be dropped and Docker would SIGKILL us after
// its timeout. Listen first (cheap), queue, and hand the queue over once the
// supervisor can act on it.

import { installSignalHandlers } from './signals.js';

/** A signal listener whose consumer is attached later. */
export interface EarlySignals {
  /** Deliver queued signals, in order, then every later one, to onSignal. */
  attach(onSignal: (name: string) => void): void;
  /** Stop listening. */
  remove(): void;
}

/** Start listening for `names` now. */
export function listenEarly(names: readonly string[]): EarlySignals {
  const queued: string[] = [];
  let consumer: ((name: string) => void) | null = null;
  const remove = installSignalHandlers(names, (name) => {
    if (consumer) consumer(name);
    else queued.push(name);
  });
  return {
    attach(onSignal) {
      consumer = onSignal;
      for (const name of queued.splice(0)) onSignal(name);
    },
    remove,
  };
}
