// The contract of the one spawner module (spawner.ts). Everything tsvisor
// starts — programs, health-check commands, the drop-in child — goes through it
// so that every pid libuv owns is registered before any await, and the reaper
// never steals libuv's waitpid.

import type { Readable } from 'node:stream';
import type { UserSpec } from '../config/types.js';

export interface ChildExit {
  readonly code: number | null;
  /** Canonical name, e.g. 'SIGTERM'. */
  readonly signal: string | null;
}

/** A spawn that never produced a running program; codes follow the shell: 127 not found, 126 cannot run. */
export interface SpawnFailure {
  readonly code: 126 | 127;
  readonly message: string;
}

export type ChildOutcome =
  | { readonly kind: 'exited'; readonly exit: ChildExit }
  | { readonly kind: 'failed'; readonly failure: SpawnFailure };

export interface ChildHandle {
  /** undefined when the spawn failed before a process existed. */
  readonly pid: number | undefined;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Settles exactly once; never rejects. */
  readonly done: Promise<ChildOutcome>;
}

export interface SpawnOptions {
  readonly argv: readonly string[];
  /** The complete environment of the child. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string | undefined;
  readonly user?: UserSpec | undefined;
  readonly stdin: 'ignore' | 'inherit';
  readonly stdout: 'pipe' | 'inherit' | 'ignore';
  readonly stderr: 'pipe' | 'inherit' | 'ignore';
  /**
   * 'new': own session and process group (programs, so stop/forward can target the group); 'same': stay in ours;
   * 'foreground': own process group in OUR session, made the terminal's foreground group when ours was (drop-in
   * mode on a TTY, so the program gets job control); pid, pgid and exit are still the program's.
   */
  readonly processGroup: 'new' | 'same' | 'foreground';
}
