import { describe, expect, it } from 'vitest';
import { isProgramOk, notStartedReason, notStoppedReason } from '../../../src/control/program-ok.js';
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

describe('notStartedReason / notStoppedReason', () => {
  it.each([
    ['running', programView({ name: 'a' }), null],
    ['starting (a forking daemon not adopted yet)', programView({ name: 'a', state: 'starting' }), null],
    ['oneshot exited 0', programView({ name: 'a', type: 'oneshot', state: 'exited', last_exit: exit(0) }), null],
    [
      'oneshot exited 2',
      programView({ name: 'a', type: 'oneshot', state: 'exited', last_exit: exit(2) }),
      'exited (exit 2)',
    ],
    [
      'backoff after a spawn failure',
      programView({ name: 'a', state: 'backoff', pid: null, last_exit: exit(127), next_restart_in_ms: 100 }),
      'failed to start (exit 127, next try in 100 ms)',
    ],
    [
      'fatal',
      programView({ name: 'a', state: 'fatal', pid: null, last_exit: exit(null, 'SIGSEGV') }),
      'gave up (SIGSEGV)',
    ],
    [
      'blocked',
      programView({ name: 'a', state: 'stopped', pid: null, blocked: 'blocked: migrate failed with 1' }),
      'is blocked: migrate failed with 1',
    ],
  ])('start: %s', (_label, view, reason) => {
    expect(notStartedReason(view)).toBe(reason);
  });

  it.each([
    ['stopped', programView({ name: 'a', state: 'stopped', pid: null }), null],
    ['exited', programView({ name: 'a', state: 'exited', pid: null }), null],
    ['fatal', programView({ name: 'a', state: 'fatal', pid: null }), null],
    ['stopping (in uninterruptible sleep)', programView({ name: 'a', state: 'stopping' }), 'is still stopping'],
  ])('stop: %s', (_label, view, reason) => {
    expect(notStoppedReason(view)).toBe(reason);
  });
});
