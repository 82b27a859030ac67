// examples/legacy-app on a real engine: start order, prefixed logs,
// `tsvisor ctl status` as a health verdict, and a fast, graceful, exit-0
// `docker stop` with every program's own shutdown visible in `docker logs`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Containers, e2eContext, eventually, programLine } from './context.js';
import { timed } from './phase-timer.js';

const ctx = e2eContext();

describe.skipIf(ctx.skip !== null)('legacy-app example (redis + seed + worker + nginx)', () => {
  const containers = new Containers(ctx);
  const status = (name: string, ...names: string[]) =>
    containers.cli.run(['exec', name, 'tsvisor', 'ctl', 'status', ...names], { timeoutMs: 30_000 });
  let name = '';

  beforeAll(async () => {
    name = await containers.start('legacy', [ctx.images.legacy]);
    const ok = await timed('legacy-app: start until `ctl status` exits 0', () =>
      eventually(async () => (await status(name)).exitCode === 0, 60_000),
    );
    if (!ok) console.log(await containers.logs(name));
    expect(ok).toBe(true);
  });
  afterAll(() => containers.cleanup());

  it('runs every program and reports them all OK', async () => {
    const r = await containers.cli.run(['exec', name, 'tsvisor', 'ctl', 'status', '--json']);
    expect(r.exitCode).toBe(0);
    const views = JSON.parse(r.stdout) as { name: string; state: string; health: string }[];
    const byName = Object.fromEntries(views.map((v) => [v.name, v]));
    expect(Object.keys(byName).sort()).toEqual(['nginx', 'redis', 'seed', 'worker']);
    expect(byName.redis?.state).toBe('running');
    expect(byName.redis?.health).toBe('healthy');
    expect(byName.nginx?.health).toBe('healthy');
    expect(byName.worker?.state).toBe('running');
    expect(byName.seed?.state).toBe('exited');
  });

  it('starts programs in dependency order and the worker sees the seeded data', async () => {
    expect(await eventually(async () => (await containers.logs(name)).includes('worker: done job-5'), 30_000)).toBe(
      true,
    );
    // All three write to stdout, whose order is exact.
    const lines = (await containers.streams(name)).stdout;
    const first = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const redisReady = first(programLine('redis', 'Ready to accept connections'));
    const seeded = first(programLine('seed', 'seeded 5 jobs'));
    const workerStarted = first(programLine('worker', 'worker: started'));
    expect(redisReady).toBeGreaterThanOrEqual(0);
    expect(seeded).toBeGreaterThan(redisReady);
    expect(workerStarted).toBeGreaterThan(seeded);
  });

  it('shows prefixed lines from each program in docker logs', async () => {
    const logs = await containers.logs(name);
    for (const program of ['redis', 'seed', 'worker', 'nginx']) {
      expect(logs, `no "${program} |" line`).toMatch(programLine(program, ''));
    }
    // stdout and stderr are both captured: redis writes to stdout, nginx's error_log to stderr.
    expect(logs).toMatch(programLine('redis', 'Server initialized'));
    expect(logs).toMatch(programLine('nginx', 'start worker processes'));
  });

  it('makes `ctl status` exit non-zero while a program is down, and 0 again after it is back', async () => {
    const stop = await containers.cli.run(['exec', name, 'tsvisor', 'ctl', 'stop', 'nginx']);
    expect(stop.exitCode, stop.stderr).toBe(0);
    const down = await status(name);
    expect(down.exitCode).toBe(3);
    expect(down.stdout).toMatch(/nginx/);
    // Asking only about redis is still OK: probes can target one program.
    expect((await status(name, 'redis')).exitCode).toBe(0);
    const start = await containers.cli.run(['exec', name, 'tsvisor', 'ctl', 'start', 'nginx']);
    expect(start.exitCode, start.stderr).toBe(0);
    expect(await eventually(async () => (await status(name)).exitCode === 0, 30_000)).toBe(true);
  });

  it('stops gracefully on docker stop, well within Docker’s 10 s, with exit code 0', async () => {
    const t0 = performance.now();
    await timed('legacy-app: docker stop', () => containers.cli.ok(['stop', '-t', '10', name], { timeoutMs: 30_000 }));
    const stopSeconds = (performance.now() - t0) / 1000;
    expect(stopSeconds).toBeLessThan(6);
    expect(await containers.exitCode(name)).toBe(0);

    const { stdout, stderr } = await containers.streams(name);
    const text = [...stdout, ...stderr].join('\n');
    expect(text).toMatch(programLine('redis', 'Received SIGTERM'));
    expect(text).toMatch(programLine('redis', 'DB saved on disk'));
    expect(text).toMatch(programLine('worker', 'received SIGTERM, stopped cleanly'));
    expect(text).toMatch(programLine('nginx', 'gracefully shutting down'));
    // Reverse dependency order: the worker and nginx are gone before redis is asked to stop. Redis and the
    // worker write to stdout; nginx's error_log and tsvisor's own events go to stderr.
    const redisTerm = stdout.findIndex((l) => programLine('redis', 'Received SIGTERM').test(l));
    const workerDone = stdout.findIndex((l) => programLine('worker', 'stopped cleanly').test(l));
    expect(workerDone, around(stdout, redisTerm)).toBeLessThan(redisTerm);
    // Only the shutdown: the earlier test stopped and started nginx too.
    const shutdown = stderr.slice(stderr.findIndex((l) => l.includes('"msg":"shutting down"')));
    const shown = shutdown.join('\n');
    const event = (program: string, msg: string) => shutdown.findIndex((l) => isEvent(l, program, msg));
    const redisStopping = event('redis', 'stopping');
    const nginxLast = shutdown.findLastIndex((l) => programLine('nginx', '').test(l));
    const nginxStopped = event('nginx', 'stopped');
    const workerStopped = event('worker', 'stopped');
    expect(nginxLast, shown).toBeGreaterThan(0);
    expect(nginxLast, shown).toBeLessThan(nginxStopped);
    expect(nginxStopped, shown).toBeLessThan(redisStopping);
    expect(workerStopped, shown).toBeGreaterThan(0);
    expect(workerStopped, shown).toBeLessThan(redisStopping);
  });
});

/** tsvisor's own JSON log event for `program` with message `msg`. */
function isEvent(line: string, program: string, msg: string): boolean {
  if (!line.startsWith('{')) return false;
  const event = JSON.parse(line) as { program?: string; msg?: string };
  return event.program === program && event.msg === msg;
}

/** The lines around index i, for a failure message that shows the order. */
function around(lines: readonly string[], i: number): string {
  return lines.slice(Math.max(0, i - 15), i + 5).join('\n');
}
