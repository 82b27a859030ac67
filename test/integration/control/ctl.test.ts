// `tsvisor ctl` against the real binary running as PID 1: status, stop/start
// holding against restart policies, reload diffs and unless-stopped across a
// restart of tsvisor. ctl runs inside the namespace, like `docker exec`.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgramView } from '../../../src/control/api.js';
import { type TestDir, testDir } from '../../helpers/config-file.js';
import { type Pid1Run, type RunResult, runAsPid1, TSVISOR_BIN } from '../../helpers/pid1.js';

let runs: Pid1Run[] = [];
let dir: TestDir | undefined;
afterEach(async () => {
  for (const run of runs) await run.kill();
  dir?.remove();
  runs = [];
  dir = undefined;
});

function writeConfig(programs: string, logging = ''): string {
  dir ??= testDir('tsvisor-ctl-');
  return dir.write(`
control: { socket: ${dir.socket}, state_dir: ${dir.stateDir} }
logging: { format: json${logging} }
programs:
${programs}
`);
}

async function start(path: string): Promise<Pid1Run> {
  const run = await runAsPid1(['-c', path]);
  runs.push(run);
  return run;
}

function ctl(run: Pid1Run, args: string[]): Promise<RunResult> {
  if (!dir) throw new Error('no test dir');
  return run.exec([process.execPath, TSVISOR_BIN, 'ctl', '--socket', dir.socket, ...args], 20_000);
}

/** Runs ctl and fails the test with its stderr unless it exits 0. */
async function ctlOk(run: Pid1Run, args: string[]): Promise<RunResult> {
  const r = await ctl(run, args);
  expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
  return r;
}

async function status(run: Pid1Run): Promise<ProgramView[]> {
  const r = await ctl(run, ['status', '--json']);
  if (r.code !== 0 && r.code !== 3) throw new Error(`ctl status failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ProgramView[];
}

/** Polls `ctl status --json` until predicate holds (the socket may not be up yet). */
async function until(run: Pid1Run, predicate: (views: ProgramView[]) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last: ProgramView[] | string = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const views = await status(run);
      if (predicate(views)) return views;
      last = views;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not reached; last status: ${JSON.stringify(last)}\n${run.stderr()}`);
}

const byName = (views: ProgramView[], name: string) => views.find((v) => v.name === name);
const allRunning =
  (...names: string[]) =>
  (views: ProgramView[]) =>
    names.every((n) => byName(views, n)?.state === 'running');

async function livePids(run: Pid1Run): Promise<Set<number>> {
  return new Set((await run.processes()).filter((p) => p.state !== 'Z').map((p) => p.pid));
}

describe('tsvisor ctl against PID 1', () => {
  it('status --json lists every program with a live pid, and exits 0', async () => {
    const run = await start(
      writeConfig(`
  a: { command: ["sleep", "1000"] }
  b: { command: ["sleep", "1001"] }
`),
    );
    const views = await until(run, allRunning('a', 'b'));
    expect(views.map((v) => v.name).sort()).toEqual(['a', 'b']);
    const pids = await livePids(run);
    for (const view of views) {
      expect(view.pid).not.toBeNull();
      expect(pids.has(view.pid ?? -1)).toBe(true);
    }
    const table = await ctl(run, ['status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^NAME\s+STATE\s+PID/);
  });

  it('stop holds a restart: always program down; start brings it back with a new pid', async () => {
    const run = await start(
      writeConfig(`
  a: { command: ["sleep", "1000"], restart: always, backoff: { initial: 50ms } }
  b: { command: ["sleep", "1001"] }
`),
    );
    const before = byName(await until(run, allRunning('a', 'b')), 'a');
    const stopped = await ctl(run, ['stop', 'a']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/^a: stopped/);
    // Far beyond the 50 ms backoff: a restart would have happened by now.
    await new Promise((r) => setTimeout(r, 1500));
    const held = await status(run);
    expect(byName(held, 'a')).toMatchObject({ state: 'stopped', pid: null, held: true });
    expect((await livePids(run)).has(before?.pid ?? -1)).toBe(false);
    expect((await ctl(run, ['status', 'a'])).code).toBe(3);

    await ctlOk(run, ['start', 'a']);
    const after = byName(await until(run, allRunning('a')), 'a');
    expect(after?.pid).not.toBeNull();
    expect(after?.pid).not.toBe(before?.pid);
    expect(after?.held).toBe(false);
  });

  it('fails clearly on unknown programs and bad signals', async () => {
    const run = await start(writeConfig(`  a: { command: ["sleep", "1000"] }`));
    await until(run, allRunning('a'));
    const unknown = await ctl(run, ['stop', 'ghost']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/unknown program.*ghost/);
    const badSignal = await ctl(run, ['signal', 'SIGNOPE', 'a']);
    expect(badSignal.code).toBe(2);
    expect(badSignal.stderr).toMatch(/unknown signal/);
    expect(byName(await status(run), 'a')?.state).toBe('running');
  });

  it('start exits 1 and says why when the program cannot run', async () => {
    const run = await start(
      writeConfig(`  a: { command: ["sleep", "1000"] }
  typo: { command: ["/no/such/binary"], autostart: false }`),
    );
    await until(run, allRunning('a'));
    const r = await ctl(run, ['start', 'typo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('typo: backoff\n');
    expect(r.stderr).toMatch(/^tsvisor ctl: typo failed to start \(exit 127, next try in \d+ ms\)\n$/);
  });

  it('logs shows the last lines, with a line longer than max_line_bytes joined back together', async () => {
    const run = await start(
      writeConfig(
        `  talk: { command: ["sh", "-c", "echo first; echo 0123456789abcdefghijklmnopqrstuvwxyz; echo >&2 oops; exec sleep 1000"] }`,
        ', max_line_bytes: 10',
      ),
    );
    await until(run, allRunning('talk'));
    let r = await ctl(run, ['logs', 'talk']);
    for (let i = 0; i < 50 && !r.stderr.includes('oops'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      r = await ctl(run, ['logs', 'talk']);
    }
    expect(r).toMatchObject({ code: 0, stdout: 'first\n0123456789abcdefghijklmnopqrstuvwxyz\n', stderr: 'oops\n' });
  });

  it('an autostart: false program keeps tsvisor up after everything else ended, until an operator starts it', async () => {
    const run = await start(
      writeConfig(`  init: { type: oneshot, command: ["sh", "-c", "exit 0"] }
  manual: { command: ["sleep", "1000"], autostart: false }`),
    );
    await until(run, (views) => byName(views, 'init')?.state === 'exited');
    // Every autostarted program has ended; tsvisor must still answer (it used to shut down here).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(byName(await status(run), 'manual')?.state).toBe('stopped');
    await ctlOk(run, ['start', 'manual']);
    expect(byName(await status(run), 'manual')?.state).toBe('running');
  });

  it('wait gives up at once, with the reason, when the condition cannot come without an operator', async () => {
    const run = await start(
      writeConfig(`  web: { command: ["sleep", "1000"] }
  bad: { command: ["/no/such/binary"], restart: "no" }`),
    );
    await until(run, (views) => byName(views, 'bad')?.state === 'exited' && byName(views, 'web')?.state === 'running');
    const t0 = Date.now();
    const healthy = await ctl(run, ['wait', 'web', '--for', 'healthy', '--timeout', '20s']);
    expect(healthy.code).toBe(3);
    expect(healthy.stderr).toMatch(/web has no healthcheck and no notify: it can never be healthy/);
    const running = await ctl(run, ['wait', 'bad', '--for', 'running', '--timeout', '20s']);
    expect(running.code).toBe(3);
    expect(running.stderr).toMatch(/bad exited \(exit 127\): it will not become running without `ctl start`/);
    // Both well before their 20 s timeouts.
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('reload restarts only the changed program, starts an added one and stops a removed one', async () => {
    const initial = `
  a: { command: ["sleep", "1000"], environment: { X: "1" } }
  b: { command: ["sleep", "1001"] }
  c: { command: ["sleep", "1002"] }
`;
    const path = writeConfig(initial);
    const run = await start(path);
    const before = await until(run, allRunning('a', 'b', 'c'));
    writeConfig(`
  a: { command: ["sleep", "1000"], environment: { X: "2" } }
  b: { command: ["sleep", "1001"] }
  d: { command: ["sleep", "1003"] }
`);
    const reload = await ctl(run, ['reload']);
    expect(reload.code).toBe(0);
    expect(reload.stdout).toContain('added: d\n');
    expect(reload.stdout).toContain('removed: c\n');
    expect(reload.stdout).toContain('changed: a\n');
    expect(reload.stdout).toContain('unchanged: b\n');

    const after = await until(
      run,
      (views) => allRunning('a', 'b', 'd')(views) && byName(views, 'a')?.pid !== byName(before, 'a')?.pid,
    );
    expect(after.map((v) => v.name).sort()).toEqual(['a', 'b', 'd']);
    expect(byName(after, 'b')?.pid).toBe(byName(before, 'b')?.pid);
    const procs = await run.processes();
    const removedPid = byName(before, 'c')?.pid ?? -1;
    await expect.poll(async () => (await livePids(run)).has(removedPid), { timeout: 15_000 }).toBe(false);
    expect(procs.some((p) => p.pid === byName(after, 'd')?.pid)).toBe(true);
  });

  it('an invalid file changes nothing and reload exits 1 with positioned errors', async () => {
    const path = writeConfig(`
  a: { command: ["sleep", "1000"] }
  b: { command: ["sleep", "1001"] }
`);
    const run = await start(path);
    const before = await until(run, allRunning('a', 'b'));
    writeConfig(`
  a: { command: ["sleep", "1000"], restart: sometimes }
  e: { command: ["sleep", "1004"] }
`);
    const reload = await ctl(run, ['reload']);
    expect(reload.code).toBe(1);
    expect(reload.stdout).toBe('');
    expect(reload.stderr).toContain(path);
    expect(reload.stderr).toMatch(/:\d+:\d+/);
    await new Promise((r) => setTimeout(r, 500));
    const after = await status(run);
    expect(after.map((v) => [v.name, v.state, v.pid])).toEqual(before.map((v) => [v.name, v.state, v.pid]));
  });

  it('an operator stop of an unless-stopped program survives a restart of tsvisor', async () => {
    const path = writeConfig(`
  u: { command: ["sleep", "1000"], restart: unless-stopped }
  v: { command: ["sleep", "1001"], restart: always }
`);
    const first = await start(path);
    await until(first, allRunning('u', 'v'));
    await ctlOk(first, ['stop', 'u']);
    first.signal('SIGTERM');
    await first.waitExit(20_000);

    const second = await start(path);
    const views = await until(second, allRunning('v'));
    await new Promise((r) => setTimeout(r, 500));
    expect(byName(await status(second), 'u')).toMatchObject({ state: 'stopped', pid: null, held: true });
    expect(views.length).toBe(2);

    // An operator start releases the hold, and that too is remembered.
    await ctlOk(second, ['start', 'u']);
    await until(second, allRunning('u', 'v'));
    second.signal('SIGTERM');
    await second.waitExit(20_000);
    const third = await start(path);
    await until(third, allRunning('u', 'v'));
  });
});
