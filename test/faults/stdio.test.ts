// tsvisor's own outputs under attack: stdout closed, a pipe whose reader
// exits (EPIPE + SIGPIPE in PID 1), a reader that stops reading, a full disk
// for log files and the state dir.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestDir } from '../helpers/config-file.js';
import { parseEvents } from '../helpers/log-events.js';
import { request } from './harness/control-client.js';
import { cleanupFaultRuns, expectTableTrue, type FaultRun, startFaultRun, stopAndCheck } from './harness/fault-run.js';

afterEach(cleanupFaultRuns);

const PROGRAMS = `  chatty:
    command: ["sh", "-c", "while :; do echo tick-tick-tick-tick-tick-tick-tick-tick; sleep 0.01; done"]
  quiet:
    command: ["sleep", "100000"]
  flaky:
    command: ["sh", "-c", "sleep 0.3; exit 1"]
    backoff: { initial: 50ms, max: 100ms }
`;

// PID 1 is the wrapping shell until it execs node, so the namespace's init is tsvisor itself.
const shellWrap = (script: string) => (argv: string[]) => ['sh', '-c', script, 'sh', ...argv];

/** tsvisor answers, supervision goes on (flaky keeps being restarted), and the long-running ones never died. */
async function expectStillSupervising(fr: FaultRun): Promise<void> {
  const before = (await fr.status()).find((v) => v.name === 'flaky')?.restarts ?? 0;
  const t0 = Date.now();
  await fr.until((v) => (v.find((x) => x.name === 'flaky')?.restarts ?? 0) >= before + 2, 'flaky restarted twice more');
  expect(Date.now() - t0).toBeLessThan(15_000);
  const views = await fr.status();
  for (const name of ['chatty', 'quiet']) {
    expect(views.find((v) => v.name === name)).toMatchObject({ state: 'running', restarts: 0 });
  }
  await expectTableTrue(fr);
}

describe("tsvisor's own stdout and disk fail", () => {
  it('stdout closed before start', async () => {
    const fr = await startFaultRun(PROGRAMS, { wrap: shellWrap('exec "$@" >&-') });
    await new Promise((r) => setTimeout(r, 1000));
    await expectStillSupervising(fr);
    await stopAndCheck(fr);
  });

  it('stdout is a pipe whose reader exits: EPIPE and SIGPIPE kill no program (regression: SIGPIPE was forwarded)', async () => {
    const fr = await startFaultRun(PROGRAMS, {
      wrap: shellWrap('f=$(mktemp -u); mkfifo "$f"; head -c 2000 "$f" >/dev/null & exec "$@" >"$f"'),
    });
    await fr.run.waitFor(/stdout is closed \(EPIPE\)/, 15_000);
    await expectStillSupervising(fr);
    // A control client that vanishes before its answer is written is the same EPIPE on a socket.
    for (let i = 0; i < 20; i++) await request(fr.dir.socket, 'status', {}, 5000).catch(() => undefined);
    await expectStillSupervising(fr);
    const result = await stopAndCheck(fr);
    expect(parseEvents(result.stderr).filter((e) => e.exit === 'SIGPIPE')).toEqual([]);
  });

  it('stdout is a pipe nobody reads: programs block on their output, PID 1 does not', async () => {
    const fr = await startFaultRun(PROGRAMS, {
      wrap: shellWrap('f=$(mktemp -u); mkfifo "$f"; sleep 100000 <"$f" & exec "$@" >"$f"'),
    });
    // 64 KiB of pipe plus the writer's 1 MiB queue fill within seconds at this rate.
    await new Promise((r) => setTimeout(r, 3000));
    await expectStillSupervising(fr);
    const t0 = Date.now();
    const result = await stopAndCheck(fr);
    // The final flush gives up on a blocked stdout after its bounded wait.
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(result.code).toBe(0);
  });

  it('a full disk for log files and the state dir is logged, never fatal', async () => {
    const full = (dir: TestDir) => join(dir.dir, 'full');
    const fr = await startFaultRun(
      (dir) => `  logged:
    command: ["sh", "-c", "while :; do echo log-line-log-line-log-line-log-line-log-line; sleep 0.005; done"]
    output: { file: { path: ${full(dir)}/app.log, max_size: 16KB, max_files: 3 } }
  filler:
    command: ["sh", "-c", "cat /dev/zero > ${full(dir)}/filler; echo disk-full; exec sleep 100000"]
  held:
    command: ["sleep", "100000"]
    restart: unless-stopped
  flaky:
    command: ["sh", "-c", "sleep 0.3; exit 1"]
    backoff: { initial: 50ms, max: 100ms }
`,
      {
        // A 64 KiB tmpfs mounted only in the namespace's private mount namespace, never on the host.
        wrap: (argv, dir) => {
          mkdirSync(full(dir));
          return ['sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${full(dir)} && exec "$@"`, 'sh', ...argv];
        },
        stateDir: (dir) => join(full(dir), 'state'),
      },
    );
    await fr.run.waitFor('filler | disk-full', 15_000);
    const stop = await request(fr.dir.socket, 'stop', { names: ['held'] }, 10_000);
    expect(stop.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const views = await fr.status();
    expect(views.find((v) => v.name === 'logged')).toMatchObject({ state: 'running', restarts: 0 });
    expect(views.find((v) => v.name === 'held')?.state).toBe('stopped');
    await fr.until((v) => (v.find((x) => x.name === 'flaky')?.restarts ?? 0) >= 3, 'flaky restarts');
    await expectTableTrue(fr);
    const result = await stopAndCheck(fr);
    expect(result.stderr).toMatch(/ENOSPC/);
  });
});
