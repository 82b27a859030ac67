// Composition root of config mode: load the config, build the real ports,
// install the one set of signal listeners, run the supervisor until its
// shutdown completes, and return the container's exit code.

import { dirname, join } from 'node:path';
import { formatDiagnostic } from '../config/format-diagnostic.js';
import { loadConfigFile } from '../config/load.js';
import type { Config } from '../config/types.js';
import { type ControlServer, startControlServer } from '../control/server.js';
import { resolveSocketPath } from '../control/socket-path.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createOutputHub } from '../log/output-hub.js';
import { createStdioWriter, type StdioWriter } from '../log/stdio-writer.js';
import { systemClock } from '../os/clock.js';
import type { EarlySignals } from '../os/early-signals.js';
import { createReaper } from '../os/reaper.js';
import { onChildSignal } from '../os/signals.js';
import { claimStraySpawnError, onSpawnWarning, ownsPid } from '../os/spawner.js';
import { becomeSubreaperIfNeeded } from '../os/subreaper.js';
import { ControlBridge } from '../runtime/control-bridge.js';
import { createHeldStore } from '../runtime/held-store.js';
import { Supervisor } from '../runtime/supervisor.js';
import { compactHeapAfterStartup } from '../runtime/young-generation.js';
import { realPorts } from './real-ports.js';
import { createReloader } from './reload.js';
import { handleSignal } from './signal-actions.js';
import { VERSION } from './version.js';

/** Boot → one GC that shrinks V8's new space back (idle RSS, issue 4); past V8's 5 s allocation-rate window. */
const COMPACT_AFTER_BOOT_MS = 6000;

/** How long PID 1 waits for its log lines to reach a slow stdout/stderr before exiting anyway. */
const FINAL_FLUSH_MS = 2000;

export interface RunOptions {
  readonly configPath: string;
  /** --log-level overrides the config. */
  readonly logLevel?: Config['logging']['level'] | undefined;
  /** Listening since start-up; signals queued before the supervisor existed are replayed. */
  readonly signals: EarlySignals;
}

/** Runs tsvisor in config mode; resolves with the exit code. */
export async function runConfigMode(opts: RunOptions): Promise<number> {
  const loaded = await loadConfigFile(opts.configPath);
  if (!loaded.ok) {
    opts.signals.remove();
    for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    return 2;
  }
  return runSupervisor(loaded.config, opts);
}

/** Runs the supervisor on an already validated config (config mode, or drop-in mode with --restart). */
export async function runSupervisor(config: Config, opts: RunOptions): Promise<number> {
  const stdout = createStdioWriter({
    fd: 1,
    onClosed: (err) => process.stderr.write(`tsvisor: stdout is closed (${err.code}); program output is discarded\n`),
  });
  const stderr = createStdioWriter({ fd: 2 });
  const log = createLogger({
    level: opts.logLevel ?? config.logging.level,
    format: config.logging.format,
    out: stderr,
    isTTY: process.stderr.isTTY === true,
  });
  const clock = systemClock();

  const reaper = createReaper({
    isOwned: ownsPid,
    onReap: (pid, exit) => log.debug({ pid, exit }, 'reaped adopted orphan'),
    log,
  });
  const mode = becomeSubreaperIfNeeded(log);
  const stopReaping = onChildSignal(() => reaper.reapNow());
  reaper.reapNow();
  onSpawnWarning((message) => log.warn({}, message));

  const hub = createOutputHub({
    logging: config.logging,
    stdout,
    stderr,
    isTTY: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
    clock,
    onProblem: (message, err) => log.error({ err: String(err) }, message),
  });
  const socketPath = resolveSocketPath(process.env, config.control.socket);
  const held = createHeldStore(config.control.stateDir, log);
  const heldNames = await held.load();
  const ports = realPorts({
    clock,
    log,
    hub,
    reaper,
    held,
    notifyDir: join(dirname(socketPath), 'tsvisor-notify'),
  });
  const sup = new Supervisor(config, ports, heldNames);
  const reload = createReloader(opts.configPath, sup, log);
  const persistHeld = () => held.save(heldUnlessStopped(sup));
  const bridge = new ControlBridge(sup, reload, persistHeld);

  opts.signals.attach((name) => handleSignal(name, sup, reload, log));
  installCrashGuards(sup, log);
  log.info(
    { version: VERSION, pid: process.pid, mode, programs: config.programs.length, config: opts.configPath },
    'tsvisor starting',
  );

  const control = await startControl(socketPath, config, bridge, log);
  await sup.boot();
  const cancelCompaction = compactHeapAfterStartup(COMPACT_AFTER_BOOT_MS);
  injectTestCrash(process.env.TSVISOR_TEST_CRASH);
  const code = await sup.exited;

  cancelCompaction();
  opts.signals.remove();
  stopReaping();
  await control?.close();
  await hub.close();
  reaper.reapNow();
  log.info({ exit_code: code, reaped_orphans: reaper.reaped() }, 'tsvisor exiting');
  await flushAll([stdout, stderr]);
  return code;
}

/** The unless-stopped programs an operator holds stopped: what survives a restart of tsvisor. */
function heldUnlessStopped(sup: Supervisor): Set<string> {
  const names = new Set<string>();
  for (const e of sup.entries.values()) {
    if (e.state.held && e.cfg.restart.kind === 'unless-stopped') names.add(e.cfg.name);
  }
  return names;
}

async function startControl(
  socketPath: string,
  config: Config,
  api: ControlBridge,
  log: Logger,
): Promise<ControlServer | null> {
  try {
    const server = await startControlServer({ socketPath, group: config.control.group, api, log });
    log.debug({ socket: server.path }, 'control socket listening');
    return server;
  } catch (error) {
    // Supervision matters more than control: PID 1 keeps running without a socket.
    log.error({ socket: socketPath, err: String(error) }, 'control socket unavailable; tsvisor ctl will not work');
    return null;
  }
}

/** PID 1 must not die by accident: an internal error runs the ordered shutdown instead. */
function installCrashGuards(sup: Supervisor, log: Logger): void {
  const onCrash = (kind: string) => (error: unknown) => {
    // Not a crash: a spawn that failed on EMFILE/ENFILE, already reported as that program's spawn failure.
    if (claimStraySpawnError(error)) return;
    log.fatal({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, kind);
    sup.beginShutdown({ kind: 'internal-error' });
  };
  process.on('uncaughtException', onCrash('uncaught exception'));
  process.on('unhandledRejection', onCrash('unhandled promise rejection'));
}

/**
 * Test hook (test/faults/crash-guard.test.ts): TSVISOR_TEST_CRASH=uncaught|rejection throws from a timer
 * after start-up, because no real input can make tsvisor throw on purpose — and the crash guards must be
 * proven to run the ordered shutdown. Unset in production: nothing happens.
 */
function injectTestCrash(kind: string | undefined): void {
  if (kind === 'uncaught') {
    setTimeout(() => {
      throw new Error('TSVISOR_TEST_CRASH: injected uncaught exception');
    }, 300);
  } else if (kind === 'rejection') {
    setTimeout(() => void Promise.reject(new Error('TSVISOR_TEST_CRASH: injected unhandled rejection')), 300);
  }
}

async function flushAll(writers: readonly StdioWriter[]): Promise<void> {
  await Promise.all(writers.map((w) => w.flush(FINAL_FLUSH_MS)));
}
