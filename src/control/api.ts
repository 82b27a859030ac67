// What the control socket can ask of a running supervisor. The runtime
// implements it; the socket server only translates requests to these calls,
// so the protocol can be tested against a fake and the runtime without a socket.

import type { HealthStatus, ProgramStatus } from '../core/program-state.js';

/** One row of `tsvisor ctl status --json`. Times are wall-clock ISO strings. */
export interface ProgramView {
  readonly name: string;
  readonly state: ProgramStatus;
  readonly pid: number | null;
  readonly restarts: number;
  readonly last_exit: {
    readonly code: number | null;
    readonly signal: string | null;
    readonly at: string;
    readonly requested: boolean;
  } | null;
  readonly started_at: string | null;
  readonly uptime_ms: number | null;
  readonly next_restart_at: string | null;
  readonly next_restart_in_ms: number | null;
  readonly health: HealthStatus;
  readonly held: boolean;
  readonly blocked: string | null;
  readonly type: 'longrun' | 'oneshot' | 'forking';
  readonly critical: boolean;
}

export interface LogLine {
  readonly program: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
  /** Wall-clock ISO time the line was read. */
  readonly time: string;
  /** Present (true) when the line was longer than logging.max_line_bytes and continues in the next entry. */
  readonly partial?: true;
}

export interface ReloadReport {
  readonly ok: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly unchanged: readonly string[];
  /** `FILE:LINE:COL: path: message` lines when the new config is invalid (nothing was changed). */
  readonly errors: readonly string[];
}

/** Thrown (or rejected) with a message meant for the operator, e.g. unknown program. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly code: 'unknown-program' | 'bad-signal' | 'bad-request' | 'timeout' | 'unreachable' | 'shutting-down',
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export interface ControlApi {
  status(names: readonly string[]): ProgramView[];
  /** Resolves when every named program has been spawned (or failed to). `all` expands to every program. */
  start(names: readonly string[]): Promise<ProgramView[]>;
  /** Resolves when every named program is down; honours stop signal and grace period; holds against restart policies. */
  stop(names: readonly string[]): Promise<ProgramView[]>;
  restart(names: readonly string[]): Promise<ProgramView[]>;
  signal(signal: string, names: readonly string[]): ProgramView[];
  /** The last `lines` lines of the ring buffer; `follow` calls onLine for each new line until the returned function is called. */
  logs(name: string, lines: number): LogLine[];
  followLogs(name: string, onLine: (line: LogLine) => void): () => void;
  reload(): Promise<ReloadReport>;
  /** Starts the ordered shutdown; resolves once it has begun. */
  shutdown(): Promise<void>;
  /**
   * Resolves when the program reaches the condition; rejects with ControlError('timeout') after timeoutMs, or
   * 'unreachable' as soon as it cannot happen without an operator (no healthcheck, ended for good, blocked).
   */
  wait(name: string, condition: 'running' | 'healthy', timeoutMs: number): Promise<ProgramView>;
}
