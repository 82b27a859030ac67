// Temp directories holding a test's config, control socket and state dir,
// so concurrent tests never share a socket path.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestDir {
  readonly dir: string;
  readonly socket: string;
  readonly stateDir: string;
  /** Writes YAML to `name` (default tsvisor.yaml) and returns its path. */
  write(yaml: string, name?: string): string;
  remove(): void;
}

/** A fresh temp dir; `control:` paths for configs come from `socket` and `stateDir`. */
export function testDir(prefix = 'tsvisor-test-'): TestDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    socket: join(dir, 'ctl.sock'),
    stateDir: join(dir, 'state'),
    write(yaml, name = 'tsvisor.yaml') {
      const path = join(dir, name);
      writeFileSync(path, yaml);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
