// examples/drop-in (`ENTRYPOINT ["tsvisor", "--"]`): tsvisor as a tini-style
// init for one command: exit code passed through, docker stop fast.
import { afterAll, describe, expect, it } from 'vitest';
import { Containers, e2eContext, eventually, pid1CatchesSigterm } from './context.js';
import { timed } from './phase-timer.js';

const ctx = e2eContext();

describe.skipIf(ctx.skip !== null)('drop-in image (tsvisor -- CMD)', () => {
  const containers = new Containers(ctx);
  afterAll(() => containers.cleanup());

  // PID 1 ignores a signal it has no handler for, so a SIGTERM sent while node
  // is still starting is lost and Docker falls back to SIGKILL after 10 s.
  // Wait for the handler: these tests are about the steady state; the window
  // itself is measured in its own test.
  const startSteady = async (prefix: string, args: readonly string[]) => {
    const name = await containers.start(prefix, args);
    expect(await eventually(() => pid1CatchesSigterm(containers, name), 30_000, 20)).toBe(true);
    return name;
  };

  const stopTimed = async (label: string, name: string) => {
    const t0 = performance.now();
    await timed(label, () => containers.cli.ok(['stop', '-t', '10', name], { timeoutMs: 30_000 }));
    return (performance.now() - t0) / 1000;
  };

  it("passes the command's exit code through: sh -c 'exit 3' → 3", async () => {
    const r = await timed('drop-in: docker run exit 3', () =>
      containers.cli.run(['run', '--rm', '--network', 'none', ctx.images.dropIn, 'sh', '-c', 'exit 3']),
    );
    expect(r.exitCode, r.stderr).toBe(3);
  });

  it('docker stop of a plain sleep returns fast with 143 (128 + SIGTERM)', async () => {
    const name = await startSteady('dropin-sleep', [ctx.images.dropIn, 'sleep', '1000']);
    expect(await stopTimed('drop-in: docker stop sleep', name)).toBeLessThan(5);
    expect(await containers.exitCode(name)).toBe(143);
  });

  it('-e 143 reports the same stop as 0', async () => {
    const name = await startSteady('dropin-remap', [
      '--entrypoint',
      'tsvisor',
      ctx.images.dropIn,
      '-e',
      '143',
      '--',
      'sleep',
      '1000',
    ]);
    expect(await stopTimed('drop-in -e 143: docker stop', name)).toBeLessThan(5);
    expect(await containers.exitCode(name)).toBe(0);
  });

  it('the default app (traps SIGTERM) stops with 0 and logs its own shutdown', async () => {
    const name = await startSteady('dropin-app', [ctx.images.dropIn]);
    // app.sh installs its own trap a moment after it starts.
    expect(await eventually(async () => (await containers.logs(name)).includes('app: started'), 30_000)).toBe(true);
    expect(await stopTimed('drop-in app.sh: docker stop', name)).toBeLessThan(5);
    expect(await containers.exitCode(name)).toBe(0);
    expect(await containers.logs(name)).toMatch(/app: SIGTERM received, exiting/);
  });

  it('measures how long after `docker run` PID 1 starts catching SIGTERM (the lost-signal window)', async () => {
    const t0 = performance.now();
    const name = await containers.start('dropin-window', [ctx.images.dropIn, 'sleep', '1000']);
    const started = performance.now();
    expect(await eventually(() => pid1CatchesSigterm(containers, name), 30_000, 10)).toBe(true);
    const now = performance.now();
    console.log(
      `[e2e] drop-in: SIGTERM handler installed ${((now - started) / 1000).toFixed(2)}s after \`docker run -d\` returned (${((now - t0) / 1000).toFixed(2)}s after it was called)`,
    );
  });
});
