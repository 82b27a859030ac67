// Programs that misbehave as processes: fork to the pid limit, flood PID 1
// with orphans, get SIGKILLed / SIGSTOPped from outside, close their stdout.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvents } from '../helpers/log-events.js';
import { request } from './harness/control-client.js';
import { cleanupFaultRuns, expectTableTrue, startFaultRun, stopAndCheck } from './harness/fault-run.js';
import { createPidsCgroup, type PidsCgroup } from './harness/pids-cgroup.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/faults/', import.meta.url));
let cgroup: PidsCgroup | null = null;
afterEach(async () => {
  await cleanupFaultRuns();
  cgroup?.remove();
  cgroup = null;
});

// perl, not kill(1): procps and util-linux disagree on how a negative pid is spelled.
const signalGroup = (sig: string, pgid: number | null | undefined) => [
  'perl',
  '-e',
  `kill('-${sig}', ${pgid}) or die "$!"`,
];

const byName = <T extends { name: string }>(views: T[], name: string): T | undefined =>
  views.find((v) => v.name === name);

describe('process faults, tsvisor as PID 1', () => {
  it('a program forks until the pid limit: tsvisor keeps serving, spawns fail cleanly, and it recovers', async () => {
    // A pids cgroup bounds the namespace; without one, a bounded loop of 5000 sleeping children stands in.
    cgroup = createPidsCgroup(300);
    const fr = await startFaultRun(
      `  bomb:
    command: ["perl", "${FIXTURES}fork-to-limit.pl"${cgroup ? '' : ', "5000"'}]
    restart: "no"
  late:
    command: ["sh", "-c", "echo late-up; exec sleep 100000"]
    autostart: false
    backoff: { initial: 50ms, max: 200ms }
`,
      cgroup ? { wrap: cgroup.wrap } : {},
    );
    const reached = await fr.run.waitFor(/bomb +\| (limit reached|holding)/, 60_000);
    // At the limit: status still answers, and a start fails to spawn (EAGAIN) instead of crashing PID 1.
    expect((await request(fr.dir.socket, 'start', { names: ['late'] }, 20_000)).ok).toBe(true);
    if (cgroup) {
      await fr.until((v) => (byName(v, 'late')?.restarts ?? 0) >= 2, 'failed spawns of late, retried by backoff');
      expect(byName(await fr.status(), 'late')?.state).not.toBe('running');
    }
    // Release the limit: the bomb's whole process group goes, the orphans are reaped, late comes up.
    expect((await request(fr.dir.socket, 'stop', { names: ['bomb'] }, 30_000)).ok).toBe(true);
    await fr.until(
      (v) => byName(v, 'late')?.state === 'running' && byName(v, 'bomb')?.state === 'stopped',
      'recovery',
      30_000,
    );
    await fr.run.waitFor('late | late-up');
    await expectTableTrue(fr, 20_000);
    expect((await fr.run.processes()).length).toBeLessThan(10);
    const result = await stopAndCheck(fr);
    const spawnErrors = parseEvents(result.stderr).filter((e) => e.program === 'late' && e.level === 'error');
    if (cgroup) expect(spawnErrors.length).toBeGreaterThan(0);
    console.log(
      `[fault] pid limit: ${reached.trim()}; cgroup pids.max ${cgroup?.max ?? 'none'}, forks refused ${cgroup?.refusals() ?? 'n/a'}; first spawn error: ${String(spawnErrors[0]?.msg)}`,
    );
  }, 120_000);

  it('10 000 short-lived orphans are all reaped; supervision carries on', async () => {
    const fr = await startFaultRun(`  storm:
    command: ["sh", "${FIXTURES}orphan-storm.sh", "10000"]
  steady:
    command: ["sh", "-c", "while :; do sleep 0.2; done"]
`);
    await fr.run.waitFor(/storm +\| orphans-done 10000/, 110_000);
    await expectTableTrue(fr, 20_000);
    const views = await fr.status();
    expect(views.every((v) => v.state === 'running' && v.restarts === 0)).toBe(true);
    const result = await stopAndCheck(fr);
    const exiting = parseEvents(result.stderr).find((e) => e.msg === 'tsvisor exiting');
    expect(Number(exiting?.reaped_orphans)).toBeGreaterThanOrEqual(10_000);
  }, 150_000);

  it('SIGKILL from outside is an exit; SIGSTOP/SIGCONT keep it running; a stopped program can still be stopped', async () => {
    const fr = await startFaultRun(`  victim:
    command: ["sh", "-c", "echo victim-up; exec sleep 100000"]
    backoff: { initial: 50ms }
  frozen:
    command: ["sh", "-c", "trap 'echo frozen-term; exit 0' TERM; echo frozen-up; while :; do sleep 0.05; done"]
    stop_grace_period: 30s
`);
    await fr.run.waitFor('frozen | frozen-up');
    const first = byName(await fr.until((v) => byName(v, 'victim')?.state === 'running', 'victim running'), 'victim');
    await fr.run.exec(['kill', '-KILL', String(first?.pid)]);
    const after = await fr.until(
      (v) => byName(v, 'victim')?.state === 'running' && byName(v, 'victim')?.pid !== first?.pid,
      'victim restarted',
    );
    expect(byName(after, 'victim')?.restarts).toBe(1);
    expect(byName(after, 'victim')?.last_exit?.signal).toBe('SIGKILL');

    const frozen = byName(after, 'frozen');
    await fr.run.exec(signalGroup('STOP', frozen?.pid));
    await new Promise((r) => setTimeout(r, 500));
    let procs = await fr.run.processes();
    expect(procs.find((p) => p.pid === frozen?.pid)?.state).toBe('T');
    expect(byName(await fr.status(), 'frozen')).toMatchObject({ state: 'running', pid: frozen?.pid, restarts: 0 });
    await fr.run.exec(signalGroup('CONT', frozen?.pid));
    await expectTableTrue(fr);
    expect(byName(await fr.status(), 'frozen')).toMatchObject({ state: 'running', pid: frozen?.pid, restarts: 0 });

    // Frozen again, then stopped: the TERM only acts because tsvisor follows it with SIGCONT.
    await fr.run.exec(signalGroup('STOP', frozen?.pid));
    const t0 = Date.now();
    const stop = await request(fr.dir.socket, 'stop', { names: ['frozen'] }, 40_000);
    expect(stop.ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(15_000);
    await fr.run.waitFor('frozen | frozen-term');
    const views = await fr.status();
    expect(byName(views, 'frozen')?.state).toBe('stopped');
    expect(byName(views, 'frozen')?.last_exit?.signal).toBeNull();
    procs = await fr.run.processes();
    expect(
      procs.filter((p) => p.state === 'T'),
      JSON.stringify(procs),
    ).toEqual([]);
    await stopAndCheck(fr);
  }, 90_000);

  it('programs that close their stdout or both streams early keep running and stop normally', async () => {
    const fr = await startFaultRun(`  no-stdout:
    command: ["sh", "-c", "exec >&-; echo only-stderr >&2; exec sleep 100000"]
  no-output:
    command: ["sh", "-c", "exec >&- 2>&-; exec sleep 100000"]
  chatty:
    command: ["sh", "-c", "while :; do echo tick; sleep 0.1; done"]
`);
    await fr.run.waitFor('no-stdout | only-stderr');
    await fr.run.waitFor('chatty    | tick');
    await new Promise((r) => setTimeout(r, 1000));
    const views = await fr.status();
    expect(views.every((v) => v.state === 'running' && v.restarts === 0)).toBe(true);
    await expectTableTrue(fr);
    await stopAndCheck(fr);
  }, 60_000);
});
