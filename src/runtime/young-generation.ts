// Gives back the young generation once start-up is over. Loading the config
// and starting every program allocates many objects that survive a scavenge
// (schemas, spawn state, streams), so V8 grows the new space from 1 MB to its
// 16 MB maximum; nothing shrinks it again while PID 1 idles, and the ~12 MB of
// pages it touched stay resident for the container's lifetime. One GC shrinks
// it back, but only once V8 measures a low allocation rate (under ~1 KB/ms
// over its last 5 s window): run 3 s after boot, the same GC keeps 16 MB.
// V8's memory reducer may follow with its own reducing GC rounds (seen 8–17 s
// after start; one-off, ~40 ms CPU). Flags that would stop the growth
// (--max-semi-space-size) only apply when the heap is created, i.e. on the
// command line, which bin/tsvisor could only set by re-executing node.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs one full GC delayMs from now (unref'd: it never keeps PID 1 alive); returns a cancel function. The GC
 * function is reached through --expose-gc, which applies to contexts created after it is set: a throw-away vm
 * context, made only when the timer fires so it is not kept alive. Where a Node refuses the flag at run time,
 * nothing happens.
 */
export function compactHeapAfterStartup(delayMs: number): () => void {
  const timer = setTimeout(() => {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
      // Full (~26 ms once), not a scavenge (~10 ms): it also compacts the old space, ~2 MB less RSS in the bench.
      if (typeof gc === 'function') gc();
    } catch {
      // Only a memory optimisation: PID 1 must not fail over it.
    }
  }, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
}
