// `tsvisor [options] -- CMD ARGS…`: a drop-in for tini/dumb-init. One child,
// signals forwarded to its process group, zombies reaped, leftovers swept
// when it exits, and its exit status (or 128+signal) as ours.

import { HANDLED_SIGNALS } from '../config/signal-names.js';
import type { LogLevel } from '../config/types.js';
import { createReaper } from '../os/reaper.js';
import { signalNumber } from '../os/signal-name.js';
import { onChildSignal } from '../os/signals.js';
import { onSpawnWarning, ownsPid } from '../os/spawner.js';
import { becomeSubreaperIfNeeded } from '../os/subreaper.js';
import { reclaimTerminal } from '../os/tty.js';
import { exitCodeOf } from '../os/wait-status.js';
import { startForwardedChild } from './drop-in/forwarded-child.js';
import { createStderrLog } from './drop-in/stderr-log.js';
import { sweepLeftovers } from './drop-in/sweep.js';

export interface DropInOptions {
  /** Child exit codes to report as another code (tini -e 143 → 0). */
  readonly exitCodeRemap: ReadonlyMap<number, number>;
  readonly logLevel: LogLevel;
  /** Forward signals to the child's process group (default) rather than the child alone. */
  readonly pgroupKill: boolean;
}

// How long leftovers get between SIGTERM and SIGKILL once the child is gone; well inside `docker stop`'s 10 s.
const LEFTOVER_GRACE_MS = 2000;

/** Supervises argv until it exits; resolves with the exit code tsvisor should exit with. */
export async function runDropIn(argv: string[], opts: DropInOptions): Promise<number> {
  const log = createStderrLog(opts.logLevel);
  if (argv.length === 0) {
    log.error({}, 'no command given after --');
    return 2;
  }
  onSpawnWarning((message) => log.warn({}, message));
  becomeSubreaperIfNeeded(log);
  const reaper = createReaper({
    isOwned: ownsPid,
    log,
    onReap: (pid, exit) => log.debug({ pid, ...exit }, 'reaped'),
  });
  const stopReaping = onChildSignal(() => reaper.reapNow());
  // Zombies inherited from whoever exec'd us (e.g. a shell's leftovers) are ours now.
  reaper.reapNow();

  const child = startForwardedChild({
    argv,
    env: currentEnv(),
    signals: HANDLED_SIGNALS,
    pgroupKill: opts.pgroupKill,
    log,
  });
  const outcome = await child.outcome;
  // Before any output: the terminal still belongs to the child's (now dead) group, and whoever started us
  // (a shell, `docker run -it`'s console) expects its foreground group back when we end.
  if (child.tookTerminal) reclaimTerminal();
  let code: number;
  if (outcome.kind === 'failed') {
    log.error({}, outcome.failure.message);
    code = outcome.failure.code;
  } else {
    code = exitCodeOf(outcome.exit, signalNumber);
    log.debug({ code: outcome.exit.code, signal: outcome.exit.signal, status: code }, 'child exited');
    code = opts.exitCodeRemap.get(code) ?? code;
  }
  // Listeners stay in place during the sweep: without them a SIGTERM would kill a non-PID-1 tsvisor outright.
  await sweepLeftovers({ childPid: child.pid, reaper, log, graceMs: LEFTOVER_GRACE_MS });
  child.stopForwarding();
  stopReaping();
  return code;
}

function currentEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}
