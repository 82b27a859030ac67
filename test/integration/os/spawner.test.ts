// The spawner with real processes: pid ownership, spawn failures mapped like a
// shell, users and supplementary groups (in a private mount namespace with a
// fake /etc/passwd and /etc/group, so the host's files are never touched).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpawnOptions } from '../../../src/os/spawn-types.js';
import { ownsPid, spawnChild } from '../../../src/os/spawner.js';
import { buildFixture } from '../../helpers/build-fixture.js';
import { runToEnd } from '../../helpers/pid1.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const base: SpawnOptions = { argv: [], env, stdin: 'ignore', stdout: 'pipe', stderr: 'ignore', processGroup: 'new' };

async function output(argv: string[], extra: Partial<SpawnOptions> = {}) {
  const child = spawnChild({ ...base, ...extra, argv });
  let text = '';
  // The exit can be reported before the last bytes are read from the pipe: wait for both.
  const ended = new Promise<void>((resolve) => {
    if (!child.stdout) return resolve();
    child.stdout.on('end', resolve).on('close', resolve);
  });
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    text += c;
  });
  const outcome = await child.done;
  await ended;
  return { child, outcome, text };
}

describe('spawnChild', () => {
  it('owns the pid synchronously and releases it after the exit event', async () => {
    const child = spawnChild({ ...base, argv: ['sh', '-c', 'exit 7'] });
    expect(child.pid).toBeGreaterThan(0);
    expect(ownsPid(child.pid ?? 0)).toBe(true);
    expect(await child.done).toEqual({ kind: 'exited', exit: { code: 7, signal: null } });
    expect(ownsPid(child.pid ?? 0)).toBe(false);
  });

  it('reports a signal death by canonical name', async () => {
    const { outcome } = await output(['sh', '-c', 'kill -ABRT $$']);
    expect(outcome).toEqual({ kind: 'exited', exit: { code: null, signal: 'SIGABRT' } });
  });

  it('gives the program its own process group and session', async () => {
    const { child, text } = await output(['sh', '-c', 'cut -d" " -f5,6 /proc/$$/stat']);
    expect(text.trim()).toBe(`${child.pid} ${child.pid}`);
  });

  it('passes exactly the given environment', async () => {
    const { text } = await output(['/usr/bin/env'], { env: { ONLY: 'this' } });
    expect(text).toBe('ONLY=this\n');
  });

  it.each([
    [['/nonexistent/prog'], {}, 127, /command not found/],
    [['/etc/passwd'], {}, 126, /permission denied/],
    [['true'], { cwd: '/nonexistent-dir' }, 126, /^working directory \/nonexistent-dir does not exist$/],
    [['true'], { user: { user: 'no-such-user-x', group: undefined } }, 126, /^unknown user "no-such-user-x"$/],
  ] as const)('never throws on a failed spawn: %j', async (argv, extra, code, message) => {
    const child = spawnChild({ ...base, ...extra, argv });
    expect(child.pid).toBeUndefined();
    const outcome = await child.done;
    expect(outcome).toMatchObject({ kind: 'failed', failure: { code } });
    if (outcome.kind === 'failed') expect(outcome.failure.message).toMatch(message);
  });

  it('runs as another user with its HOME, USER and LOGNAME', async () => {
    const { outcome, text } = await output(['sh', '-c', 'echo "$(id -u) $(id -g) $HOME $USER $LOGNAME"'], {
      user: { user: 'nobody', group: undefined },
      cwd: '/',
    });
    expect({ outcome, text }).toEqual({
      outcome: { kind: 'exited', exit: { code: 0, signal: null } },
      text: '65534 65534 /nonexistent nobody nobody\n',
    });
  });
});

describe('the exit comes after the output', () => {
  // 200 KB on stdout and 100 KB on stderr fit in the 256 KiB pipes: the program exits at once, leaving most of it
  // unread while the readers are paused.
  const writer = "head -c 200000 /dev/zero | tr '\\0' o; head -c 100000 /dev/zero | tr '\\0' e >&2";

  it('waits for readers that pause after each chunk, like the output hub behind a slow log', async () => {
    const child = spawnChild({ ...base, stderr: 'pipe', argv: ['sh', '-c', writer] });
    const got = { stdout: 0, stderr: 0 };
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name];
      stream?.on('data', (c: Buffer) => {
        got[name] += c.length;
        stream.pause();
        setTimeout(() => stream.resume(), 10);
      });
    }
    expect(await child.done).toEqual({ kind: 'exited', exit: { code: 0, signal: null } });
    expect(got).toEqual({ stdout: 200_000, stderr: 100_000 });
  });

  it('does not wait for a grandchild that keeps the pipe open and keeps writing', async () => {
    const child = spawnChild({ ...base, argv: ['sh', '-c', '(while :; do echo more; done) & echo started'] });
    child.stdout?.resume();
    try {
      const t0 = performance.now();
      expect(await child.done).toMatchObject({ kind: 'exited', exit: { code: 0 } });
      // Bounded by OUTPUT_SETTLE_MAX_MS (250 ms); generous for a loaded machine.
      expect(performance.now() - t0).toBeLessThan(3000);
    } finally {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
    }
  });

  it('does not wait for a stream nobody reads', async () => {
    const child = spawnChild({ ...base, argv: ['sh', '-c', 'echo unread; exit 4'] });
    const t0 = performance.now();
    expect(await child.done).toEqual({ kind: 'exited', exit: { code: 4, signal: null } });
    expect(performance.now() - t0).toBeLessThan(3000);
    // Never switched to flowing mode behind the consumer's back: the line is still there to read.
    expect(child.stdout?.readableFlowing).toBe(null);
    child.stdout?.destroy();
  });
});

describe('supplementary groups (fake account files in a private mount namespace)', () => {
  let dir: string;
  let probe: string;
  beforeAll(async () => {
    probe = await buildFixture('spawn-once.ts');
    dir = mkdtempSync(`${tmpdir()}/tsvisor-users-`);
    writeFileSync(`${dir}/passwd`, 'root:x:0:0:root:/root:/bin/sh\nsvc:x:4100:4100::/srv/svc:/bin/sh\n');
    writeFileSync(`${dir}/group`, 'root:x:0:\nsvc:x:4100:\nextra1:x:4201:svc\nextra2:x:4202:other,svc\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const inNamespace = (opts: object, hideSetpriv: boolean) => {
    const hide = hideSetpriv ? `mount --bind /dev/null /usr/bin/setpriv;` : '';
    const script = `mount --bind ${dir}/passwd /etc/passwd; mount --bind ${dir}/group /etc/group; ${hide} exec "$0" "$@"`;
    return runToEnd(['unshare', '--mount', '--', 'sh', '-c', script, process.execPath, probe, JSON.stringify(opts)]);
  };

  it('applies them through setpriv, keeping the pid the program', async () => {
    const opts = {
      ...base,
      stdout: 'inherit',
      argv: ['sh', '-c', 'echo "ids $(id -u) $(id -g) $(id -G) $HOME"'],
      user: { user: 'svc' },
    };
    const result = await inNamespace(opts, false);
    expect(result.stdout).toContain('ids 4100 4100 4100 4201 4202 /srv/svc');
    expect(result.stdout).toContain('"ownedAtSpawn":true');
    expect(result.stdout).toContain('"ownedAfter":false');
  });

  it('reports a missing program as a spawn failure, not as setpriv exiting 127', async () => {
    const result = await inNamespace({ ...base, argv: ['no-such-program-x'], user: { user: 'svc' } }, false);
    expect(result.stdout).toContain('"kind":"failed"');
    expect(result.stdout).toContain('"code":127');
  });

  it('warns once and runs without them when setpriv is missing', async () => {
    const opts = {
      ...base,
      stdout: 'inherit',
      argv: ['sh', '-c', 'echo "ids $(id -u) $(id -G)"'],
      user: { user: 'svc' },
    };
    const result = await inNamespace(opts, true);
    expect(result.stdout).toContain('ids 4100 4100\n');
    expect(result.stdout).toMatch(/"warning":"setpriv .*supplementary groups/);
  });
});
