// Drop-in mode (`tsvisor -- CMD`) as PID 1 of a pid namespace, against what
// tini/dumb-init users rely on: exit status, signal forwarding, reaping and
// no process of the child's tree outliving tsvisor.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Pid1Run, runAsPid1, runAsPid1Command, runPlain } from '../../helpers/pid1.js';
import { descendantPids } from '../../helpers/proc-table.js';

const bin = (name: string) => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));
const printSignals = [process.execPath, bin('print-signals.mjs')];
const runs: Pid1Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.kill()));
});

async function asPid1(args: string[]): Promise<Pid1Run> {
  const run = await runAsPid1(args);
  runs.push(run);
  return run;
}

async function plain(args: string[]): Promise<Pid1Run> {
  const run = await runPlain(args);
  runs.push(run);
  return run;
}

describe('exit status', () => {
  it.each([0, 1, 2, 32, 64, 127, 254, 255])('passes exit code %i through', async (code) => {
    const run = await asPid1(['--', bin('exit-with.sh'), String(code)]);
    expect((await run.waitExit()).code).toBe(code);
  });

  it.each([
    ['TERM', 143],
    ['HUP', 129],
    ['QUIT', 131],
    ['KILL', 137],
  ])('reports a child killed by SIG%s as %i', async (sig, code) => {
    const run = await asPid1(['--', bin('kill-self.sh'), sig]);
    expect((await run.waitExit()).code).toBe(code);
  });

  it('remaps codes given with -e', async () => {
    expect((await (await asPid1(['-e', '143', '--', bin('kill-self.sh'), 'TERM'])).waitExit()).code).toBe(0);
    expect((await (await asPid1(['-e', '3', '--', bin('exit-with.sh'), '3'])).waitExit()).code).toBe(0);
    expect((await (await asPid1(['-e', '3', '--', bin('exit-with.sh'), '4'])).waitExit()).code).toBe(4);
  });

  it('exits 127 with one line on stderr when the command does not exist', async () => {
    const result = await (await asPid1(['--', '/no/such/command'])).waitExit();
    expect(result.code).toBe(127);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('/no/such/command')]);
  });

  it('exits 126 when the command is not executable', async () => {
    expect((await (await asPid1(['--', '/etc/passwd'])).waitExit()).code).toBe(126);
  });
});

describe('signal forwarding', () => {
  const numbers = [1, 2, 3, 10, 12, 13, 14, 15, 16, 18, 23, 24, 25, 26, 27, 28, 29, 30];
  const names: Record<number, NodeJS.Signals> = {
    1: 'SIGHUP',
    2: 'SIGINT',
    3: 'SIGQUIT',
    10: 'SIGUSR1',
    12: 'SIGUSR2',
    13: 'SIGPIPE',
    14: 'SIGALRM',
    15: 'SIGTERM',
    16: 'SIGSTKFLT',
    18: 'SIGCONT',
    23: 'SIGURG',
    24: 'SIGXCPU',
    25: 'SIGXFSZ',
    26: 'SIGVTALRM',
    27: 'SIGPROF',
    28: 'SIGWINCH',
    29: 'SIGIO',
    30: 'SIGPWR',
  };

  it('forwards every handled signal to the child', async () => {
    const run = await asPid1(['--', ...printSignals]);
    await run.waitFor(/ready \d+$/);
    for (const n of numbers) {
      const name = names[n] as NodeJS.Signals;
      run.signal(name);
      await run.waitFor(`got ${name}`);
    }
    // Still supervising: none of these made tsvisor exit on its own.
    expect(run.stdout().match(/^got .*$/gm)).toEqual(numbers.map((n) => `got ${names[n]}`));
  });

  it('opens no inspector on SIGUSR1 (while a bare node PID 1 does — the control)', async () => {
    const control = await runAsPid1Command([process.execPath, '-e', 'setInterval(() => {}, 1e9); console.log("up")']);
    runs.push(control);
    await control.waitFor('up');
    control.signal('SIGUSR1');
    await control.waitFor(/Debugger listening|inspector/i);

    const run = await asPid1(['--', ...printSignals]);
    await run.waitFor(/^ready/);
    run.signal('SIGUSR1');
    await run.waitFor('got SIGUSR1');
    await new Promise((r) => setTimeout(r, 300));
    expect(run.stderr()).not.toMatch(/Debugger|inspector/i);
    expect(listeningSockets(run.hostPid)).toEqual([]);
  });
});

describe('leftovers', () => {
  it('sends SIGTERM to a background process the child left behind', async () => {
    const script = `"$0" "$1" --exit-on SIGTERM & sleep 1; exit 5`;
    const run = await asPid1(['--', 'sh', '-c', script, ...printSignals]);
    await run.waitFor(/^ready/);
    await run.waitFor('got SIGTERM');
    expect((await run.waitExit()).code).toBe(5);
  });

  it('SIGKILLs a leftover that ignores SIGTERM, then exits', async () => {
    const run = await asPid1(['--', 'sh', '-c', `"$0" "$1" & sleep 1`, ...printSignals]);
    await run.waitFor('got SIGTERM');
    expect((await run.waitExit(15_000)).code).toBe(0);
  });

  it.each([
    ['as PID 1', true],
    ['not PID 1', false],
  ])('leaves no process of `yes | tail` pipelines after SIGTERM (%s)', async (_, pid1) => {
    const run = await (pid1 ? asPid1 : plain)(['--', 'sh', '-c', 'yes | tail & yes | tail >&2']);
    let tree: number[] = [];
    for (let i = 0; i < 200 && tree.length < 5; i++) {
      tree = descendantPids(run.hostPid);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(tree.length).toBeGreaterThanOrEqual(5);
    run.signal('SIGTERM');
    const result = await run.waitExit(15_000);
    expect(result.code).toBe(143);
    expect(tree.filter(aliveNotZombie)).toEqual([]);
  });

  it('reaps zombies while the child runs', async () => {
    const run = await asPid1(['--', 'sh', '-c', `${bin('make-orphans.sh')} 50; echo made; sleep 1000`]);
    await run.waitFor('made');
    let zombies = 1;
    for (let i = 0; i < 100 && zombies > 0; i++) {
      zombies = (await run.processes()).filter((p) => p.state === 'Z').length;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(zombies).toBe(0);
  });
});

describe('not PID 1', () => {
  it('becomes subreaper, so an orphan of the child is re-parented to tsvisor and reaped', async () => {
    const run = await plain(['--', 'sh', '-c', '(sleep 1000 & echo "orphan $!"); echo parent-alive; sleep 1000']);
    const orphan = Number((await run.waitFor(/^orphan \d+$/)).split(' ')[1]);
    await run.waitFor('parent-alive');
    expect(ppidOf(orphan)).toBe(run.hostPid);
    process.kill(orphan, 'SIGTERM');
    for (let i = 0; i < 200 && ppidOf(orphan) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
    // Gone from /proc entirely: terminated AND reaped by tsvisor (a zombie would still be listed).
    expect(ppidOf(orphan)).toBeUndefined();
    run.signal('SIGTERM');
    expect((await run.waitExit(15_000)).code).toBe(143);
  });

  it('forwards to the child alone with --no-pgroup, to its whole group by default', async () => {
    const script = `"$0" "$1" --tag grandchild & exec "$0" "$1" --tag child`;
    const alone = await plain(['--no-pgroup', '--', 'sh', '-c', script, ...printSignals]);
    await alone.waitFor(/^child ready/);
    await alone.waitFor(/^grandchild ready/);
    alone.signal('SIGUSR2');
    await alone.waitFor(/^child got SIGUSR2$/);
    alone.signal('SIGWINCH');
    await alone.waitFor(/^child got SIGWINCH$/);
    expect(alone.stdout()).not.toContain('grandchild got');

    const group = await plain(['--', 'sh', '-c', script, ...printSignals]);
    await group.waitFor(/^grandchild ready/);
    await group.waitFor(/^child ready/);
    group.signal('SIGUSR2');
    await group.waitFor(/^grandchild got SIGUSR2$/);
    await group.waitFor(/^child got SIGUSR2$/);
  });
});

function ppidOf(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  } catch {
    return undefined;
  }
}

function aliveNotZombie(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

// TCP sockets in LISTEN state held by pid (through /proc/<pid>/net/tcp{,6} and its fds).
function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // fd closed meanwhile
    }
  }
  const out: string[] = [];
  for (const file of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${file}`, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && cols[9] !== undefined && inodes.has(cols[9])) out.push(cols[1] ?? '');
    }
  }
  return out;
}
