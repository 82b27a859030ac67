// The last stage of shutdown: signal every process that is left. kill(-1)
// means "every process I may signal": inside a container's pid namespace as
// PID 1 that is the container; anywhere else it is the whole host. So the
// function decides by itself — kill(-1) only when process.pid === 1, and only
// our own descendants otherwise — and no caller can get it wrong.

import { readdirSync, readFileSync } from 'node:fs';
import { rawKill } from './libc-calls.js';
import { parseProcStat } from './proc-stat.js';
import { descendantsOf, signalPid } from './process-group.js';
import { signalNumber } from './signal-name.js';

/** Signals everything left: the namespace as PID 1, our descendants otherwise. */
export function killAllInNamespace(sig: NodeJS.Signals): 'namespace' | 'descendants' {
  if (process.pid === 1) {
    const num = signalNumber(sig);
    if (num === undefined) throw new RangeError(`unknown signal ${sig}`);
    // kill(-1) from PID 1 skips PID 1 itself.
    rawKill(-1, num);
    return 'namespace';
  }
  for (const pid of descendantsOf(process.pid)) signalPid(pid, sig);
  return 'descendants';
}

/** Pids still running that killAllInNamespace would reach; zombies excluded (they wait for the reaper). */
export function survivors(): number[] {
  if (process.pid !== 1) {
    return descendantsOf(process.pid).filter((pid) => stateOf(pid) !== 'Z' && stateOf(pid) !== undefined);
  }
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || name === '1') continue;
    const state = stateOf(Number(name));
    if (state !== undefined && state !== 'Z') out.push(Number(name));
  }
  return out;
}

function stateOf(pid: number): string | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state;
  } catch {
    return undefined;
  }
}
