// Implements the control API on top of the supervisor: every request becomes
// events on the same queue as signals and exits, then waits for the process
// table to reach the state the operator asked for.

import { canonicalSignal } from '../config/signal-names.js';
import { type ControlApi, ControlError, type LogLine, type ProgramView, type ReloadReport } from '../control/api.js';
import { notStartedReason } from '../control/program-ok.js';
import { programView } from './program-view.js';
import { type Entry, isFullyDown, type Supervisor } from './supervisor.js';

/** Extra time beyond a program's grace period that a stop request waits. */
const STOP_MARGIN_MS = 5000;
const START_WAIT_MS = 30_000;

export class ControlBridge implements ControlApi {
  constructor(
    private readonly sup: Supervisor,
    private readonly reloadConfig: () => Promise<ReloadReport>,
    private readonly persistHeld: () => Promise<void>,
  ) {}

  status(names: readonly string[]): ProgramView[] {
    return this.resolve(names).map((e) => this.view(e));
  }

  async start(names: readonly string[]): Promise<ProgramView[]> {
    const entries = this.resolve(names);
    this.refuseDuringShutdown();
    for (const e of entries) {
      e.bootPending = false;
      this.sup.dispatch(e.cfg.name, { type: 'start', by: 'operator' });
    }
    await this.sup.waitFor(() => entries.every((e) => e.state.status !== 'starting'), START_WAIT_MS);
    await this.persistHeld();
    return entries.map((e) => this.view(e));
  }

  async stop(names: readonly string[]): Promise<ProgramView[]> {
    const entries = this.resolve(names);
    for (const e of entries) {
      e.bootPending = false;
      this.sup.dispatch(e.cfg.name, { type: 'stop', reason: 'operator' });
    }
    // Persist before waiting: a crash of tsvisor mid-stop must not forget the operator's intent.
    await this.persistHeld();
    const longest = Math.max(0, ...entries.map((e) => e.cfg.stopGracePeriodMs));
    await this.sup.waitFor(() => entries.every((e) => isFullyDown(e.state)), longest + STOP_MARGIN_MS);
    return entries.map((e) => this.view(e));
  }

  async restart(names: readonly string[]): Promise<ProgramView[]> {
    const entries = this.resolve(names);
    this.refuseDuringShutdown();
    const generations = new Map(entries.map((e) => [e, e.state.generation]));
    for (const e of entries) {
      const running = e.state.status === 'running' || e.state.status === 'starting';
      this.sup.dispatch(e.cfg.name, running ? { type: 'stop', reason: 'restart' } : { type: 'start', by: 'operator' });
    }
    const longest = Math.max(0, ...entries.map((e) => e.cfg.stopGracePeriodMs));
    await this.sup.waitFor(
      () => entries.every((e) => e.state.generation !== generations.get(e) && e.state.status !== 'starting'),
      longest + START_WAIT_MS,
    );
    await this.persistHeld();
    return entries.map((e) => this.view(e));
  }

  signal(signal: string, names: readonly string[]): ProgramView[] {
    const canonical = canonicalSignal(signal);
    if (canonical === undefined) throw new ControlError(`unknown signal "${signal}"`, 'bad-signal');
    const entries = this.resolve(names);
    for (const e of entries) this.sup.signalProgram(e, canonical);
    return entries.map((e) => this.view(e));
  }

  logs(name: string, lines: number): LogLine[] {
    const [e] = this.resolve([name]);
    return e ? this.sup.ports.output.last(e.cfg.name, lines) : [];
  }

  followLogs(name: string, onLine: (line: LogLine) => void): () => void {
    const [e] = this.resolve([name]);
    return e ? this.sup.ports.output.follow(e.cfg.name, onLine) : () => {};
  }

  reload(): Promise<ReloadReport> {
    this.refuseDuringShutdown();
    return this.reloadConfig();
  }

  async shutdown(): Promise<void> {
    this.sup.beginShutdown(null);
  }

  async wait(name: string, condition: 'running' | 'healthy', timeoutMs: number): Promise<ProgramView> {
    const [e] = this.resolve([name]);
    if (!e) throw new ControlError(`unknown program "${name}"`, 'unknown-program');
    if (condition === 'healthy' && e.cfg.healthcheck === undefined && !e.cfg.notify) {
      throw new ControlError(`${name} has no healthcheck and no notify: it can never be healthy`, 'unreachable');
    }
    const reached = () => e.state.status === 'running' && (condition === 'running' || e.state.health === 'healthy');
    // Ended for good or blocked by a failed dependency: only an operator's start can change that, so say so now
    // instead of letting a script sit out its whole timeout.
    const hopeless = () =>
      e.state.status === 'exited' ||
      e.state.status === 'fatal' ||
      (e.state.status === 'stopped' && e.state.blockedReason !== null);
    await this.sup.waitFor(() => reached() || hopeless(), timeoutMs);
    if (reached()) return this.view(e);
    if (hopeless()) {
      const why = notStartedReason(this.view(e)) ?? e.state.status;
      throw new ControlError(`${name} ${why}: it will not become ${condition} without \`ctl start\``, 'unreachable');
    }
    throw new ControlError(`${name} is not ${condition} after ${timeoutMs} ms (state ${e.state.status})`, 'timeout');
  }

  private resolve(names: readonly string[]): Entry[] {
    if (names.length === 0 || names.includes('all')) return [...this.sup.entries.values()];
    const unknown = names.filter((n) => !this.sup.entries.has(n));
    if (unknown.length > 0) {
      const plural = unknown.length > 1 ? 's' : '';
      throw new ControlError(`unknown program${plural}: ${unknown.join(', ')}`, 'unknown-program');
    }
    return names.map((n) => this.sup.entries.get(n)).filter((e): e is Entry => e !== undefined);
  }

  private refuseDuringShutdown(): void {
    if (this.sup.shuttingDown) throw new ControlError('tsvisor is shutting down', 'shutting-down');
  }

  private view(e: Entry): ProgramView {
    return programView(e, this.sup.ports.clock);
  }
}
