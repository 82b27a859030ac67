// What a signal to tsvisor does, per the config's `signals:` table
// (read at the time of the signal, so a reload can change it).

import type { ReloadReport } from '../control/api.js';
import type { RuntimeLog } from '../runtime/ports.js';
import type { Supervisor } from '../runtime/supervisor.js';

/** Act on one received signal. Called from the signal listener; everything it does is queued. */
export function handleSignal(
  name: string,
  sup: Supervisor,
  reload: () => Promise<ReloadReport>,
  log: RuntimeLog,
): void {
  const action = sup.config.signals[name] ?? { kind: 'forward', targets: undefined, as: undefined };
  switch (action.kind) {
    case 'shutdown':
      log.info({ signal: name }, sup.shuttingDown ? 'signal received again' : 'signal received');
      sup.beginShutdown(null);
      return;
    case 'reload':
      log.info({ signal: name }, 'reloading configuration');
      void reload();
      return;
    case 'ignore':
      log.debug({ signal: name }, 'signal ignored');
      return;
    case 'forward': {
      const sent = action.as ?? name;
      const targets: string[] = [];
      for (const e of sup.entries.values()) {
        if (e.state.pid === null || (action.targets && !action.targets.includes(e.cfg.name))) continue;
        sup.signalProgram(e, sent);
        targets.push(e.cfg.name);
      }
      log.debug({ signal: name, as: sent, programs: targets }, 'signal forwarded');
      return;
    }
    default: {
      const unreachable: never = action;
      throw new Error(`unknown signal action ${JSON.stringify(unreachable)}`);
    }
  }
}
