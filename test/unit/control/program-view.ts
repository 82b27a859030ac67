// A ProgramView with plausible defaults, for control tests.
import type { ProgramView } from '../../../src/control/api.js';

export function programView(overrides: Partial<ProgramView> & { name: string }): ProgramView {
  return {
    state: 'running',
    pid: 100,
    restarts: 0,
    last_exit: null,
    started_at: '2025-01-01T00:00:00.000Z',
    uptime_ms: 3200,
    next_restart_at: null,
    next_restart_in_ms: null,
    health: 'none',
    held: false,
    blocked: null,
    type: 'longrun',
    critical: false,
    ...overrides,
  };
}
