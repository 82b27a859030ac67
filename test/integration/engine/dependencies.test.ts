// depends_on conditions, health checks, sd_notify readiness, oneshots and forking daemons, as PID 1.
import { describe, expect, it } from 'vitest';
import { parseEvents, transitionsTo } from '../../helpers/log-events.js';
import { pid1Session } from '../../helpers/pid1-session.js';
import { waitUntil } from '../../helpers/wait-until.js';

const session = pid1Session();

const config = (programs: string) =>
  session.config(`programs:
${programs}`);

const port = () => 20_000 + Math.floor(Math.random() * 20_000);
const eventIndex = (stderr: string, program: string, to: string) =>
  parseEvents(stderr).findIndex((e) => e.program === program && e.to === to);
const healthIndex = (stderr: string, program: string) =>
  parseEvents(stderr).findIndex((e) => e.program === program && e.health === 'healthy');

describe('dependencies and readiness as PID 1', () => {
  it('a oneshot finishes before its completed_successfully dependent starts', async () => {
    const path = config(`
  app:
    command: ["sh", "-c", "echo app-started; exec sleep 1000"]
    depends_on: { init: { condition: completed_successfully } }
  init:
    type: oneshot
    command: ["sh", "-c", "sleep 0.3; echo init-done"]
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/"program":"app".*"to":"running"/);
    const stderr = run.stderr();
    expect(eventIndex(stderr, 'init', 'exited')).toBeGreaterThan(-1);
    expect(eventIndex(stderr, 'init', 'exited')).toBeLessThan(eventIndex(stderr, 'app', 'starting'));
    expect(run.stdout()).toMatch(/init +\| init-done/);
  });

  it('a failing oneshot blocks its dependents and ctl status says why', async () => {
    const path = config(`
  app:
    command: ["sleep", "1000"]
    depends_on: { migrate: { condition: completed_successfully } }
  migrate:
    type: oneshot
    command: ["sh", "-c", "exit 4"]
    restart: "no"
  other:
    command: ["sleep", "1000"]
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/not started: blocked: migrate failed with 4/);
    const status = await run.exec([process.execPath, '--', ...ctlArgs(), 'status', '--json']);
    const rows = JSON.parse(status.stdout) as Array<{ name: string; state: string; blocked: string | null }>;
    expect(rows.find((r) => r.name === 'app')).toMatchObject({
      state: 'stopped',
      blocked: 'blocked: migrate failed with 4',
    });
    expect(rows.find((r) => r.name === 'other')?.state).toBe('running');
    expect(status.code).toBe(3);
  });

  it.each(['exec', 'tcp'])('a dependent with condition healthy waits for the %s healthcheck to pass', async (kind) => {
    const p = port();
    const check =
      kind === 'tcp'
        ? `{ tcp: ${p}, start_interval: 100ms }`
        : `{ test: ["CMD", "node", "-e", "require('net').connect(${p}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"], start_interval: 100ms }`;
    const path = config(`
  db:
    command: ["node", "-e", "setTimeout(() => require('net').createServer().listen(${p}, '127.0.0.1', () => console.log('db-listening')), 700)"]
    healthcheck: ${check}
  app:
    command: ["sh", "-c", "echo app-started; exec sleep 1000"]
    depends_on: { db: { condition: healthy } }
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/app +\| app-started/, 30_000);
    const stderr = run.stderr();
    expect(run.stdout().indexOf('db-listening')).toBeLessThan(run.stdout().indexOf('app-started'));
    expect(healthIndex(stderr, 'db')).toBeGreaterThan(-1);
    expect(healthIndex(stderr, 'db')).toBeLessThan(eventIndex(stderr, 'app', 'starting'));
  });

  it('sd_notify READY=1 counts as healthy', async () => {
    const path = config(`
  daemon:
    notify: true
    command: ["python3", "-c", "import os, socket, time; time.sleep(0.5); print('daemon-ready', flush=True); s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'STATUS=warming up\\\\nREADY=1', os.environ['NOTIFY_SOCKET']); time.sleep(1000)"]
  app:
    command: ["sh", "-c", "echo app-started; exec sleep 1000"]
    depends_on: { daemon: { condition: healthy } }
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/app +\| app-started/, 30_000);
    expect(run.stdout().indexOf('daemon-ready')).toBeLessThan(run.stdout().indexOf('app-started'));
    expect(healthIndex(run.stderr(), 'daemon')).toBeLessThan(eventIndex(run.stderr(), 'app', 'starting'));
  });

  it('a program whose healthcheck fails retries times in a row is restarted', async () => {
    const path = config(`
  flaky:
    command: ["sh", "-c", "echo flaky-started; exec sleep 1000"]
    healthcheck: { test: ["CMD", "false"], interval: 100ms, start_interval: 100ms, retries: 2 }
    backoff: { initial: 50ms }
`);
    const run = await session.start(['-c', path]);
    await waitUntil(
      () => (session.run.stdout().match(/flaky-started/g)?.length ?? 0) >= 2,
      'a restart after unhealthy',
    );
    const stderr = run.stderr();
    expect(stderr).toMatch(/"program":"flaky".*health: unhealthy/);
    expect(transitionsTo(stderr, 'stopping')[0]).toMatchObject({ program: 'flaky', reason: 'unhealthy' });
  });

  it('a forking daemon is supervised: killed from outside it is restarted, stopped it gets its stop signal', async () => {
    const dir = session.dir;
    const pidfile = `${dir.dir}/daemon.pid`;
    const log = `${dir.dir}/daemon.log`;
    // A classic daemon: fork, the parent exits 0, the child writes the pidfile and runs on.
    const script = dir.write(
      `#!/bin/sh
( trap 'echo got-term >> ${log}; exit 0' TERM; echo $(sh -c 'echo $PPID') > ${pidfile}.tmp; mv ${pidfile}.tmp ${pidfile}; echo started >> ${log}; while :; do sleep 0.05; done ) &
exit 0
`,
      'daemonize.sh',
    );
    const path = session.config(`programs:
  legacy:
    type: forking
    pidfile: ${pidfile}
    command: ["sh", "${script}"]
    backoff: { initial: 50ms }
`);
    const run = await session.start(['-c', path]);
    const first = await run.waitFor(/"program":"legacy".*"to":"running"/);
    const pid = JSON.parse(first).pid as number;
    // Inside the namespace the daemon is re-parented to tsvisor (PID 1).
    await run.exec(['kill', '-KILL', String(pid)]);
    await waitUntil(
      () => transitionsTo(session.run.stderr(), 'running').filter((e) => e.program === 'legacy').length >= 2,
      'a restart',
    );
    const second = transitionsTo(run.stderr(), 'running').filter((e) => e.program === 'legacy')[1];
    expect(second?.pid).not.toBe(pid);
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    expect(result.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(log, 'utf8')).toContain('got-term');
    expect(transitionsTo(result.stderr, 'stopped').find((e) => e.program === 'legacy')?.exit).not.toBe('SIGKILL');
  });
});

/** `tsvisor ctl` through the built bundle, with the socket from the test's config. */
function ctlArgs(): string[] {
  return [new URL('../../../bin/tsvisor', import.meta.url).pathname, 'ctl', '--socket', session.dir.socket];
}
