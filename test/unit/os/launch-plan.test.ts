import { describe, expect, it } from 'vitest';
import { planLaunch } from '../../../src/os/launch-plan.js';
import { spawnFailureOf } from '../../../src/os/spawn-failure.js';
import type { SpawnOptions } from '../../../src/os/spawn-types.js';

const opts: SpawnOptions = {
  argv: ['app', '--flag'],
  env: { PATH: '/bin', HOME: '/root' },
  stdin: 'ignore',
  stdout: 'pipe',
  stderr: 'pipe',
  processGroup: 'new',
};
const user = { uid: 1000, gid: 1000, groups: [29, 50], name: 'app', home: '/home/app' };

describe('planLaunch', () => {
  it('runs argv as is without a user', () => {
    expect(planLaunch(opts, undefined, '/usr/bin/setpriv')).toMatchObject({
      file: 'app',
      args: ['--flag'],
      env: opts.env,
      uid: undefined,
    });
  });

  it('goes through setpriv when the user has supplementary groups', () => {
    const plan = planLaunch(opts, user, '/usr/bin/setpriv');
    expect(plan).toMatchObject({
      file: '/usr/bin/setpriv',
      uid: undefined,
      gid: undefined,
      viaSetpriv: true,
      groupsDropped: false,
    });
    expect(plan.args).toEqual(['--reuid=1000', '--regid=1000', '--groups=29,50', '--', 'app', '--flag']);
    expect(plan.env).toMatchObject({ HOME: '/home/app', USER: 'app', LOGNAME: 'app', PATH: '/bin' });
  });

  it('sets uid/gid itself, dropping the groups, without setpriv', () => {
    expect(planLaunch(opts, user, undefined)).toMatchObject({ file: 'app', uid: 1000, gid: 1000, groupsDropped: true });
  });

  it('needs no trampoline for a user without supplementary groups', () => {
    expect(planLaunch(opts, { ...user, groups: [] }, '/usr/bin/setpriv')).toMatchObject({
      file: 'app',
      uid: 1000,
      viaSetpriv: false,
      groupsDropped: false,
    });
  });
});

describe('spawnFailureOf', () => {
  it('follows the shell: 127 missing, 126 not executable', () => {
    expect(spawnFailureOf('x', 'ENOENT')).toEqual({ code: 127, message: 'x: command not found' });
    expect(spawnFailureOf('x', 'EACCES')).toEqual({ code: 126, message: 'x: permission denied' });
    expect(spawnFailureOf('x', 'ENOEXEC')).toMatchObject({ code: 126 });
    expect(spawnFailureOf('x', 'E2BIG', 'too big')).toEqual({ code: 126, message: 'x: too big' });
  });
});
