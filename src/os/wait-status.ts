// Decodes the int that waitpid(2) fills in, the way <sys/wait.h>'s macros do.

import { signalName } from './signal-name.js';
import type { ChildExit } from './spawn-types.js';

/** A child's exit from a raw wait status; null when the status is a stop/continue report, not an exit. */
export function decodeWaitStatus(status: number): ChildExit | null {
  const low = status & 0x7f;
  if (low === 0) return { code: (status >> 8) & 0xff, signal: null };
  // 0x7f in the low bits means "stopped"; 0xffff means "continued". Neither ends the process.
  if (low === 0x7f || status === 0xffff) return null;
  return { code: null, signal: signalName(low) };
}

/** The shell convention for an exit: the code, or 128 + signal number. */
export function exitCodeOf(exit: ChildExit, signalNumberOf: (name: string) => number | undefined): number {
  if (exit.code !== null) return exit.code;
  const n = exit.signal === null ? undefined : signalNumberOf(exit.signal);
  return n === undefined ? 255 : 128 + n;
}
