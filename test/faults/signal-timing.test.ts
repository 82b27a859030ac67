// Signals at awkward moments: during start-up, in the middle of a reload,
// during shutdown, and SIGTERM twice.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvents } from '../helpers/log-events.js';
import { cleanupFaultRuns, configText, lostExits, startFaultRun } from './harness/fault-run.js';

afterEach(cleanupFaultRuns);

// A chain, so that start-up takes a few steps and a signal can land in the middle of it.
const CHAIN = `  db:
    command: ["sh", "-c", "sleep 0.3; echo db-up; exec sleep 100000"]
  app:
    command: ["sleep", "100000"]
    depends_on: [db]
  web:
    command: ["sleep", "100000"]
    depends_on: [app]
`;

describe('signal timing as PID 1', () => {
  it.each([
    ['as soon as tsvisor logs it is starting', /"msg":"tsvisor starting"/],
    ['while the dependency chain is starting', /"program":"db","from":"starting","to":"running"/],
  ])('SIGTERM %s: clean shutdown, nothing left behind', async (_when, moment) => {
    const fr = await startFaultRun(CHAIN, { ready: moment });
    fr.run.signal('SIGTERM');
    const result = await fr.run.waitExit(20_000);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/"msg":"shutdown complete"/);
    expect(lostExits(result.stderr)).toEqual([]);
    // Nothing started after the shutdown began.
    const events = parseEvents(result.stderr);
    const shutdownAt = events.findIndex((e) => e.msg === 'shutting down');
    expect(events.slice(shutdownAt).some((e) => e.to === 'starting')).toBe(false);
  });

  it('SIGTERM right after SIGHUP with a changed config: the reload does not resurrect anything', async () => {
    const fr = await startFaultRun(CHAIN);
    await fr.run.waitFor(/"program":"web","from":"starting","to":"running"/, 15_000);
    writeFileSync(
      fr.configPath,
      configText(fr.dir, `${CHAIN.replace('sleep 0.3', 'sleep 0.1')}  extra:\n    command: ["sleep", "100000"]\n`),
    );
    fr.run.signal('SIGHUP');
    fr.run.signal('SIGTERM');
    const result = await fr.run.waitExit(20_000);
    expect(result.code).toBe(0);
    expect(lostExits(result.stderr)).toEqual([]);
    const events = parseEvents(result.stderr);
    const shutdownAt = events.findIndex((e) => e.msg === 'shutting down');
    expect(events.slice(shutdownAt).some((e) => e.to === 'starting' || e.to === 'running')).toBe(false);
  });

  it('SIGHUP, SIGUSR2 and SIGQUIT during a slow shutdown: no reload, USR2 still forwarded, the second shutdown signal escalates', async () => {
    const fr = await startFaultRun(
      `  stubborn:
    command: ["sh", "-c", "trap '' TERM; trap 'echo stubborn-usr2' USR2; echo stubborn-up; while :; do sleep 0.05; done"]
    stop_grace_period: 30s
  quick:
    command: ["sleep", "100000"]
`,
    );
    await fr.run.waitFor('stubborn | stubborn-up');
    fr.run.signal('SIGTERM');
    await fr.run.waitFor(/"program":"stubborn","from":"running","to":"stopping"/);
    fr.run.signal('SIGHUP');
    fr.run.signal('SIGUSR2');
    // Forwarding still works while stopping.
    await fr.run.waitFor('stubborn | stubborn-usr2');
    const t0 = Date.now();
    fr.run.signal('SIGQUIT');
    const result = await fr.run.waitExit(15_000);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(result.stderr).not.toMatch(/"msg":"reloaded configuration"/);
    expect(result.stderr).toMatch(/second shutdown request/);
    expect(lostExits(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('SIGTERM twice in a row (docker stop, then an impatient second one) still exits 0 with every exit recorded', async () => {
    const fr = await startFaultRun(CHAIN);
    await fr.run.waitFor(/"program":"web","from":"starting","to":"running"/, 15_000);
    fr.run.signal('SIGTERM');
    fr.run.signal('SIGTERM');
    const result = await fr.run.waitExit(15_000);
    expect(result.code).toBe(0);
    expect(lostExits(result.stderr)).toEqual([]);
  });
});
