// Orphans re-parented to PID 1 must be reaped, in config mode and drop-in
// mode alike. Checked from inside the container's PID namespace by reading
// /proc (docker exec processes are not children of PID 1, tini#111, so they
// do not disturb the count).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Containers, e2eContext, eventually } from './context.js';

const ctx = e2eContext();

/** Forks 20 short-lived grandchildren whose parents exit at once, then idles. */
const ORPHAN_MAKER = 'for i in $(seq 1 10); do (sleep 0.3 &); (true &); done; echo orphans made; exec sleep 1000';

interface ProcRow {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly comm: string;
}

/** Lists every process of the container from /proc/<pid>/stat (comm may contain spaces: split after the last ')'). */
async function processes(containers: Containers, name: string): Promise<ProcRow[]> {
  const script = 'for f in /proc/[0-9]*/stat; do cat "$f" 2>/dev/null; echo; done';
  const r = await containers.cli.ok(['exec', name, 'sh', '-c', script]);
  return r
    .split('\n')
    .filter((l) => l.includes(')'))
    .map((l) => {
      const close = l.lastIndexOf(')');
      const [state = '?', ppid = '0'] = l.slice(close + 2).split(' ');
      return {
        pid: Number(l.slice(0, l.indexOf(' '))),
        ppid: Number(ppid),
        state,
        comm: l.slice(l.indexOf('(') + 1, close),
      };
    });
}

describe.skipIf(ctx.skip !== null)('zombie reaping as PID 1', () => {
  const containers = new Containers(ctx);
  const dir = mkdtempSync('/tmp/tsv-e2e-zombie-');
  afterAll(async () => {
    await containers.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectNoZombies = async (name: string) => {
    expect(await eventually(async () => (await containers.logs(name)).includes('orphans made'), 30_000)).toBe(true);
    // The orphans live 0.3 s; give reaping a generous second on top.
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await processes(containers, name);
    expect(rows.find((p) => p.pid === 1)?.comm).toMatch(/node|tsvisor/);
    expect(rows.filter((p) => p.state === 'Z')).toEqual([]);
    // The orphans are gone, not merely re-parented somewhere and still running.
    expect(rows.filter((p) => p.comm === 'sleep' && p.ppid === 1 && p.pid !== 1).length).toBeLessThanOrEqual(1);
  };

  it('config mode: a program that leaves orphans leaves no zombies', async () => {
    writeFileSync(join(dir, 'orphans.yaml'), `programs:\n  orphans:\n    command: [sh, -c, '${ORPHAN_MAKER}']\n`);
    const name = await containers.start('zombies', [
      '-v',
      `${dir}:/cfg:ro`,
      ctx.images.tsvisor,
      '-c',
      '/cfg/orphans.yaml',
    ]);
    await expectNoZombies(name);
    // Not vacuous: PID 1 itself reaped the orphans (its exit log line counts them).
    await containers.cli.ok(['stop', name]);
    const exiting = (await containers.logs(name)).split('\n').find((l) => l.includes('"tsvisor exiting"'));
    expect(exiting, 'no "tsvisor exiting" log line').toBeDefined();
    expect((JSON.parse(exiting ?? '{}') as { reaped_orphans?: number }).reaped_orphans).toBeGreaterThanOrEqual(10);
  });

  it('drop-in mode: the same command leaves no zombies', async () => {
    const name = await containers.start('zombies-dropin', [ctx.images.dropIn, 'sh', '-c', ORPHAN_MAKER]);
    await expectNoZombies(name);
  });
});
