// Ends the process with _exit(2). process.exit() runs libuv's destructor,
// which joins the thread pool; a pool thread blocked in write() on a stuck log
// pipe would then hang PID 1 forever after its shutdown was complete. Callers
// flush what they can (bounded) first.

import { getLibc } from './libc.js';

/** Exit now with `code`, skipping atexit handlers and thread-pool teardown. */
export function exitNow(code: number): never {
  try {
    const exit = getLibc().func('void _exit(int status)') as (status: number) => void;
    exit(code);
  } catch {
    // koffi unavailable: the ordinary exit is the best we can do.
  }
  process.exit(code);
}
