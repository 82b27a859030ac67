// An internal error in PID 1 (uncaught exception, unhandled rejection) is
// logged as fatal and runs the ordered shutdown: programs get their stop
// signal and tsvisor exits 70, instead of dying and leaving the kernel to
// SIGKILL the container. Injected through the TSVISOR_TEST_CRASH hook.
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvents } from '../helpers/log-events.js';
import { cleanupFaultRuns, lostExits, startFaultRun } from './harness/fault-run.js';

afterEach(cleanupFaultRuns);

describe('crash guards', () => {
  it.each([
    ['uncaught', 'uncaught exception'],
    ['rejection', 'unhandled promise rejection'],
  ])('TSVISOR_TEST_CRASH=%s: fatal log, ordered shutdown, programs saw SIGTERM, exit 70', async (kind, msg) => {
    const fr = await startFaultRun(
      `  saver:
    command: ["sh", "-c", "trap 'echo saver-got-term; exit 0' TERM; echo saver-up; while :; do sleep 0.05; done"]
  plain:
    command: ["sleep", "100000"]
`,
      { env: { ...stringEnv(process.env), TSVISOR_TEST_CRASH: kind } },
    );
    const result = await fr.run.waitExit(20_000);
    const events = parseEvents(result.stderr);
    expect(events.find((e) => e.level === 'fatal')?.msg).toBe(msg);
    expect(events.some((e) => e.msg === 'shutting down' && e.cause === 'internal-error')).toBe(true);
    expect(result.stdout).toContain('saver | saver-got-term');
    const stopped = events.filter((e) => e.to === 'stopped').map((e) => [e.program, e.exit]);
    expect(stopped).toEqual(
      expect.arrayContaining([
        ['saver', 'exit 0'],
        ['plain', 'SIGTERM'],
      ]),
    );
    expect(lostExits(result.stderr)).toEqual([]);
    expect(result.code).toBe(70);
  });
});

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
