// The process-table row shown by `tsvisor ctl status`, in wall-clock terms.

import type { ProgramView } from '../control/api.js';
import type { Clock } from '../os/clock.js';
import type { Entry } from './supervisor.js';

/** Project a runtime entry to the public status shape. */
export function programView(e: Entry, clock: Clock): ProgramView {
  const s = e.state;
  const now = clock.now();
  const running = s.pid !== null && s.startedAt !== null;
  return {
    name: s.name,
    state: s.status,
    pid: s.pid,
    restarts: s.restarts,
    last_exit:
      s.lastExit === null
        ? null
        : {
            code: s.lastExit.code,
            signal: s.lastExit.signal,
            at: clock.toWall(s.lastExit.at),
            requested: s.lastExit.requested,
          },
    started_at: s.startedAt === null ? null : clock.toWall(s.startedAt),
    uptime_ms: running && s.startedAt !== null ? Math.round(now - s.startedAt) : null,
    next_restart_at: s.nextRestartAt === null ? null : clock.toWall(s.nextRestartAt),
    next_restart_in_ms: s.nextRestartAt === null ? null : Math.max(0, Math.round(s.nextRestartAt - now)),
    health: s.health,
    held: s.held,
    blocked: s.blockedReason,
    type: e.cfg.type,
    critical: e.cfg.critical,
  };
}
