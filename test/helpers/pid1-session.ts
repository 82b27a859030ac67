// One tsvisor-as-PID-1 run per test with its own temp dir (config, control
// socket, state dir), killed and removed after each test.

import { afterEach } from 'vitest';
import { type TestDir, testDir } from './config-file.js';
import { type Pid1Run, runAsPid1 } from './pid1.js';

export interface Pid1Session {
  /** The current test's run; throws before start(). */
  readonly run: Pid1Run;
  readonly dir: TestDir;
  /** Writes a config whose control socket and state dir live in the test's temp dir; `body` is top-level YAML. */
  config(body: string): string;
  start(args: string[]): Promise<Pid1Run>;
}

/** Call at the top of a test file (registers the afterEach cleanup). */
export function pid1Session(): Pid1Session {
  let run: Pid1Run | undefined;
  let dir: TestDir | undefined;
  afterEach(async () => {
    await run?.kill();
    dir?.remove();
    run = undefined;
    dir = undefined;
  });
  const ensureDir = (): TestDir => {
    dir ??= testDir();
    return dir;
  };
  return {
    get run() {
      if (!run) throw new Error('start() first');
      return run;
    },
    get dir() {
      return ensureDir();
    },
    config(body) {
      const d = ensureDir();
      return d.write(
        `control: { socket: ${d.socket}, state_dir: ${d.stateDir} }\nlogging: { format: json }\n${body}\n`,
      );
    },
    async start(args) {
      run = await runAsPid1(args);
      return run;
    },
  };
}
