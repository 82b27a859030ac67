// The real Ports: each method is a thin call into the one OS module that owns
// the concern (spawner, process-group, reaper, pidfile, notify socket,
// kill-all), so the runtime never touches the OS directly.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { signalNumber } from '../config/signal-names.js';
import type { ProgramConfig } from '../config/types.js';
import type { OutputHub } from '../log/output-hub.js';
import type { Clock } from '../os/clock.js';
import { killAllInNamespace, survivors } from '../os/kill-all.js';
import { getpgid } from '../os/libc-calls.js';
import { openNotifySocket } from '../os/notify-socket.js';
import { waitForPidfile, watchPid } from '../os/pidfile.js';
import { signalGroup, signalPid } from '../os/process-group.js';
import type { Reaper } from '../os/reaper.js';
import { spawnChild } from '../os/spawner.js';
import { runProbe } from '../runtime/health-probe.js';
import type { HeldStore } from '../runtime/held-store.js';
import type { Ports, RuntimeLog } from '../runtime/ports.js';

export interface RealPortsDeps {
  readonly clock: Clock;
  readonly log: RuntimeLog;
  readonly hub: OutputHub;
  readonly reaper: Reaper;
  readonly held: HeldStore;
  /** Directory for per-program sd_notify sockets. */
  readonly notifyDir: string;
}

/** Ports backed by the real kernel. */
export function realPorts(deps: RealPortsDeps): Ports {
  const { hub, reaper } = deps;
  return {
    clock: deps.clock,
    log: deps.log,
    output: {
      attach: (program, output, streams) => hub.attach(program, output, streams),
      last: (program, lines) => hub.ring(program).last(lines),
      follow: (program, onLine) => hub.ring(program).subscribe(onLine),
      setPrograms: (names) => hub.setPrograms(names),
    },
    spawn: spawnChild,
    signal(pid, signal, group) {
      const sig = signal as NodeJS.Signals;
      if (group && pid > 1) signalGroup(pid, sig);
      else signalPid(pid, sig);
    },
    isGroupLeader: (pid) => getpgid(pid).value === pid,
    signalNumber: (name) => signalNumber(name) ?? 0,
    runProbe: (test, timeoutMs, probeDeps) => runProbe(test, timeoutMs, { ...probeDeps, spawn: spawnChild }),
    readPidfile: (path, timeoutMs) => waitForPidfile(path, timeoutMs),
    watchPid(pid, onExit) {
      let fired = false;
      const fire = (exit: { code: number | null; signal: string | null }) => {
        if (fired) return;
        fired = true;
        reaper.unwatch(pid);
        watch.close();
        onExit(exit);
      };
      // An adopted daemon re-parented to us is reaped here, with its real exit status.
      reaper.watch(pid, (exit) => fire(exit));
      const watch = watchPid(pid, () => {
        // pidfd says "gone" without a status: let the reaper report it first when the daemon is our child.
        reaper.reapNow();
        fire({ code: null, signal: null });
      });
      return () => {
        fired = true;
        reaper.unwatch(pid);
        watch.close();
      };
    },
    async openNotify(program: ProgramConfig, onMessage) {
      // Owner-only: any process that can reach the socket could declare a program ready.
      await mkdir(deps.notifyDir, { recursive: true, mode: 0o700 });
      return openNotifySocket(join(deps.notifyDir, `${program.name}.sock`), onMessage);
    },
    leftoverProcesses: () => survivors(),
    signalLeftovers(signal) {
      killAllInNamespace(signal);
    },
    saveHeld: (names) => deps.held.save(names),
  };
}
