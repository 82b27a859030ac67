// A health check that runs a command (compose's CMD / CMD-SHELL): exit 0 is
// healthy. The command gets its own process group so a timeout can SIGKILL
// everything it started (a shell script's children included), not just the
// direct child.

import type { UserSpec } from '../../config/types.js';
import { signalGroup } from '../../os/process-group.js';
import type { ChildHandle, ChildOutcome, SpawnOptions } from '../../os/spawn-types.js';
import { captureOutput } from './output-capture.js';
import { type ProbeResult, timedOut } from './probe-result.js';

/** What an exec probe needs from the runtime. */
export interface ExecProbeDeps {
  readonly spawn: (opts: SpawnOptions) => ChildHandle;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string | undefined;
  readonly user?: UserSpec | undefined;
}

// After SIGKILL the exit is normally reported within milliseconds; this bound
// only matters if a stuck process (D state) or a grandchild holding the pipe
// keeps `done` from settling, so the probe still returns.
const REAP_GRACE_MS = 2000;

/** Runs `argv` and reports exit 0 as healthy, with the first 4 KiB of stdout+stderr. */
export async function runExecProbe(
  argv: readonly string[],
  timeoutMs: number,
  deps: ExecProbeDeps,
): Promise<ProbeResult> {
  let child: ChildHandle;
  try {
    child = deps.spawn({
      argv,
      env: deps.env,
      cwd: deps.cwd,
      user: deps.user,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      processGroup: 'new',
    });
  } catch (error) {
    return { ok: false, output: `cannot start health check: ${String(error)}` };
  }
  const output = captureOutput([child.stdout, child.stderr]);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([child.done, deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    killGroup(child.pid);
    output.dispose();
    // Wait for the exit so that when the probe returns its process is gone, not a zombie in flight.
    await Promise.race([child.done, delay(REAP_GRACE_MS)]);
    return timedOut(timeoutMs);
  }
  // Let the last buffered 'data' events land before reading the capture.
  await new Promise((resolve) => setImmediate(resolve));
  const text = output.text();
  output.dispose();
  return describe(outcome, text);
}

function describe(outcome: ChildOutcome, text: string): ProbeResult {
  if (outcome.kind === 'failed') return { ok: false, output: text || outcome.failure.message };
  const { code, signal } = outcome.exit;
  if (code === 0) return { ok: true, output: text };
  return { ok: false, output: text || (signal ? `killed by ${signal}` : `exited with code ${String(code)}`) };
}

function killGroup(pid: number | undefined): void {
  // The probe leads its own group (processGroup: 'new'); a gone group (it exited at the deadline) is fine.
  if (pid !== undefined && pid > 1) signalGroup(pid, 'SIGKILL');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
