import { describe, expect, it } from 'vitest';
import { formatStatusTable } from '../../../src/control/status-table.js';
import { programView } from './program-view.js';

describe('formatStatusTable', () => {
  it('aligns columns and formats durations, exits and health', () => {
    const text = formatStatusTable([
      programView({ name: 'web', pid: 12, uptime_ms: 252_000, health: 'healthy' }),
      programView({
        name: 'worker-long-name',
        state: 'backoff',
        pid: null,
        uptime_ms: null,
        restarts: 3,
        last_exit: { code: 1, signal: null, at: 'x', requested: false },
        next_restart_in_ms: 3200,
      }),
    ]);
    const lines = text.split('\n');
    expect(lines).toEqual([
      'NAME              STATE    PID  UPTIME  RESTARTS  LAST-EXIT  NEXT-RESTART  HEALTH',
      'web               running  12   4m12s   0         -          -             healthy',
      'worker-long-name  backoff  -    -       3         1          in 3.2s       -',
      '',
    ]);
  });

  it('adds a NOTE column for held and blocked programs and marks requested exits', () => {
    const text = formatStatusTable([
      programView({ name: 'a' }),
      programView({
        name: 'b',
        state: 'stopped',
        pid: null,
        uptime_ms: null,
        held: true,
        last_exit: { code: null, signal: 'SIGTERM', at: 'x', requested: true },
      }),
      programView({
        name: 'c',
        state: 'stopped',
        pid: null,
        uptime_ms: null,
        blocked: 'blocked: migrate failed with 1',
      }),
    ]);
    const [header, a, b, c] = text.split('\n');
    expect(header).toMatch(/HEALTH\s+NOTE$/);
    expect(a).toMatch(/^a\s+running\s+100\s+3\.2s\s+0\s+-\s+-\s+-$/);
    expect(b).toMatch(/SIGTERM \(requested\).*held by operator$/);
    expect(c).toMatch(/blocked: migrate failed with 1$/);
    // Every NOTE cell starts in the same column.
    const noteColumn = header?.indexOf('NOTE');
    expect(b?.indexOf('held')).toBe(noteColumn);
    expect(c?.indexOf('blocked')).toBe(noteColumn);
  });

  it('prints only the header for no programs', () => {
    expect(formatStatusTable([])).toBe('NAME  STATE  PID  UPTIME  RESTARTS  LAST-EXIT  NEXT-RESTART  HEALTH\n');
  });
});
