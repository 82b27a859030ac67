import { describe, expect, it } from 'vitest';
import type { ProgramConfig } from '../../../src/config/types.js';
import { diffPrograms } from '../../../src/core/config-diff.js';
import { programConfig } from '../../helpers/program-config.js';

describe('diffPrograms', () => {
  it('sorts programs into added, removed, changed and unchanged, in file order', () => {
    const old = [
      programConfig({ name: 'a' }),
      programConfig({ name: 'b' }),
      programConfig({ name: 'c', environment: { X: '1' } }),
    ];
    const next = [
      programConfig({ name: 'd' }),
      programConfig({ name: 'c', environment: { X: '2' } }),
      programConfig({ name: 'a' }),
      programConfig({ name: 'e' }),
    ];
    expect(diffPrograms(old, next)).toEqual({ added: ['d', 'e'], removed: ['b'], changed: ['c'], unchanged: ['a'] });
  });

  it('ignores key order at every depth', () => {
    const a = programConfig({ environment: { A: '1', B: '2' }, restart: { kind: 'on-failure', maxRestarts: 3 } });
    const reordered = JSON.parse(
      JSON.stringify({ ...a, environment: { B: '2', A: '1' }, restart: { maxRestarts: 3, kind: 'on-failure' } }),
    );
    const shuffled: ProgramConfig = Object.fromEntries(
      Object.entries({ ...a, ...reordered }).reverse(),
    ) as unknown as ProgramConfig;
    expect(diffPrograms([a], [shuffled]).unchanged).toEqual(['web']);
  });

  it('treats an undefined field and an absent field as the same', () => {
    const a = programConfig({ workingDir: undefined });
    const { workingDir: _dropped, ...withoutKey } = a;
    expect(diffPrograms([a], [withoutKey as typeof a]).unchanged).toEqual(['web']);
  });

  it.each([
    ['argv order', { command: ['b', 'a'] }],
    ['argv length', { command: ['sleep'] }],
    ['nested value', { backoff: { initialMs: 100, maxMs: 30_000, resetAfterMs: 10_000 } }],
    ['environment added', { environment: { NEW: 'x' } }],
    ['optional set', { workingDir: '/srv' }],
    [
      'healthcheck added',
      {
        healthcheck: {
          test: { kind: 'tcp' as const, host: '127.0.0.1', port: 80 },
          intervalMs: 1,
          timeoutMs: 1,
          retries: 1,
          startPeriodMs: 0,
          startIntervalMs: 1,
        },
      },
    ],
    ['primitive', { critical: true }],
  ])('detects a change in %s', (_label, override) => {
    const before = programConfig({ command: ['a', 'b'] });
    const after = programConfig({ command: ['a', 'b'], ...override });
    expect(diffPrograms([before], [after]).changed).toEqual(['web']);
  });

  it('handles empty lists', () => {
    expect(diffPrograms([], [])).toEqual({ added: [], removed: [], changed: [], unchanged: [] });
    expect(diffPrograms([programConfig()], []).removed).toEqual(['web']);
    expect(diffPrograms([], [programConfig()]).added).toEqual(['web']);
  });
});
