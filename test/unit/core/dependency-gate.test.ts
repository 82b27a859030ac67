import { describe, expect, it } from 'vitest';
import { gate } from '../../../src/core/dependency-gate.js';
import { initialProgramState, type ProgramState } from '../../../src/core/program-state.js';

const base = initialProgramState('db');
const states: Record<string, ProgramState> = {
  idle: base,
  running: { ...base, status: 'running', pid: 1 },
  healthy: { ...base, status: 'running', pid: 1, health: 'healthy' },
  done: { ...base, status: 'exited', completed: true, lastExit: { code: 0, signal: null, at: 1, requested: false } },
  failed: { ...base, status: 'exited', lastExit: { code: 1, signal: null, at: 1, requested: false } },
  fatal: { ...base, status: 'fatal', lastExit: { code: 3, signal: null, at: 1, requested: false } },
  backoff: { ...base, status: 'backoff' },
};

describe('dependency gate', () => {
  it.each([
    ['started', 'idle', 'wait'],
    ['started', 'running', 'go'],
    ['started', 'done', 'go'],
    ['healthy', 'running', 'wait'],
    ['healthy', 'healthy', 'go'],
    ['healthy', 'backoff', 'wait'],
    ['completed_successfully', 'running', 'wait'],
    ['completed_successfully', 'done', 'go'],
    ['completed_successfully', 'failed', 'blocked'],
    ['started', 'fatal', 'blocked'],
  ] as const)('condition %s with dependency %s -> %s', (condition, state, want) => {
    expect(gate([{ name: 'db', condition }], () => states[state]).kind).toBe(want);
  });

  it('says why a program is blocked', () => {
    expect(gate([{ name: 'migrate', condition: 'completed_successfully' }], () => states.failed)).toEqual({
      kind: 'blocked',
      reason: 'blocked: migrate failed with 1',
    });
  });
});
