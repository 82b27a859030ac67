// A normalised ProgramConfig with the documented defaults, for pure tests.
import type { ProgramConfig } from '../../src/config/types.js';

export function programConfig(overrides: Partial<ProgramConfig> & { name?: string } = {}): ProgramConfig {
  return {
    name: 'web',
    command: ['sleep', 'infinity'],
    environment: {},
    workingDir: undefined,
    user: undefined,
    restart: { kind: 'always' },
    backoff: { initialMs: 100, maxMs: 60_000, resetAfterMs: 10_000 },
    stopSignal: 'SIGTERM',
    stopGracePeriodMs: 10_000,
    dependsOn: [],
    healthcheck: undefined,
    onUnhealthy: 'restart',
    critical: false,
    type: 'longrun',
    pidfile: undefined,
    notify: false,
    autostart: true,
    output: { mode: 'prefix', timestamps: false, file: undefined },
    ...overrides,
  };
}
