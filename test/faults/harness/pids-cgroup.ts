// A throw-away pids cgroup (v2 or v1) that caps how many tasks a namespace may
// hold, so "fork until the limit" is bounded for the test and not the host.

import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A created cgroup; `wrap` moves PID 1 into it before it execs tsvisor. */
export interface PidsCgroup {
  readonly path: string;
  readonly max: number;
  wrap(argv: string[]): string[];
  /** Highest task count seen (pids.peak) when the kernel has it. */
  peak(): number | undefined;
  /** Times a fork was refused by this limit (pids.events "max"). */
  refusals(): number;
  remove(): void;
}

/** Creates a pids cgroup limited to `max` tasks, or null when none can be created here. */
export function createPidsCgroup(max: number): PidsCgroup | null {
  const parent = pidsHierarchy();
  if (parent === null) return null;
  const path = join(parent, `tsvisor-fault-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(path);
    writeFileSync(join(path, 'pids.max'), String(max));
  } catch {
    return null;
  }
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(join(path, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    path,
    max,
    // $$ is 1 inside the new pid namespace: the kernel reads the pid in the writer's namespace.
    wrap: (argv) => ['sh', '-c', `echo $$ > ${path}/cgroup.procs && exec "$@"`, 'sh', ...argv],
    peak: () => {
      const text = read('pids.peak');
      return text === undefined ? undefined : Number(text.trim());
    },
    refusals: () => Number(/max (\d+)/.exec(read('pids.events') ?? '')?.[1] ?? 0),
    remove: () => {
      // Empty only once every task of the namespace is gone; a few retries cover the kernel's teardown.
      for (let i = 0; i < 50; i++) {
        try {
          rmdirSync(path);
          return;
        } catch {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        }
      }
    },
  };
}

function pidsHierarchy(): string | null {
  const v2 = '/sys/fs/cgroup';
  try {
    if (readFileSync(join(v2, 'cgroup.subtree_control'), 'utf8').includes('pids')) return v2;
  } catch {
    // Not a v2 root with pids delegated.
  }
  const v1 = '/sys/fs/cgroup/pids';
  return existsSync(join(v1, 'cgroup.procs')) ? v1 : null;
}
