import { describe, expect, it } from 'vitest';
import type { RestartPolicy } from '../../../src/config/types.js';
import { decideRestart } from '../../../src/core/restart-policy.js';

const no: RestartPolicy = { kind: 'no' };
const always: RestartPolicy = { kind: 'always' };
const unlessStopped: RestartPolicy = { kind: 'unless-stopped' };
const onFailure: RestartPolicy = { kind: 'on-failure', maxRestarts: undefined };
const onFailure2: RestartPolicy = { kind: 'on-failure', maxRestarts: 2 };

const ok = { code: 0, signal: null, requested: false };
const fail3 = { code: 3, signal: null, requested: false };
const killedByOther = { code: null, signal: 'SIGKILL', requested: false };

describe('decideRestart (Docker restart policies)', () => {
  it.each([
    ['no', no, ok, 0, false],
    ['no', no, fail3, 0, false],
    ['always', always, ok, 0, true],
    ['always', always, fail3, 99, true],
    ['unless-stopped', unlessStopped, ok, 5, true],
    ['on-failure', onFailure, ok, 0, false],
    ['on-failure', onFailure, fail3, 1000, true],
    ['on-failure', onFailure, killedByOther, 0, true],
    ['on-failure:2', onFailure2, fail3, 0, true],
    ['on-failure:2', onFailure2, fail3, 1, true],
    ['on-failure:2', onFailure2, fail3, 2, false],
  ] as const)('%s after %o with %i restarts -> restart %s', (_name, policy, exit, restarts, want) => {
    expect(decideRestart(policy, 'longrun', exit, restarts).restart).toBe(want);
  });

  it('gives up as fatal when on-failure:N is exhausted', () => {
    expect(decideRestart(onFailure2, 'longrun', fail3, 2)).toEqual({
      restart: false,
      status: 'fatal',
      reason: 'gave up after 2 restarts',
    });
  });

  it('a oneshot that succeeded is done even under always', () => {
    expect(decideRestart(always, 'oneshot', ok, 0)).toMatchObject({ restart: false, status: 'exited' });
    expect(decideRestart(always, 'oneshot', fail3, 0).restart).toBe(true);
  });

  it('a health-check failure counts as a failure even with exit 0', () => {
    expect(decideRestart(onFailure, 'longrun', { ...ok, forcedFailure: true }, 0).restart).toBe(true);
  });
});
