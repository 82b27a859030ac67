// The verdict behind `tsvisor ctl status`'s exit code, which Docker's
// HEALTHCHECK and Kubernetes exec probes read: 0 only when every program asked
// about is doing what it should.

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
