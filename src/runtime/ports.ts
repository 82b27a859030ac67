// Everything the runtime needs from the outside world, as one injectable
// object. app/ builds the real one; integration tests run the real one as
// PID 1, so nothing here is ever mocked in place of the kernel.

import type { Readable } from 'node:stream';
import type { HealthTest, OutputConfig, ProgramConfig, UserSpec } from '../config/types.js';
import type { LogLine } from '../control/api.js';
import type { Clock } from '../os/clock.js';
import type { ChildHandle, SpawnOptions } from '../os/spawn-types.js';

/** The subset of pino's API the runtime uses. */
export interface RuntimeLog {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
  error(fields: object, msg: string): void;
  fatal(fields: object, msg: string): void;
}

/** Program output plumbing (src/log). */
export interface OutputPort {
  attach(
    program: string,
    output: OutputConfig,
    streams: { stdout: Readable | null; stderr: Readable | null },
  ): Promise<void>;
  last(program: string, lines: number): LogLine[];
  follow(program: string, onLine: (line: LogLine) => void): () => void;
  setPrograms(names: readonly string[]): void;
}

export interface ProbeDeps {
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string | undefined;
  readonly user?: UserSpec | undefined;
}

export interface Ports {
  readonly clock: Clock;
  readonly log: RuntimeLog;
  readonly output: OutputPort;
  spawn(opts: SpawnOptions): ChildHandle;
  /** Signal a program: its process group when `group`, else the pid alone. Never throws for a gone process. */
  signal(pid: number, signal: string, group: boolean): void;
  /** True when `pid` leads its own process group (spawned programs do; adopted daemons usually do). */
  isGroupLeader(pid: number): boolean;
  signalNumber(name: string): number;
  runProbe(test: HealthTest, timeoutMs: number, deps: ProbeDeps): Promise<{ ok: boolean; output: string }>;
  /** Read a forking program's pidfile, waiting up to timeoutMs for it to appear. */
  readPidfile(path: string, timeoutMs: number): Promise<{ ok: true; pid: number } | { ok: false; reason: string }>;
  /** Report the exit of a pid tsvisor did not spawn (an adopted daemon). Returns a cancel function. */
  watchPid(pid: number, onExit: (exit: { code: number | null; signal: string | null }) => void): () => void;
  /** sd_notify socket for one program; undefined when unavailable on this platform. */
  openNotify?(
    program: ProgramConfig,
    onMessage: (fields: ReadonlyMap<string, string>) => void,
  ): Promise<{ path: string; close(): void }>;
  /** Processes left after every program stopped (adopted orphans, docker exec leftovers); ours only when not PID 1. */
  leftoverProcesses(): number[];
  /** Signal every leftover process: kill(-1) as PID 1 of the namespace, only our descendants otherwise. */
  signalLeftovers(signal: 'SIGTERM' | 'SIGKILL' | 'SIGCONT'): void;
  /** Remember operator stops of unless-stopped programs across restarts of tsvisor. */
  saveHeld(names: ReadonlySet<string>): Promise<void>;
}
