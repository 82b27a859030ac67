// The container's exit code, decided from the process table. Orchestrators
// read it, so it must say what happened: a clean stop, a forced one, or which
// program failed and how.

import type { ExitInfo } from './program-state.js';

/** The shell convention: the exit code, or 128 + signal number when killed by a signal. */
export function exitCodeOf(exit: Pick<ExitInfo, 'code' | 'signal'>, signalNumber: (name: string) => number): number {
  if (exit.signal !== null) return 128 + signalNumber(exit.signal);
  return exit.code ?? 1;
}

/** Why tsvisor is exiting, which decides its code. */
export type ExitCause =
  /** A critical program ended for good: exit with its code. */
  | { readonly kind: 'critical'; readonly exit: Pick<ExitInfo, 'code' | 'signal'> }
  /** Every program has ended and none will restart: 0, or the first failure's code. */
  | { readonly kind: 'all-ended'; readonly firstFailure: Pick<ExitInfo, 'code' | 'signal'> | null }
  /**
   * SIGTERM/SIGINT/SIGQUIT or `ctl shutdown`: 0 even when some program needed SIGKILL after its grace
   * period (`forced`, logged by name) — the stop was asked for, and a non-zero code would make an
   * orchestrator report a routine `docker stop` as a crash.
   */
  | { readonly kind: 'requested'; readonly forced: boolean }
  /** tsvisor itself failed (uncaught exception): shut down in order, then report it. */
  | { readonly kind: 'internal-error' };

/** The exit code tsvisor returns for a cause. */
export function exitCodeFor(cause: ExitCause, signalNumber: (name: string) => number): number {
  switch (cause.kind) {
    case 'critical':
      return exitCodeOf(cause.exit, signalNumber);
    case 'all-ended':
      return cause.firstFailure === null ? 0 : exitCodeOf(cause.firstFailure, signalNumber);
    case 'requested':
      return 0;
    case 'internal-error':
      return 70; // EX_SOFTWARE
    default: {
      const unreachable: never = cause;
      return unreachable;
    }
  }
}
