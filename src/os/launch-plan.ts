// Turns SpawnOptions + a resolved user into the exact file/args/env/ids to
// spawn. Node (libuv) calls setgroups(0) before setuid, so a uid switch loses
// every supplementary group. When the user has some, util-linux `setpriv`
// becomes an exec trampoline: it sets uid, gid and the group list, then
// exec()s the program, so the pid libuv registered is still the program's.
// Without setpriv we run without the groups and the caller warns once.

import type { SpawnOptions } from './spawn-types.js';
import type { ResolvedUser } from './users.js';

/** What to hand to the process spawner. */
export interface LaunchPlan {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  /** True when supplementary groups could not be applied. */
  readonly groupsDropped: boolean;
  /** True when the program is started through setpriv (whose own exec failure is not a spawn error). */
  readonly viaSetpriv: boolean;
}

/** Plans the launch; setprivPath is undefined when setpriv is not installed. */
export function planLaunch(
  opts: SpawnOptions,
  user: ResolvedUser | undefined,
  setprivPath: string | undefined,
): LaunchPlan {
  const [command = '', ...rest] = opts.argv;
  if (!user) {
    return {
      file: command,
      args: rest,
      env: opts.env,
      uid: undefined,
      gid: undefined,
      groupsDropped: false,
      viaSetpriv: false,
    };
  }
  // login(1) sets these three from the account; a program switched to a user expects them to describe it.
  const env = { ...opts.env, HOME: user.home, USER: user.name, LOGNAME: user.name };
  if (user.groups.length > 0 && setprivPath !== undefined) {
    const ids = [`--reuid=${user.uid}`, `--regid=${user.gid}`, `--groups=${user.groups.join(',')}`];
    return {
      file: setprivPath,
      args: [...ids, '--', command, ...rest],
      env,
      uid: undefined,
      gid: undefined,
      groupsDropped: false,
      viaSetpriv: true,
    };
  }
  return {
    file: command,
    args: rest,
    env,
    uid: user.uid,
    gid: user.gid,
    groupsDropped: user.groups.length > 0,
    viaSetpriv: false,
  };
}
