// The process table at run time: one entry per program, a FIFO event queue
// that feeds the pure reducer (core/transition.ts) one event at a time, and
// the execution of the effects it returns. Everything that happens — a signal,
// an exit, a timer, a control request — becomes an event here, so no two
// reducer calls ever interleave.

import type { Config, ProgramConfig } from '../config/types.js';
import { gate } from '../core/dependency-gate.js';
import { type ExitCause, exitCodeFor } from '../core/exit-code.js';
import {
  initialProgramState,
  type ProgramEffect,
  type ProgramEvent,
  type ProgramState,
  type TimerName,
} from '../core/program-state.js';
import { isFailure } from '../core/restart-policy.js';
import { isDown, transition } from '../core/transition.js';
import type { ChildHandle } from '../os/spawn-types.js';
import { HealthRunner } from './health-runner.js';
import type { Ports } from './ports.js';
import { Shutdown } from './shutdown.js';

/** One row of the process table plus what the runtime keeps beside it. */
export interface Entry {
  cfg: ProgramConfig;
  state: ProgramState;
  readonly timers: Map<TimerName, NodeJS.Timeout>;
  child: ChildHandle | null;
  /** Waiting for its dependencies before its boot start. */
  bootPending: boolean;
  /** Its notify socket is being opened; it starts once that is done. */
  opening: boolean;
  health: HealthRunner | null;
  notify: { path: string; close(): void } | null;
  unwatch: (() => void) | null;
  /** Reload: replace the config once the program is down (changed) or drop it (removed). */
  afterDown: { kind: 'replace'; cfg: ProgramConfig } | { kind: 'remove' } | null;
  outputDone: Promise<void> | null;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class Supervisor {
  readonly entries = new Map<string, Entry>();
  private readonly queue: Array<{ name: string; event: ProgramEvent }> = [];
  private draining = false;
  private waiters: Waiter[] = [];
  private firstFailure: { code: number | null; signal: string | null } | null = null;
  private shutdown: Shutdown | null = null;
  private resolveExit!: (code: number) => void;
  /** Resolves with tsvisor's exit code once the shutdown is complete. */
  readonly exited: Promise<number> = new Promise((resolve) => {
    this.resolveExit = resolve;
  });

  constructor(
    public config: Config,
    readonly ports: Ports,
    held: ReadonlySet<string>,
  ) {
    for (const cfg of config.programs) this.entries.set(cfg.name, newEntry(cfg, held.has(cfg.name)));
    ports.output.setPrograms(config.programs.map((p) => p.name));
  }

  /** Open notify sockets, then start every autostart program as its dependencies allow. */
  async boot(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.openNotify(e)));
    for (const e of this.entries.values()) e.bootPending = e.cfg.autostart && !e.state.held;
    this.settle();
  }

  get shuttingDown(): boolean {
    return this.shutdown !== null;
  }

  /** Queue an event for a program and process the queue unless already doing so. */
  dispatch(name: string, event: ProgramEvent): void {
    this.queue.push({ name, event });
    if (this.draining) return;
    this.draining = true;
    try {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        this.apply(item.name, item.event);
      }
    } finally {
      this.draining = false;
    }
    this.settle();
  }

  private apply(name: string, event: ProgramEvent): void {
    const e = this.entries.get(name);
    if (!e) return;
    const before = e.state;
    const r = transition(before, event, e.cfg, this.ports.clock.now());
    e.state = r.state;
    for (const effect of r.effects) this.execute(e, effect);
    if (before.status !== e.state.status || before.generation !== e.state.generation) this.onStatusChange(e, before);
  }

  private execute(e: Entry, effect: ProgramEffect): void {
    switch (effect.type) {
      case 'spawn':
        this.spawn(e, effect.generation);
        return;
      case 'adopt-pidfile':
        this.adopt(e, effect.generation);
        return;
      case 'signal':
        this.signalProgram(e, effect.signal);
        return;
      case 'set-timer': {
        this.clearTimer(e, effect.timer);
        const event: ProgramEvent =
          effect.timer === 'restart'
            ? { type: 'restart-due', generation: effect.generation }
            : { type: 'kill-due', generation: effect.generation };
        e.timers.set(
          effect.timer,
          setTimeout(() => {
            e.timers.delete(effect.timer);
            this.dispatch(e.cfg.name, event);
          }, effect.delayMs),
        );
        return;
      }
      case 'cancel-timer':
        this.clearTimer(e, effect.timer);
        return;
      case 'log':
        this.ports.log[effect.level](effect.fields, effect.msg);
        return;
      default: {
        const unreachable: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private spawn(e: Entry, generation: number): void {
    const { cfg } = e;
    const raw = cfg.output.mode === 'raw';
    const env: Record<string, string> = { ...stringEnv(process.env), ...cfg.environment };
    if (e.notify) env.NOTIFY_SOCKET = e.notify.path;
    const child = this.ports.spawn({
      argv: cfg.command,
      env,
      cwd: cfg.workingDir,
      user: cfg.user,
      stdin: 'ignore',
      stdout: raw ? 'inherit' : 'pipe',
      stderr: raw ? 'inherit' : 'pipe',
      processGroup: 'new',
    });
    e.child = child;
    const { pid } = child;
    if (pid !== undefined) {
      this.dispatch(cfg.name, { type: 'spawned', generation, pid });
      if (!raw) e.outputDone = this.ports.output.attach(cfg.name, cfg.output, child);
    }
    void child.done.then((outcome) => {
      if (e.child === child) e.child = null;
      if (outcome.kind === 'failed') {
        this.dispatch(cfg.name, {
          type: 'spawn-failed',
          generation,
          code: outcome.failure.code,
          message: outcome.failure.message,
        });
      } else if (cfg.type !== 'forking' || e.state.status === 'starting') {
        // An adopted daemon's exit is reported by watchPid, not by its launcher.
        this.dispatch(cfg.name, { type: 'exited', generation, ...outcome.exit });
      }
    });
  }

  private adopt(e: Entry, generation: number): void {
    const path = e.cfg.pidfile ?? '';
    void this.ports.readPidfile(path, e.cfg.stopGracePeriodMs).then((r) => {
      if (e.state.generation !== generation) return;
      if (!r.ok) {
        this.dispatch(e.cfg.name, { type: 'spawn-failed', generation, code: 1, message: r.reason });
        return;
      }
      e.unwatch?.();
      e.unwatch = this.ports.watchPid(r.pid, (exit) => {
        e.unwatch = null;
        this.dispatch(e.cfg.name, { type: 'exited', generation, ...exit });
      });
      this.dispatch(e.cfg.name, { type: 'adopted', generation, pid: r.pid });
    });
  }

  /** Send a signal to a program's process group (or its adopted daemon). */
  signalProgram(e: Entry, signal: string): void {
    const pid = e.state.pid;
    if (pid === null) return;
    const adopted = e.cfg.type === 'forking' && e.state.status !== 'starting';
    const group = !adopted || this.ports.isGroupLeader(pid);
    this.ports.signal(pid, signal, group);
    if (signal === 'SIGKILL' && e.cfg.stopSignal !== 'SIGKILL') this.shutdown?.noteForced(e.cfg.name);
    // A stopped (SIGSTOP) program cannot act on its stop signal until continued.
    if (signal !== 'SIGKILL' && signal !== 'SIGCONT' && e.state.status === 'stopping') {
      this.ports.signal(pid, 'SIGCONT', group);
    }
  }

  private clearTimer(e: Entry, timer: TimerName): void {
    const t = e.timers.get(timer);
    if (t !== undefined) clearTimeout(t);
    e.timers.delete(timer);
  }

  private onStatusChange(e: Entry, before: ProgramState): void {
    const s = e.state;
    // Health checks run only while the program runs, one runner per spawn.
    if (s.status === 'running' && e.cfg.healthcheck && !this.shutdown) {
      if (e.health?.generation !== s.generation) {
        e.health?.stop();
        e.health = new HealthRunner(e.cfg, s.generation, this.ports, (status) =>
          this.dispatch(e.cfg.name, { type: 'health', generation: s.generation, status }),
        );
        e.health.start();
      }
    } else if (s.status !== 'running' && e.health) {
      e.health.stop();
      e.health = null;
    }
    if (s.status === 'exited' || s.status === 'fatal') this.onEnded(e, before);
  }

  private onEnded(e: Entry, before: ProgramState): void {
    const exit = e.state.lastExit;
    if (before.status === 'exited' || before.status === 'fatal' || exit === null) return;
    const failed = e.state.status === 'fatal' || isFailure(exit);
    if (failed && this.firstFailure === null) this.firstFailure = exit;
    if (!e.cfg.critical || this.shutdown) return;
    if (e.cfg.type === 'oneshot' && !failed) return;
    this.ports.log.error(
      { program: e.cfg.name, exit: exit.signal ?? exit.code },
      'critical program ended; shutting everything down',
    );
    this.beginShutdown({ kind: 'critical', exit });
  }

  /** After every batch of events: start what may start, finish reloads, advance a shutdown, resolve waiters. */
  private settle(): void {
    for (const e of [...this.entries.values()]) {
      if (e.afterDown && isFullyDown(e.state)) this.finishReload(e);
    }
    if (this.shutdown) {
      this.shutdown.advance();
    } else {
      this.startReady();
      this.checkAllEnded();
    }
    if (this.waiters.length > 0) {
      const pending = this.waiters;
      this.waiters = [];
      for (const w of pending) {
        if (w.check()) w.resolve();
        else this.waiters.push(w);
      }
    }
  }

  private startReady(): void {
    for (const e of this.entries.values()) {
      if (!e.bootPending || e.opening) continue;
      const decision = gate(e.cfg.dependsOn, (n) => this.entries.get(n)?.state);
      if (decision.kind === 'wait') continue;
      e.bootPending = false;
      if (decision.kind === 'go') this.dispatch(e.cfg.name, { type: 'start', by: 'boot' });
      else this.dispatch(e.cfg.name, { type: 'blocked', reason: decision.reason });
    }
  }

  /**
   * When nothing runs and nothing will restart, the container's work is over. A program an operator holds
   * down, or an `autostart: false` one that has not run yet, is waiting for `ctl start`: PID 1 stays for it.
   */
  private checkAllEnded(): void {
    for (const e of this.entries.values()) {
      const s = e.state;
      if (e.bootPending || e.opening || s.held) return;
      if (s.status === 'exited' || s.status === 'fatal') continue;
      const awaitsOperator = !e.cfg.autostart && s.lastExit === null && s.blockedReason === null;
      if (s.status === 'stopped' && e.afterDown === null && !awaitsOperator) continue;
      return;
    }
    this.ports.log.info({}, 'every program has ended and none will restart');
    this.beginShutdown({ kind: 'all-ended', firstFailure: this.firstFailure });
  }

  /** Start the ordered shutdown (idempotent); a second request skips to SIGKILL. */
  beginShutdown(cause: ExitCause | null): void {
    if (this.shutdown) {
      this.shutdown.escalate();
      return;
    }
    for (const e of this.entries.values()) {
      e.bootPending = false;
      e.health?.stop();
      e.health = null;
    }
    this.shutdown = new Shutdown(this, cause, (finalCause) => {
      for (const e of this.entries.values()) e.notify?.close();
      this.resolveExit(exitCodeFor(finalCause, (n) => this.ports.signalNumber(n)));
    });
    this.shutdown.advance();
  }

  /** Resolve when `check` holds after some event (or at once); reject after timeoutMs. */
  waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Reload: apply a diff computed by the caller. */
  applyReload(next: Config, diff: { added: string[]; removed: string[]; changed: string[] }): void {
    this.config = next;
    const byName = new Map(next.programs.map((p) => [p.name, p]));
    for (const name of diff.removed) {
      const e = this.entries.get(name);
      if (!e) continue;
      e.afterDown = { kind: 'remove' };
      e.bootPending = false;
      this.dispatch(name, { type: 'stop', reason: 'reload' });
    }
    for (const name of diff.changed) {
      const e = this.entries.get(name);
      const cfg = byName.get(name);
      if (!e || !cfg) continue;
      e.afterDown = { kind: 'replace', cfg };
      this.dispatch(name, { type: 'stop', reason: 'reload' });
    }
    for (const name of diff.added) {
      const cfg = byName.get(name);
      if (!cfg) continue;
      const e = newEntry(cfg, false);
      this.entries.set(name, e);
      e.bootPending = cfg.autostart;
      void this.openNotify(e).then(() => this.settle());
    }
    // Keep the table in file order so status lists read like the config.
    const ordered = [...this.entries.entries()].sort(
      ([a], [b]) => indexOr(next.programs, a) - indexOr(next.programs, b),
    );
    this.entries.clear();
    for (const [k, v] of ordered) this.entries.set(k, v);
    this.ports.output.setPrograms(next.programs.map((p) => p.name));
    this.settle();
  }

  private finishReload(e: Entry): void {
    const action = e.afterDown;
    e.afterDown = null;
    if (action === null) return;
    if (action.kind === 'remove') {
      e.notify?.close();
      this.entries.delete(e.cfg.name);
      return;
    }
    const wasRunning = !e.state.held && (e.state.status === 'stopped' || e.state.status === 'exited');
    e.notify?.close();
    e.notify = null;
    e.cfg = action.cfg;
    e.bootPending = wasRunning && e.cfg.autostart && !this.shutdown;
    void this.openNotify(e).then(() => this.settle());
  }

  private async openNotify(e: Entry): Promise<void> {
    if (!e.cfg.notify || !this.ports.openNotify || e.notify) return;
    e.opening = true;
    try {
      e.notify = await this.ports.openNotify(e.cfg, (fields) => {
        if (fields.get('READY') === '1') {
          this.dispatch(e.cfg.name, { type: 'health', generation: e.state.generation, status: 'healthy' });
        }
        const status = fields.get('STATUS');
        if (status !== undefined) this.ports.log.info({ program: e.cfg.name, status }, 'notify status');
      });
    } catch (error) {
      this.ports.log.error({ program: e.cfg.name, err: String(error) }, 'cannot open the notify socket');
    } finally {
      e.opening = false;
    }
  }

  /** Tell the shutdown the whole table; it lives in its own module for size. */
  get firstFailureExit(): { code: number | null; signal: string | null } | null {
    return this.firstFailure;
  }
}

function newEntry(cfg: ProgramConfig, held: boolean): Entry {
  return {
    cfg,
    state: { ...initialProgramState(cfg.name), held },
    timers: new Map(),
    child: null,
    bootPending: false,
    opening: false,
    health: null,
    notify: null,
    unwatch: null,
    afterDown: null,
    outputDone: null,
  };
}

/** Down and not waiting for a restart timer. */
export function isFullyDown(s: ProgramState): boolean {
  return isDown(s) && s.status !== 'backoff';
}

function indexOr(programs: readonly ProgramConfig[], name: string): number {
  const i = programs.findIndex((p) => p.name === name);
  return i === -1 ? Number.MAX_SAFE_INTEGER : i;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
