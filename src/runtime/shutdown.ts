// The ordered shutdown as explicit stages (after s6-overlay's stage 3):
//   1. stop programs, dependents before their dependencies, each with its own
//      stop signal and grace period (independent ones in parallel);
//   2. TERM every leftover process (adopted orphans, double-forked daemons,
//      `docker exec` leftovers), wait, KILL;
//   3. flush output, then report the exit cause.
// One global deadline (shutdown.timeout) bounds it all, so Docker's 10 s
// budget never has to SIGKILL tsvisor itself.

import { transitiveDependents } from '../core/dependency-graph.js';
import type { ExitCause } from '../core/exit-code.js';
import type { Supervisor } from './supervisor.js';
import { isFullyDown } from './supervisor.js';

const LEFTOVER_POLL_MS = 25;
/** After SIGKILL, how long to wait for the kernel to deliver the last exits. */
const KILL_SETTLE_MS = 1000;
/** Output of a program may still be in its pipe after it exited. */
const OUTPUT_FLUSH_MS = 1000;

export class Shutdown {
  private readonly forced = new Set<string>();
  private stage: 'programs' | 'leftovers' | 'done' = 'programs';
  private advancing = false;
  private killed = false;
  private dependents: Map<string, Set<string>> | undefined;
  private readonly deadline: NodeJS.Timeout;
  private readonly startedAt: number;

  constructor(
    private readonly sup: Supervisor,
    private readonly cause: ExitCause | null,
    private readonly onDone: (cause: ExitCause) => void,
  ) {
    this.startedAt = sup.ports.clock.now();
    const timeoutMs = sup.config.shutdown.timeoutMs;
    sup.ports.log.info({ timeout_ms: timeoutMs, cause: cause?.kind ?? 'requested' }, 'shutting down');
    this.deadline = setTimeout(() => this.onDeadline(), timeoutMs);
  }

  /** A program had to be SIGKILLed: the shutdown was not clean. */
  noteForced(name: string): void {
    this.forced.add(name);
  }

  /** Second SIGTERM/SIGINT: skip the grace periods. */
  escalate(): void {
    if (this.stage === 'done') return;
    this.sup.ports.log.warn({}, 'second shutdown request: killing everything now');
    this.killEverything();
  }

  /** Move as far as the process table allows; called after every batch of events. */
  advance(): void {
    if (this.advancing || this.stage !== 'programs') return;
    this.advancing = true;
    try {
      this.stopReady();
      if ([...this.sup.entries.values()].every((e) => isFullyDown(e.state))) {
        this.stage = 'leftovers';
        void this.drainLeftovers();
      }
    } finally {
      this.advancing = false;
    }
  }

  private stopReady(): void {
    const { entries } = this.sup;
    // The program set cannot change once shutdown began (reload is refused), so the graph is computed once.
    this.dependents ??= transitiveDependents(
      new Map([...entries].map(([n, e]) => [n, e.cfg.dependsOn.map((d) => d.name)])),
    );
    for (const e of entries.values()) {
      const status = e.state.status;
      if (status === 'stopping' || isFullyDown(e.state)) continue;
      // Nothing runs during backoff, so order does not matter: cancel the restart now.
      const dependentsDown = [...(this.dependents.get(e.cfg.name) ?? [])].every((name) => {
        const d = entries.get(name);
        return d === undefined || isFullyDown(d.state);
      });
      if (status === 'backoff' || dependentsDown || this.killed) {
        this.sup.dispatch(e.cfg.name, { type: 'stop', reason: 'shutdown' });
        if (this.killed) this.sup.dispatch(e.cfg.name, { type: 'kill-now' });
      }
    }
  }

  private onDeadline(): void {
    if (this.stage === 'done') return;
    const left = [...this.sup.entries.values()].filter((e) => !isFullyDown(e.state)).map((e) => e.cfg.name);
    this.sup.ports.log.error(
      { programs: left, timeout_ms: this.sup.config.shutdown.timeoutMs },
      left.length > 0 ? `shutdown timeout: killing ${left.join(', ')}` : 'shutdown timeout: killing leftover processes',
    );
    this.killEverything();
    // A process in uninterruptible sleep can outlive SIGKILL; PID 1 must still exit.
    setTimeout(() => {
      if (this.stage === 'done') return;
      this.sup.ports.log.error({}, 'processes survived SIGKILL; exiting anyway');
      this.finish();
    }, KILL_SETTLE_MS * 2).unref();
  }

  private killEverything(): void {
    this.killed = true;
    for (const e of this.sup.entries.values()) {
      if (isFullyDown(e.state)) continue;
      this.forced.add(e.cfg.name);
      if (e.state.status !== 'stopping') this.sup.dispatch(e.cfg.name, { type: 'stop', reason: 'shutdown' });
      this.sup.dispatch(e.cfg.name, { type: 'kill-now' });
    }
  }

  private async drainLeftovers(): Promise<void> {
    const { ports } = this.sup;
    if (ports.leftoverProcesses().length > 0 && !this.killed) {
      ports.log.info({ pids: ports.leftoverProcesses().slice(0, 20) }, 'sending SIGTERM to leftover processes');
      ports.signalLeftovers('SIGTERM');
      ports.signalLeftovers('SIGCONT');
      while (!this.killed && ports.leftoverProcesses().length > 0) await sleep(LEFTOVER_POLL_MS);
    }
    const stubborn = ports.leftoverProcesses();
    if (stubborn.length > 0) {
      ports.log.warn({ pids: stubborn.slice(0, 20), count: stubborn.length }, 'sending SIGKILL to leftover processes');
      ports.signalLeftovers('SIGKILL');
      const until = ports.clock.now() + KILL_SETTLE_MS;
      while (ports.leftoverProcesses().length > 0 && ports.clock.now() < until) await sleep(LEFTOVER_POLL_MS);
    }
    await this.flushOutput();
    this.finish();
  }

  private async flushOutput(): Promise<void> {
    const pending = [...this.sup.entries.values()].map((e) => e.outputDone).filter((p) => p !== null);
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending),
      new Promise((resolve) => {
        timer = setTimeout(resolve, OUTPUT_FLUSH_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private finish(): void {
    if (this.stage === 'done') return;
    this.stage = 'done';
    clearTimeout(this.deadline);
    const cause: ExitCause = this.cause ?? { kind: 'requested', forced: this.forced.size > 0 };
    this.sup.ports.log.info(
      {
        duration_ms: Math.round(this.sup.ports.clock.now() - this.startedAt),
        forced: [...this.forced],
        cause: cause.kind,
      },
      'shutdown complete',
    );
    this.onDone(cause);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
