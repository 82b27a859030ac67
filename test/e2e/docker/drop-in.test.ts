// examples/drop-in (`ENTRYPOINT ["tsvisor", "--"]`): tsvisor as a tini-style
// init for one command: exit code passed through, docker stop fast.
import { afterAll, describe, expect, it } from 'vitest';
import { Containers, e2eContext } from './context.js';
import { timed } from './phase-timer.js';

const ctx = e2eContext();

describe.skipIf(ctx.skip !== null)('drop-in image (tsvisor -- CMD)', () => {
  const containers = new Containers(ctx);
  afterAll(() => containers.cleanup());

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
    const name = await containers.start('dropin-sleep', [ctx.images.dropIn, 'sleep', '1000']);
    await new Promise((r) => setTimeout(r, 500));
    expect(await stopTimed('drop-in: docker stop sleep', name)).toBeLessThan(5);
    expect(await containers.exitCode(name)).toBe(143);
  });

  it('-e 143 reports the same stop as 0', async () => {
    const name = await containers.start('dropin-remap', [
      '--entrypoint',
      'tsvisor',
      ctx.images.dropIn,
      '-e',
      '143',
      '--',
      'sleep',
      '1000',
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await stopTimed('drop-in -e 143: docker stop', name)).toBeLessThan(5);
    expect(await containers.exitCode(name)).toBe(0);
  });

  it('the default app (traps SIGTERM) stops with 0 and logs its own shutdown', async () => {
    const name = await containers.start('dropin-app', [ctx.images.dropIn]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await stopTimed('drop-in app.sh: docker stop', name)).toBeLessThan(5);
    expect(await containers.exitCode(name)).toBe(0);
    expect(await containers.logs(name)).toMatch(/app: SIGTERM received, exiting/);
  });
});
