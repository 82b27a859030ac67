// What happens after the main child exits: whatever it left behind (its
// process group, its session, adopted orphans) gets SIGTERM, a short grace
// period, then SIGKILL — tini exits at once and lets the kernel SIGKILL the
// rest (tini#180); dumb-init signals but does not wait (dumb-init#212).

import { killAllInNamespace, survivors } from '../../os/kill-all.js';
import type { OsLog } from '../../os/os-log.js';
import { signalGroup } from '../../os/process-group.js';
import type { Reaper } from '../../os/reaper.js';

export interface SweepOptions {
  /** The exited child's pid, which is also its process group and session id. */
  readonly childPid: number | undefined;
  readonly reaper: Reaper;
  readonly log: OsLog;
  readonly graceMs: number;
}

/** TERM everything left, wait up to graceMs for it to go, KILL the rest; resolves when nothing is left (or gave up). */
export async function sweepLeftovers(opts: SweepOptions): Promise<void> {
  opts.reaper.reapNow();
  if (survivors().length === 0) return;
  signalAll('SIGTERM', opts);
  // A stopped process only acts on SIGTERM once continued.
  signalAll('SIGCONT', opts);
  if (await waitGone(opts.graceMs, opts.reaper)) return;
  opts.log.warn({ pids: survivors() }, `processes left after ${opts.graceMs} ms: sending SIGKILL`);
  signalAll('SIGKILL', opts);
  await waitGone(1000, opts.reaper);
}

function signalAll(sig: NodeJS.Signals, opts: SweepOptions): void {
  try {
    if (opts.childPid !== undefined) signalGroup(opts.childPid, sig);
  } catch {
    // EPERM on a group that turned into someone else's is not ours to fight.
  }
  // As PID 1 this is the whole namespace (group and session included); otherwise our descendants only.
  killAllInNamespace(sig);
}

async function waitGone(ms: number, reaper: Reaper): Promise<boolean> {
  const deadline = performance.now() + ms;
  for (;;) {
    reaper.reapNow();
    if (survivors().length === 0) return true;
    if (performance.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}
