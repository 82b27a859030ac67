// Docker's restart policies applied to one exit. Pure: the caller says
// whether tsvisor itself asked the program to stop.

import type { ProgramType, RestartPolicy } from '../config/types.js';

export interface ExitFacts {
  readonly code: number | null;
  readonly signal: string | null;
  /** The exit followed a signal tsvisor sent for a reason that is not a failure (operator stop, shutdown). */
  readonly requested: boolean;
  /** Force failure semantics (e.g. stopped because its healthcheck failed). */
  readonly forcedFailure?: boolean;
}

export type RestartDecision =
  | { readonly restart: true }
  | { readonly restart: false; readonly status: 'exited' | 'fatal'; readonly reason: string };

/** A failure in Docker's sense: non-zero code, or killed by a signal tsvisor did not send. */
export function isFailure(exit: ExitFacts): boolean {
  if (exit.forcedFailure) return true;
  if (exit.signal !== null) return !exit.requested;
  return exit.code !== 0;
}

/** Whether the program restarts after this exit, given how many automatic restarts it has had. */
export function decideRestart(
  policy: RestartPolicy,
  type: ProgramType,
  exit: ExitFacts,
  restartsSoFar: number,
): RestartDecision {
  const failed = isFailure(exit);
  // A oneshot has done its job when it succeeds, whatever the policy says.
  if (type === 'oneshot' && !failed) return { restart: false, status: 'exited', reason: 'completed' };
  switch (policy.kind) {
    case 'no':
      return { restart: false, status: 'exited', reason: 'restart policy "no"' };
    case 'on-failure': {
      if (!failed) return { restart: false, status: 'exited', reason: 'exited successfully (on-failure)' };
      if (policy.maxRestarts !== undefined && restartsSoFar >= policy.maxRestarts) {
        return { restart: false, status: 'fatal', reason: `gave up after ${restartsSoFar} restarts` };
      }
      return { restart: true };
    }
    case 'always':
    case 'unless-stopped':
      return { restart: true };
    default: {
      const unreachable: never = policy;
      return unreachable;
    }
  }
}
