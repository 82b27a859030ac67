// Makes sure orphans of our tree come back to us: PID 1 gets them from the
// kernel; anyone else must ask with PR_SET_CHILD_SUBREAPER, or they go to the
// host's init and their zombies/exits are invisible to us.

import { setChildSubreaper } from './libc-calls.js';
import type { OsLog } from './os-log.js';

let warned = false;

/** What this process is for orphans: 'pid1', 'subreaper', or 'none' (warned once). */
export function becomeSubreaperIfNeeded(log: OsLog): 'pid1' | 'subreaper' | 'none' {
  if (process.pid === 1) return 'pid1';
  let errno: number | string;
  try {
    const r = setChildSubreaper();
    if (r.value === 0) return 'subreaper';
    errno = r.errno;
  } catch (error) {
    // koffi or libc could not be loaded (exotic platform): degrade, PID 1 must not die for this.
    errno = (error as Error).message;
  }
  if (!warned) {
    warned = true;
    log.warn({ errno }, 'not PID 1 and cannot become a child subreaper: orphaned processes will not be reaped');
  }
  return 'none';
}
