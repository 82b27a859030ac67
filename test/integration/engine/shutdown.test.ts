// Ordered start and graceful shutdown as PID 1, signalled from outside like `docker stop`.
import { describe, expect, it } from 'vitest';
import { transitionsTo } from '../../helpers/log-events.js';
import { pid1Session } from '../../helpers/pid1-session.js';

const session = pid1Session();

// Prints when it receives SIGTERM, takes a moment to "flush", then exits 0.
const graceful = (name: string) =>
  `["sh", "-c", "trap 'echo ${name}-got-term; sleep 0.1; echo ${name}-saved; exit 0' TERM; echo ${name}-up; while :; do sleep 0.05; done"]`;

const config = (body: string) => session.config(body);
// Ignores SIGTERM: only SIGKILL ends it.
const ignoresTerm = `["sh", "-c", "trap '' TERM; echo slow-up; while :; do sleep 0.05; done"]`;

describe('ordered start and shutdown as PID 1', () => {
  it('starts in dependency order and stops in reverse; a TERM-ignoring program is SIGKILLed after its grace', async () => {
    const path = config(`
shutdown: { timeout: 9s }
programs:
  web:
    command: ${graceful('web')}
    depends_on: [app]
  app:
    command: ${graceful('app')}
    depends_on: [db]
  db:
    command: ${graceful('db')}
  stubborn:
    command: ["sh", "-c", "trap '' TERM; echo stubborn-up; while :; do sleep 0.05; done"]
    stop_grace_period: 1s
`);
    const run = await session.start(['-c', path]);
    for (const name of ['web', 'app', 'db', 'stubborn']) await run.waitFor(new RegExp(`${name} +\\| ${name}-up`));
    const started = transitionsTo(run.stderr(), 'running').map((e) => e.program);
    expect(started.indexOf('db')).toBeLessThan(started.indexOf('app'));
    expect(started.indexOf('app')).toBeLessThan(started.indexOf('web'));

    const t0 = Date.now();
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    const elapsed = Date.now() - t0;

    const stopped = transitionsTo(result.stderr, 'stopping').map((e) => e.program);
    expect(stopped.indexOf('web')).toBeLessThan(stopped.indexOf('app'));
    expect(stopped.indexOf('app')).toBeLessThan(stopped.indexOf('db'));
    // Each graceful program finished its TERM handler before its dependency was asked to stop.
    const out = result.stdout;
    expect(out.indexOf('web-saved')).toBeGreaterThan(-1);
    expect(out.indexOf('web-saved')).toBeLessThan(out.indexOf('app-got-term'));
    expect(out.indexOf('app-saved')).toBeLessThan(out.indexOf('db-got-term'));
    expect(out).toContain('db-saved');
    expect(result.stderr).toMatch(/"program":"stubborn".*sending SIGKILL/);
    const stubbornExit = transitionsTo(result.stderr, 'stopped').find((e) => e.program === 'stubborn');
    expect(stubbornExit?.exit).toBe('SIGKILL');
    expect(result.code).toBe(0);
    // Grace (1 s) + a generous margin; the other programs stop in parallel with it.
    expect(elapsed).toBeLessThan(8000);
  });

  it('keeps a dependency up until dependents that reach it through an exited oneshot are down', async () => {
    // db ← migrate (oneshot, exits at once) ← worker: db's only direct dependent is long gone at shutdown.
    const path = config(`
programs:
  db:
    command: ${graceful('db')}
  migrate:
    type: oneshot
    command: ["sh", "-c", "echo migrated"]
    depends_on: [db]
  worker:
    command: ["sh", "-c", "trap 'echo worker-got-term; sleep 0.3; echo worker-saved; exit 0' TERM; echo worker-up; while :; do sleep 0.05; done"]
    depends_on:
      migrate: { condition: completed_successfully }
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/worker +\| worker-up/);
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out.indexOf('worker-saved')).toBeGreaterThan(-1);
    expect(out.indexOf('worker-saved')).toBeLessThan(out.indexOf('db-got-term'));
    const stopping = transitionsTo(result.stderr, 'stopping').map((e) => e.program);
    expect(stopping).toEqual(['worker', 'db']);
  });

  it('a critical program exiting 7 stops the rest gracefully and tsvisor exits 7', async () => {
    const path = config(`
programs:
  main:
    command: ["sh", "-c", "sleep 0.5; exit 7"]
    restart: "no"
    critical: true
  helper:
    command: ${graceful('helper')}
`);
    const run = await session.start(['-c', path]);
    const result = await run.waitExit(30_000);
    expect(result.stdout).toContain('helper-got-term');
    expect(result.stdout).toContain('helper-saved');
    expect(result.stderr).toMatch(/critical program ended/);
    expect(result.code).toBe(7);
  });

  it('a critical program killed by a signal gives 128 + signal', async () => {
    const path = config(`
programs:
  main:
    command: ["sh", "-c", "kill -KILL $$"]
    restart: "no"
    critical: true
`);
    const run = await session.start(['-c', path]);
    const result = await run.waitExit(30_000);
    expect(result.code).toBe(137);
  });

  it('a second SIGTERM during shutdown skips to SIGKILL', async () => {
    const path = config(`
programs:
  slow:
    command: ${ignoresTerm}
    stop_grace_period: 30s
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/slow +\| slow-up/);
    run.signal('SIGTERM');
    await run.waitFor(/"to":"stopping"/);
    const t0 = Date.now();
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(result.stderr).toMatch(/second shutdown request/);
    expect(result.code).toBe(0);
  });

  it('shutdown.timeout bounds the whole shutdown and names what it killed', async () => {
    const path = config(`
shutdown: { timeout: 1s }
programs:
  slow:
    command: ${ignoresTerm}
    stop_grace_period: 30s
`);
    const run = await session.start(['-c', path]);
    await run.waitFor(/slow +\| slow-up/);
    const t0 = Date.now();
    run.signal('SIGTERM');
    const result = await run.waitExit(30_000);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(result.stderr).toMatch(/shutdown timeout: killing slow/);
  });
});
