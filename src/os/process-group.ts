// Signals by pid or process group, tolerant of targets that are already gone
// (ESRCH is the normal outcome of racing an exit), plus the /proc walk that
// lets callers prove a pid is ours before signalling it.

import { listChildren } from './children.js';

/** Sends sig to every process of group pgid; false when the group no longer exists. */
export function signalGroup(pgid: number, sig: NodeJS.Signals | number): boolean {
  // pgid <= 1 would mean "our own group" (0) or "every process" (-1 after negation of 1): never.
  if (!(pgid > 1)) throw new RangeError(`refusing to signal process group ${pgid}`);
  return sendSignal(-pgid, sig);
}

/** Sends sig to one pid; false when it no longer exists. */
export function signalPid(pid: number, sig: NodeJS.Signals | number): boolean {
  if (!(pid > 0)) throw new RangeError(`refusing to signal pid ${pid}`);
  return sendSignal(pid, sig);
}

/** True while pid exists (zombies included) — kill(pid, 0); EPERM still means it exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every descendant of pid through the children lists; a racy snapshot by nature. */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const kid of listChildren(next)) {
      out.push(kid);
      queue.push(kid);
    }
  }
  return out;
}

function sendSignal(target: number, sig: NodeJS.Signals | number): boolean {
  try {
    process.kill(target, sig);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
