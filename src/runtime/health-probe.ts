// One health-check attempt, whatever its kind. The runtime schedules attempts
// (interval, start period, retries) and feeds results to the state machine;
// this only runs one and never throws, so a broken check cannot hurt PID 1.

import type { HealthTest } from '../config/types.js';
import { type ExecProbeDeps, runExecProbe } from './health/exec-probe.js';
import { runHttpProbe } from './health/http-probe.js';
import type { ProbeResult } from './health/probe-result.js';
import { runTcpProbe } from './health/tcp-probe.js';

export type { ExecProbeDeps as RunProbeDeps } from './health/exec-probe.js';
export type { ProbeResult } from './health/probe-result.js';

/** Runs one attempt of `test`, bounded by `timeoutMs`. exec/shell go through the injected spawner. */
export async function runProbe(test: HealthTest, timeoutMs: number, deps: ExecProbeDeps): Promise<ProbeResult> {
  try {
    switch (test.kind) {
      case 'exec':
        return await runExecProbe(test.argv, timeoutMs, deps);
      case 'shell':
        return await runExecProbe(['/bin/sh', '-c', test.script], timeoutMs, deps);
      case 'tcp':
        return await runTcpProbe(test.host, test.port, timeoutMs);
      case 'http':
        return await runHttpProbe(test.url, timeoutMs);
      default: {
        const unreachable: never = test;
        return { ok: false, output: `unknown health check ${JSON.stringify(unreachable)}` };
      }
    }
  } catch (error) {
    return { ok: false, output: `health check failed to run: ${String(error)}` };
  }
}
