// Whether a program waiting to start may start now, must keep waiting, or can
// never start because a dependency failed for good (compose's depends_on).

import type { Dependency } from '../config/types.js';
import type { ProgramState } from './program-state.js';
import { describeExit } from './transition.js';

export type GateDecision =
  | { readonly kind: 'go' }
  | { readonly kind: 'wait' }
  | { readonly kind: 'blocked'; readonly reason: string };

/** Decide from the dependencies' current states; `lookup` returns undefined for a program no longer configured. */
export function gate(deps: readonly Dependency[], lookup: (name: string) => ProgramState | undefined): GateDecision {
  let waiting = false;
  for (const dep of deps) {
    const s = lookup(dep.name);
    if (s === undefined) return { kind: 'blocked', reason: `blocked: ${dep.name} is not configured` };
    if (satisfied(dep, s)) continue;
    const failure = failedForGood(dep, s);
    if (failure !== null) return { kind: 'blocked', reason: `blocked: ${failure}` };
    waiting = true;
  }
  return waiting ? { kind: 'wait' } : { kind: 'go' };
}

function satisfied(dep: Dependency, s: ProgramState): boolean {
  switch (dep.condition) {
    case 'started':
      return s.status === 'running' || s.completed;
    case 'healthy':
      return s.status === 'running' && s.health === 'healthy';
    case 'completed_successfully':
      return s.completed;
    default: {
      const unreachable: never = dep.condition;
      return unreachable;
    }
  }
}

function failedForGood(dep: Dependency, s: ProgramState): string | null {
  if (s.blockedReason !== null) return `${dep.name} is ${s.blockedReason}`;
  if (s.status === 'fatal') return `${dep.name} gave up${s.lastExit ? ` (last ${describeExit(s.lastExit)})` : ''}`;
  if (s.status === 'exited' && !s.completed) {
    return `${dep.name} failed with ${s.lastExit ? describeExit(s.lastExit).replace('exit ', '') : 'an error'}`;
  }
  if (s.status === 'exited') return `${dep.name} exited and will not restart`;
  return null;
}
