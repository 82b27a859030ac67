// A program's exit and its last output reach tsvisor on different fds, and
// libuv may hand us the exit first. Acting on it at once (logging "exited",
// signalling the next program in the shutdown order) would print what happened
// next before the program's own last lines. Everything an exited program wrote
// is already in its pipe, so the exit is held until the pipes are empty and
// their streams have passed every byte on — bounded, because a grandchild may
// keep the pipe open and write forever, and a stream paused by a blocked log
// must not hold supervision.

import type { OutputPipe } from './output-pipe.js';

/** The longest an exit waits for its output; long enough for several 256 KiB pipes to drain. */
export const OUTPUT_SETTLE_MAX_MS = 250;

/** Resolves once every pipe's output was delivered, or after maxMs. */
export function untilOutputDelivered(
  pipes: readonly OutputPipe[],
  maxMs: number = OUTPUT_SETTLE_MAX_MS,
): Promise<void> {
  if (pipes.every((p) => p.delivered())) return Promise.resolve();
  const deadline = performance.now() + maxMs;
  return new Promise((resolve) => {
    // Polled, not driven by 'data': a 'data' listener would switch a stream nobody consumes into flowing mode.
    // Each check runs after a poll phase, in which libuv read whatever the pipe held.
    const check = (): void => {
      if (pipes.every((p) => p.delivered()) || performance.now() >= deadline) resolve();
      else setTimeout(check, 1);
    };
    setTimeout(check, 1);
  });
}
