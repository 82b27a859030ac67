// The reaper in a real process tree, as PID 1 of a pid namespace and as a
// subreaper: zombies are collected from inside the namespace's own /proc, and
// the spawner's children keep their exit events while it runs.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../../helpers/build-fixture.js';
import { type Pid1Run, runAsPid1Command, runPlainCommand } from '../../helpers/pid1.js';

const bin = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
let host: string;
const runs: Pid1Run[] = [];
beforeAll(async () => {
  host = await buildFixture('reaper-host.ts');
});
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill()));
});

async function start(pid1: boolean, args: string[]): Promise<Pid1Run> {
  const argv = [process.execPath, host, ...args];
  const run = await (pid1 ? runAsPid1Command(argv) : runPlainCommand(argv, { stdin: 'pipe' }));
  runs.push(run);
  return run;
}

async function untilNoZombies(run: Pid1Run, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let zombies: unknown[] = [];
  while (Date.now() < deadline) {
    zombies = (await run.processes()).filter((p) => p.state === 'Z');
    if (zombies.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`zombies left: ${JSON.stringify(zombies)}`);
}

describe('reaper as PID 1', () => {
  it('reaps 50 double-forked orphans and a bash background job', async () => {
    const script = `${bin('make-orphans.sh')} 50 0.2; bash -c "bash -c 'sleep 0.5; echo zombie' &"; sleep 1000`;
    const run = await start(true, ['--', 'sh', '-c', script]);
    await run.waitFor('host pid=1 mode=pid1');
    await run.waitFor('zombie');
    await run.waitFor(/^reaped total=51$/, 15_000);
    await untilNoZombies(run, 5000);
    // The main command is still there: the reaper never touched the spawner's own child.
    expect((await run.processes()).map((p) => p.comm)).toContain('sleep');
  });

  it('reaps 10 000 orphans', async () => {
    const run = await start(true, ['--', bin('make-orphans.sh'), '10000']);
    await run.waitFor('orphans made 10000', 90_000);
    await run.waitFor(/^reaped total=10000$/, 30_000);
    await untilNoZombies(run, 5000);
  }, 150_000);

  it('never loses a spawned child exit while orphans die around it', async () => {
    const run = await start(true, ['--storm', '600', '--', bin('make-orphans.sh'), '3000']);
    const line = await run.waitFor(/^storm (done|lost)/, 90_000);
    expect(line).toBe('storm done ok=600 wrong=0');
    await run.waitFor(/^reaped total=3000$/, 60_000);
    await untilNoZombies(run, 5000);
  }, 150_000);
});

describe('reaper as subreaper (not PID 1)', () => {
  it('adopts and reaps an orphan of its child', async () => {
    const run = await start(false, ['--', 'sh', '-c', 'sleep 1000 & echo "orphan $!"']);
    await run.waitFor(/mode=subreaper/);
    const orphan = Number((await run.waitFor(/^orphan \d+$/)).split(' ')[1]);
    await run.waitFor(/"code":0/);
    expect(ppidOf(orphan)).toBe(run.hostPid);
    process.kill(orphan, 'SIGTERM');
    await run.waitFor(/^reaped total=1$/);
    await untilNoZombies(run, 5000);
  });

  it('reports the exit of a watched adopted pid', async () => {
    const run = await start(false, ['--', 'sh', '-c', '(sleep 1000 & echo "orphan $!"); sleep 1000']);
    const orphan = Number((await run.waitFor(/^orphan \d+$/)).split(' ')[1]);
    for (let i = 0; i < 100 && ppidOf(orphan) !== run.hostPid; i++) await new Promise((r) => setTimeout(r, 20));
    run.stdin?.write(`watch ${orphan}\n`);
    await run.waitFor(`watching ${orphan}`);
    process.kill(orphan, 'SIGUSR2');
    expect(await run.waitFor(`watched ${orphan}`)).toBe(`watched ${orphan} {"code":null,"signal":"SIGUSR2"}`);
  });
});

describe('killAllInNamespace when not PID 1', () => {
  it('signals our descendants and nothing else', async () => {
    const outsider = await runPlainCommand(['sh', '-c', 'sleep 1000 >/dev/null 2>&1 & echo "outsider $!"']);
    const outsiderPid = Number((await outsider.waitFor(/^outsider \d+$/)).split(' ')[1]);
    await outsider.waitExit();
    try {
      const run = await start(false, ['--', 'sh', '-c', 'sleep 1000 & echo "inside $!"; wait']);
      const inside = Number((await run.waitFor(/^inside \d+$/)).split(' ')[1]);
      run.stdin?.write('kill-all SIGTERM\n');
      expect(await run.waitFor(/^kill-all /)).toBe('kill-all descendants');
      for (let i = 0; i < 200 && stateOf(inside) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
      expect(stateOf(inside)).toBeUndefined();
      expect(stateOf(outsiderPid)).toMatch(/^[RS]$/);
      // The host itself survives too: kill(-1) was never used.
      expect(stateOf(run.hostPid)).toMatch(/^[RS]$/);
    } finally {
      process.kill(outsiderPid, 'SIGKILL');
    }
  });
});

function stateOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[0];
  } catch {
    return undefined;
  }
}

function ppidOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
}
