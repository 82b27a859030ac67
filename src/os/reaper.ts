// Reaps zombies that libuv does not own: orphans re-parented to us as PID 1 or
// subreaper, and the children of programs that exited first. It never calls
// waitpid(-1): that would also collect libuv's children and their 'exit'
// events would be lost. Instead it peeks at an exited child with
// waitid(WNOWAIT), which reaps nothing, and waits on that one pid if the
// spawner does not own it. Only when the peeked zombie is libuv's (it blocks
// the peek until libuv collects it) does it list our children through /proc
// and wait on each pid the spawner does not own, one by one, with WNOHANG.

import { listChildren } from './children.js';
import { peekExitedChild, waitpidNoHang } from './libc-calls.js';
import { type OsLog, silentLog } from './os-log.js';
import type { ChildExit } from './spawn-types.js';
import { decodeWaitStatus } from './wait-status.js';

const ECHILD = 10;

export interface ReaperOptions {
  /** Pids libuv will wait for itself (spawner.ownsPid). */
  readonly isOwned: (pid: number) => boolean;
  /** Called for every reaped pid (after its watcher). */
  readonly onReap?: (pid: number, exit: ChildExit) => void;
  readonly log?: OsLog;
}

export interface Reaper {
  /** Reaps every reapable zombie now; returns how many. Cheap when there are none. */
  reapNow(): number;
  /** Calls cb once when pid (a child we do not own, e.g. an adopted daemon) is reaped here. */
  watch(pid: number, cb: (exit: ChildExit) => void): void;
  unwatch(pid: number): void;
  /** Total reaped since creation. */
  reaped(): number;
}

/** The reaper for this process. */
export function createReaper(options: ReaperOptions): Reaper {
  const log = options.log ?? silentLog;
  const watchers = new Map<number, (exit: ChildExit) => void>();
  let total = 0;

  const reapOne = (pid: number): boolean => {
    // The owned check is per pid and right before the wait: an owned pid is never waited on, whatever its state.
    if (options.isOwned(pid)) return false;
    const r = waitpidNoHang(pid);
    if (r.value !== pid) {
      // ECHILD: someone else (libuv, for a pid spawned after the listing) got it first; harmless.
      if (r.value < 0 && r.errno !== ECHILD) log.warn({ pid, errno: r.errno }, 'waitpid failed');
      return false;
    }
    const exit = decodeWaitStatus(r.status);
    if (!exit) return false;
    total += 1;
    const watcher = watchers.get(pid);
    watchers.delete(pid);
    watcher?.(exit);
    options.onReap?.(pid, exit);
    return true;
  };

  return {
    reapNow() {
      let count = 0;
      // Fast path, no /proc: each peek names one zombie; reaping it exposes the next. 10 000 orphans cost
      // two native calls each instead of a readdir plus ~11 file reads per SIGCHLD.
      for (;;) {
        const pid = peekExitedChild();
        if (pid <= 0) return count;
        // WNOWAIT returns an owned zombie again and again until libuv reaps it: anything behind it is only
        // reachable through the listing. A failed wait (ECHILD race) takes the listing too, never a spin.
        if (!reapOne(pid)) break;
        count += 1;
      }
      // Repeat while something was reaped: orphans re-parented during the pass show up in the next listing.
      for (;;) {
        let found = 0;
        for (const pid of listChildren()) if (reapOne(pid)) found += 1;
        count += found;
        if (found === 0) return count;
      }
    },
    watch(pid, cb) {
      watchers.set(pid, cb);
    },
    unwatch(pid) {
      watchers.delete(pid);
    },
    reaped: () => total,
  };
}
