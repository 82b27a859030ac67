// The verdict behind `tsvisor ctl status`'s exit code, which Docker's
// HEALTHCHECK and Kubernetes exec probes read: 0 only when every program asked
// about is doing what it should.

import { describeExit } from '../core/transition.js';
import type { ProgramView } from './api.js';

/** Running and not failing (or still waiting for) its healthcheck; or a oneshot that exited successfully. */
export function isProgramOk(view: ProgramView): boolean {
  if (view.type === 'oneshot' && view.state === 'exited') {
    return view.last_exit !== null && view.last_exit.code === 0 && view.last_exit.signal === null;
  }
  if (view.state !== 'running') return false;
  // 'none' means no healthcheck configured: running is all we can ask.
  return view.health !== 'unhealthy' && view.health !== 'starting';
}

/**
 * Why a program `ctl start`/`restart` asked for is not up, or null when it is (running, still starting, or a
 * oneshot that ran and succeeded). Scripts rely on the exit code: a typo in a command must not read as success.
 */
export function notStartedReason(view: ProgramView): string | null {
  const exit = view.last_exit === null ? 'no exit' : describeExit(view.last_exit);
  switch (view.state) {
    case 'running':
    case 'starting':
      return null;
    case 'exited':
      return view.type === 'oneshot' && isProgramOk(view) ? null : `exited (${exit})`;
    case 'backoff': {
      const next = view.next_restart_in_ms === null ? '' : `, next try in ${view.next_restart_in_ms} ms`;
      return `failed to start (${exit}${next})`;
    }
    case 'fatal':
      return `gave up (${exit})`;
    case 'stopped':
      return view.blocked === null ? 'is stopped' : `is ${view.blocked}`;
    case 'stopping':
      return 'is stopping';
    default: {
      const unreachable: never = view.state;
      return unreachable;
    }
  }
}

/** Why a program `ctl stop` asked for is not down, or null when it is. */
export function notStoppedReason(view: ProgramView): string | null {
  return view.state === 'stopped' || view.state === 'exited' || view.state === 'fatal'
    ? null
    : `is still ${view.state}`;
}
