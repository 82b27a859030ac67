// An in-memory ControlApi with observable calls, standing in for the runtime
// so the protocol, server and ctl can be tested over a real socket.
import {
  type ControlApi,
  ControlError,
  type LogLine,
  type ProgramView,
  type ReloadReport,
} from '../../../src/control/api.js';
import { programView } from './program-view.js';

export class FakeApi implements ControlApi {
  readonly programs = new Map<string, ProgramView>();
  readonly calls: string[] = [];
  readonly lines: LogLine[] = [];
  readonly followers = new Set<(line: LogLine) => void>();
  reloadReport: ReloadReport = { ok: true, added: [], removed: [], changed: [], unchanged: [], errors: [] };
  /** When set, status() throws it (to exercise unexpected runtime failures). */
  statusFailure: Error | undefined;
  private nextPid = 1000;
  private readonly waiters = new Set<() => void>();

  constructor(views: ProgramView[]) {
    for (const view of views) this.programs.set(view.name, view);
  }

  set(name: string, changes: Partial<ProgramView>): void {
    this.programs.set(name, { ...this.get(name), ...changes });
    for (const wake of [...this.waiters]) wake();
  }

  emitLine(program: string, line: string, stream: 'stdout' | 'stderr' = 'stdout', partial = false): void {
    const base: LogLine = { program, stream, line, time: new Date().toISOString() };
    const entry: LogLine = partial ? { ...base, partial: true } : base;
    this.lines.push(entry);
    for (const follower of this.followers) follower(entry);
  }

  status(names: readonly string[]): ProgramView[] {
    this.calls.push(`status ${names.join(' ')}`.trim());
    if (this.statusFailure) throw this.statusFailure;
    return this.expand(names.length === 0 ? ['all'] : names).map((n) => this.get(n));
  }

  /** What start() leaves a program in, instead of running (a program that fails to start). */
  readonly startOutcome = new Map<string, Partial<ProgramView>>();

  async start(names: readonly string[]): Promise<ProgramView[]> {
    this.calls.push(`start ${names.join(' ')}`);
    return this.expand(names).map((n) => {
      this.set(n, this.startOutcome.get(n) ?? { state: 'running', pid: this.nextPid++, held: false });
      return this.get(n);
    });
  }

  async stop(names: readonly string[]): Promise<ProgramView[]> {
    this.calls.push(`stop ${names.join(' ')}`);
    return this.expand(names).map((n) => {
      this.set(n, { state: 'stopped', pid: null, held: true });
      return this.get(n);
    });
  }

  async restart(names: readonly string[]): Promise<ProgramView[]> {
    this.calls.push(`restart ${names.join(' ')}`);
    return this.expand(names).map((n) => {
      this.set(n, { state: 'running', pid: this.nextPid++ });
      return this.get(n);
    });
  }

  signal(signal: string, names: readonly string[]): ProgramView[] {
    this.calls.push(`signal ${signal} ${names.join(' ')}`);
    return this.expand(names).map((n) => this.get(n));
  }

  logs(name: string, lines: number): LogLine[] {
    this.get(name);
    const mine = this.lines.filter((l) => l.program === name);
    return lines === 0 ? [] : mine.slice(-lines);
  }

  followLogs(name: string, onLine: (line: LogLine) => void): () => void {
    this.get(name);
    const follower = (line: LogLine) => line.program === name && onLine(line);
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  async reload(): Promise<ReloadReport> {
    this.calls.push('reload');
    return this.reloadReport;
  }

  async shutdown(): Promise<void> {
    this.calls.push('shutdown');
  }

  wait(name: string, condition: 'running' | 'healthy', timeoutMs: number): Promise<ProgramView> {
    this.get(name);
    return new Promise((resolve, reject) => {
      const check = () => {
        const view = this.get(name);
        const reached = condition === 'running' ? view.state === 'running' : view.health === 'healthy';
        if (!reached) return;
        done();
        resolve(view);
      };
      const timer = setTimeout(() => {
        done();
        reject(new ControlError(`${name} did not become ${condition} within ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private get(name: string): ProgramView {
    const view = this.programs.get(name);
    if (!view) throw new ControlError(`unknown program "${name}"`, 'unknown-program');
    return view;
  }

  private expand(names: readonly string[]): string[] {
    if (names.includes('all')) return [...this.programs.keys()];
    for (const n of names) this.get(n);
    return [...names];
  }
}

export { programView };
