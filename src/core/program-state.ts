// The process-table entry of one program and the events/effects of its
// lifecycle reducer (transition.ts). Pure data: times are monotonic ms
// supplied by the caller, never read from a clock here.

/** supervisord's vocabulary, which operators already know. */
export type ProgramStatus = 'stopped' | 'starting' | 'running' | 'backoff' | 'stopping' | 'exited' | 'fatal';

/** How a run ended. `signal` is a canonical name ('SIGKILL') when the process was killed by a signal. */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** Monotonic ms. */
  readonly at: number;
  /** True when the exit followed a signal tsvisor itself sent (stop, shutdown, restart). */
  readonly requested: boolean;
}

export type HealthStatus = 'none' | 'starting' | 'healthy' | 'unhealthy';

/** Why tsvisor is stopping a program; decides what happens when it has exited. */
export type StopReason = 'operator' | 'shutdown' | 'reload' | 'restart' | 'unhealthy';

export interface ProgramState {
  readonly name: string;
  readonly status: ProgramStatus;
  readonly pid: number | null;
  /** Monotonic ms of the current/last spawn. */
  readonly startedAt: number | null;
  /** Automatic restarts since the last operator start (Docker's RestartCount). */
  readonly restarts: number;
  readonly lastExit: ExitInfo | null;
  /** Monotonic ms of the pending restart while in backoff. */
  readonly nextRestartAt: number | null;
  /** Delay used for the previous restart; 0 before the first one or after a reset (Docker's `timeout`). */
  readonly lastDelayMs: number;
  /** Set while stopping, cleared when the program is down. */
  readonly stopReason: StopReason | null;
  /** An operator stop holds against every restart policy until an operator start. */
  readonly held: boolean;
  /** Bumped at every spawn: events and timers carry it so stale ones are ignored. */
  readonly generation: number;
  readonly health: HealthStatus;
  /** Exited successfully and will not restart (compose's completed_successfully). */
  readonly completed: boolean;
  /** Why the program has not been started, e.g. "blocked: migrate failed with 1". */
  readonly blockedReason: string | null;
}

/** Things that happen to a program. `generation` ties process events and timers to one spawn. */
export type ProgramEvent =
  | { readonly type: 'start'; readonly by: 'boot' | 'operator' }
  | { readonly type: 'spawned'; readonly generation: number; readonly pid: number }
  | { readonly type: 'spawn-failed'; readonly generation: number; readonly code: number; readonly message: string }
  | {
      readonly type: 'exited';
      readonly generation: number;
      readonly code: number | null;
      readonly signal: string | null;
    }
  | { readonly type: 'restart-due'; readonly generation: number }
  | { readonly type: 'kill-due'; readonly generation: number }
  | { readonly type: 'stop'; readonly reason: StopReason }
  /** Skip the rest of the grace period and SIGKILL now (second SIGTERM, shutdown deadline). */
  | { readonly type: 'kill-now' }
  | { readonly type: 'health'; readonly generation: number; readonly status: 'healthy' | 'unhealthy' }
  | { readonly type: 'blocked'; readonly reason: string }
  /** A forking program's daemon, read from its pidfile after the start command exited 0. */
  | { readonly type: 'adopted'; readonly generation: number; readonly pid: number };

export type TimerName = 'restart' | 'kill';

/** What the runtime must do; plain data so the reducer stays testable. */
export type ProgramEffect =
  | { readonly type: 'spawn'; readonly generation: number }
  /** Forking programs: the start command exited 0; read the pidfile and report `adopted` or `spawn-failed`. */
  | { readonly type: 'adopt-pidfile'; readonly generation: number }
  /** Send to the program's process group (the pid for adopted forking daemons). */
  | { readonly type: 'signal'; readonly signal: string }
  | { readonly type: 'set-timer'; readonly timer: TimerName; readonly delayMs: number; readonly generation: number }
  | { readonly type: 'cancel-timer'; readonly timer: TimerName }
  | {
      readonly type: 'log';
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly msg: string;
      readonly fields: Readonly<Record<string, unknown>>;
    };

export interface Transition {
  readonly state: ProgramState;
  readonly effects: readonly ProgramEffect[];
}

/** A fresh, never-started entry. */
export function initialProgramState(name: string): ProgramState {
  return {
    name,
    status: 'stopped',
    pid: null,
    startedAt: null,
    restarts: 0,
    lastExit: null,
    nextRestartAt: null,
    lastDelayMs: 0,
    stopReason: null,
    held: false,
    generation: 0,
    health: 'none',
    completed: false,
    blockedReason: null,
  };
}
