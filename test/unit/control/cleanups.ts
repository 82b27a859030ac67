// Per-test cleanup for the control tests: deferred actions run in reverse
// after each test, and temp dirs are removed with them.
import { rm } from 'node:fs/promises';
import { afterEach } from 'vitest';
import { makeTempDir } from './control-fixture.js';

export interface Cleanups {
  /** Run fn after the current test (last deferred, first run). */
  defer(fn: () => unknown): void;
  /** A temp dir removed after the current test. */
  tempDir(): Promise<string>;
}

/** Call at the top of a test file (registers the afterEach). */
export function useCleanups(): Cleanups {
  const pending: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of pending.splice(0).reverse()) await fn();
  });
  return {
    defer: (fn) => {
      pending.push(fn);
    },
    async tempDir() {
      const dir = await makeTempDir();
      pending.push(() => rm(dir, { recursive: true, force: true }));
      return dir;
    },
  };
}
