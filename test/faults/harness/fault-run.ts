// One tsvisor as PID 1 under a fault, and the invariants every fault test
// checks afterwards: tsvisor is still up, `ctl status` agrees with the
// namespace's /proc, no zombie lingers, no exit event was lost, and an
// ordered shutdown still completes.

import { expect } from 'vitest';
import type { ProgramView } from '../../../src/control/api.js';
import { type TestDir, testDir } from '../../helpers/config-file.js';
import { parseEvents } from '../../helpers/log-events.js';
import { type Pid1Run, type RunResult, runAsPid1Command, TSVISOR_BIN } from '../../helpers/pid1.js';
import { status } from './control-client.js';

/** A running tsvisor plus its temp dir. */
export interface FaultRun {
  readonly run: Pid1Run;
  readonly dir: TestDir;
  readonly configPath: string;
  status(): Promise<ProgramView[]>;
  /** Polls status until check holds; throws with the last table and the log. */
  until(check: (views: ProgramView[]) => boolean, what: string, timeoutMs?: number): Promise<ProgramView[]>;
}

export interface FaultRunOptions {
  /** Top-level YAML placed before `programs:` (e.g. `shutdown:`), besides control and logging. */
  readonly top?: string;
  /** Wraps tsvisor's argv, e.g. in prlimit or a shell that closes stdout; PID 1 must still exec into node. */
  readonly wrap?: (argv: string[], dir: TestDir) => string[];
  /** tsvisor's log level (default info: the exit checks need the state changes). */
  readonly logLevel?: string;
  /** Where held programs are remembered (default: the dir's `state`). */
  readonly stateDir?: (dir: TestDir) => string;
  readonly env?: Record<string, string>;
  /** Wait for this log line before returning (default: the control socket is listening). */
  readonly ready?: RegExp | string;
  readonly readyTimeoutMs?: number;
}

const live: FaultRun[] = [];

/** The argv that starts the built tsvisor on a config; TSVISOR_FAULT_BIN points a long soak at a private copy of the bundle. */
export function tsvisorArgv(configPath: string): string[] {
  return [process.execPath, process.env.TSVISOR_FAULT_BIN ?? TSVISOR_BIN, '-c', configPath];
}

/** Starts tsvisor as PID 1 on `programs` (the YAML body under `programs:`; a function gets the temp dir). */
export async function startFaultRun(
  programs: string | ((dir: TestDir) => string),
  opts: FaultRunOptions = {},
): Promise<FaultRun> {
  const dir = testDir('tsvisor-fault-');
  const body = typeof programs === 'string' ? programs : programs(dir);
  const configPath = dir.write(configText(dir, body, opts.top, opts.stateDir?.(dir), opts.logLevel));
  const argv = tsvisorArgv(configPath);
  const run = await runAsPid1Command(opts.wrap ? opts.wrap(argv, dir) : argv, opts.env ? { env: opts.env } : {});
  const fr: FaultRun = {
    run,
    dir,
    configPath,
    status: () => status(dir.socket),
    until: (check, what, timeoutMs = 20_000) => pollStatus(fr, check, what, timeoutMs),
  };
  live.push(fr);
  await run.waitFor(opts.ready ?? /control socket listening/, opts.readyTimeoutMs ?? 15_000);
  return fr;
}

/** The config text: control paths in the test's dir, JSON logs, then `top` and the programs. */
export function configText(dir: TestDir, programs: string, top = '', stateDir = dir.stateDir, level = 'info'): string {
  return `control: { socket: ${dir.socket}, state_dir: ${stateDir} }
logging: { level: ${level}, format: json }
${top}
programs:
${programs}
`;
}

/** Kills every run this module started and removes its dir; for afterEach. */
export async function cleanupFaultRuns(): Promise<void> {
  for (const fr of live.splice(0)) {
    await fr.run.kill();
    fr.dir.remove();
  }
}

async function pollStatus(
  fr: FaultRun,
  check: (views: ProgramView[]) => boolean,
  what: string,
  timeoutMs: number,
): Promise<ProgramView[]> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no answer';
  while (Date.now() < deadline) {
    try {
      const views = await fr.status();
      if (check(views)) return views;
      last = views.map((v) => `${v.name}:${v.state}:${v.pid}`).join(' ');
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last status: ${String(last)}\n${fr.run.stderr().slice(-4000)}`);
}

const LIVE_STATES = new Set(['running', 'stopping']);

/**
 * `ctl status` agrees with /proc of the namespace: every running program's pid is a live (non-zombie)
 * process, every down program has no pid, and no zombie lingers. Polled, because a program may end
 * between the two reads.
 */
export async function expectTableTrue(fr: FaultRun, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let problems: string[] = [];
  do {
    const views = await fr.status();
    const procs = await fr.run.processes();
    const byPid = new Map(procs.map((p) => [p.pid, p]));
    problems = [];
    for (const v of views) {
      if (LIVE_STATES.has(v.state)) {
        const p = v.pid === null ? undefined : byPid.get(v.pid);
        if (!p || p.state === 'Z')
          problems.push(`${v.name} is ${v.state} with pid ${v.pid}, /proc: ${p?.state ?? 'none'}`);
      } else if (v.state !== 'starting' && v.pid !== null) {
        problems.push(`${v.name} is ${v.state} but still has pid ${v.pid}`);
      }
    }
    const zombies = procs.filter((p) => p.state === 'Z');
    if (zombies.length > 0) problems.push(`zombies: ${zombies.map((z) => `${z.pid}(${z.comm})`).join(' ')}`);
    if (problems.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  throw new Error(`process table is not true:\n${problems.join('\n')}`);
}

const UP = new Set(['running', 'stopping']);

/**
 * Programs whose exit went missing in the log: a spawn that reached `running` and was never followed by a
 * move out of running/stopping (an operator restart goes from stopping straight to starting), either
 * before the next `running` or by the end of the log.
 */
export function lostExits(stderr: string): string[] {
  const up = new Map<string, boolean>();
  const lost: string[] = [];
  for (const e of parseEvents(stderr)) {
    if (e.program === undefined || e.to === undefined) continue;
    if (e.to === 'running') {
      if (up.get(e.program)) lost.push(`${e.program}: running again without an exit (pid ${e.pid})`);
      up.set(e.program, true);
    } else if (e.from !== undefined && UP.has(e.from) && !UP.has(e.to)) {
      up.set(e.program, false);
    }
  }
  for (const [name, isUp] of up) if (isUp) lost.push(`${name}: still running at the end of the log`);
  return lost;
}

/** `docker stop`: SIGTERM, then the shutdown completes in order, with every exit accounted for. */
export async function stopAndCheck(fr: FaultRun, expectedCode = 0, timeoutMs = 20_000): Promise<RunResult> {
  fr.run.signal('SIGTERM');
  const result = await fr.run.waitExit(timeoutMs);
  expect(result.stderr).toMatch(/"msg":"shutdown complete"/);
  expect(lostExits(result.stderr)).toEqual([]);
  expect(result.code).toBe(expectedCode);
  return result;
}
