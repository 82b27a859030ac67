import { describe, expect, it } from 'vitest';
import { isProgramOk } from '../../../src/control/program-ok.js';
import { programView } from './program-view.js';

const exit = (code: number | null, signal: string | null = null) => ({
  code,
  signal,
  at: '2025-01-01T00:00:00.000Z',
  requested: false,
});

describe('isProgramOk', () => {
  it.each([
    ['running without healthcheck', programView({ name: 'a' }), true],
    ['running and healthy', programView({ name: 'a', health: 'healthy' }), true],
    ['running, health starting', programView({ name: 'a', health: 'starting' }), false],
    ['running but unhealthy', programView({ name: 'a', health: 'unhealthy' }), false],
    ['starting', programView({ name: 'a', state: 'starting' }), false],
    ['backoff', programView({ name: 'a', state: 'backoff', pid: null }), false],
    ['stopped', programView({ name: 'a', state: 'stopped', pid: null }), false],
    ['fatal', programView({ name: 'a', state: 'fatal', pid: null }), false],
    ['oneshot exited 0', programView({ name: 'a', type: 'oneshot', state: 'exited', last_exit: exit(0) }), true],
    ['oneshot exited 1', programView({ name: 'a', type: 'oneshot', state: 'exited', last_exit: exit(1) }), false],
    [
      'oneshot killed',
      programView({ name: 'a', type: 'oneshot', state: 'exited', last_exit: exit(null, 'SIGKILL') }),
      false,
    ],
    ['oneshot still running', programView({ name: 'a', type: 'oneshot' }), true],
    ['longrun exited 0', programView({ name: 'a', state: 'exited', last_exit: exit(0) }), false],
  ])('%s → %s', (_label, view, ok) => {
    expect(isProgramOk(view)).toBe(ok);
  });
});
