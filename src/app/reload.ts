// Reload (SIGHUP or `tsvisor ctl reload`): re-read and validate the file; an
// invalid file changes nothing; a valid one is diffed so only added, removed
// and changed programs are touched.

import { formatDiagnostic } from '../config/format-diagnostic.js';
import { loadConfigFile } from '../config/load.js';
import type { ReloadReport } from '../control/api.js';
import { diffPrograms } from '../core/config-diff.js';
import type { RuntimeLog } from '../runtime/ports.js';
import type { Supervisor } from '../runtime/supervisor.js';

/** Returns a reload function; overlapping calls (a SIGHUP storm) run one after another. */
export function createReloader(path: string, sup: Supervisor, log: RuntimeLog): () => Promise<ReloadReport> {
  let chain: Promise<unknown> = Promise.resolve();
  const reloadOnce = async (): Promise<ReloadReport> => {
    if (sup.shuttingDown) return report(false, { errors: ['tsvisor is shutting down'] });
    const loaded = await loadConfigFile(path);
    if (!loaded.ok) {
      const errors = loaded.diagnostics.map(formatDiagnostic);
      log.error({ config: path, errors }, 'reload rejected: the config is invalid; keeping the running config');
      return report(false, { errors });
    }
    if (sup.shuttingDown) return report(false, { errors: ['tsvisor is shutting down'] });
    const diff = diffPrograms(sup.config.programs, loaded.config.programs);
    sup.applyReload(loaded.config, diff);
    log.info(
      { config: path, added: diff.added, removed: diff.removed, changed: diff.changed },
      'reloaded configuration',
    );
    return report(true, diff);
  };
  return () => {
    const next = chain.then(reloadOnce, reloadOnce);
    chain = next.catch(() => undefined);
    return next;
  };
}

function report(ok: boolean, parts: Partial<ReloadReport>): ReloadReport {
  return {
    ok,
    added: parts.added ?? [],
    removed: parts.removed ?? [],
    changed: parts.changed ?? [],
    unchanged: parts.unchanged ?? [],
    errors: parts.errors ?? [],
  };
}
