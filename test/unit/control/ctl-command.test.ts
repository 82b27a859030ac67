// Every ctl command over a real Unix socket against a fake runtime.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCtl } from '../../../src/control/ctl-command.js';
import { type ControlFixture, ctlAt, eventually, startFixture } from './control-fixture.js';
import { programView } from './program-view.js';

let fx: ControlFixture;

beforeEach(async () => {
  fx = await startFixture([
    programView({ name: 'web', pid: 10, health: 'healthy' }),
    programView({ name: 'worker', pid: 11 }),
    programView({
      name: 'migrate',
      type: 'oneshot',
      state: 'exited',
      pid: null,
      uptime_ms: null,
      last_exit: { code: 0, signal: null, at: '2025-01-01T00:00:00.000Z', requested: false },
    }),
  ]);
});
afterEach(async () => {
  await fx.cleanup();
});

describe('status', () => {
  it('prints the table and exits 0 when every program is OK', async () => {
    const r = await fx.ctl(['status']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATE\s+PID\s+UPTIME\s+RESTARTS\s+LAST-EXIT\s+NEXT-RESTART\s+HEALTH$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['web', 'worker', 'migrate']);
  });

  it('prints the views as JSON', async () => {
    const r = await fx.ctl(['status', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([...fx.api.programs.values()]);
  });

  it('exits 3 when a program is not OK, and 0 when only OK programs are named', async () => {
    fx.api.set('worker', { state: 'backoff', pid: null, next_restart_in_ms: 400 });
    expect((await fx.ctl(['status'])).code).toBe(3);
    expect((await fx.ctl(['status', 'web', 'migrate'])).code).toBe(0);
    expect((await fx.ctl(['status', 'worker', '--json'])).code).toBe(3);
    fx.api.set('worker', { state: 'running', pid: 12, health: 'unhealthy' });
    expect((await fx.ctl(['status', 'worker'])).code).toBe(3);
  });

  it('fails with one line naming an unknown program', async () => {
    const r = await fx.ctl(['status', 'nope']);
    expect(r).toEqual({ code: 1, out: '', err: 'tsvisor ctl: unknown program "nope"\n' });
  });
});

describe('start / stop / restart / signal', () => {
  it('stops, starts and restarts programs and prints their new state', async () => {
    const stopped = await fx.ctl(['stop', 'web']);
    expect(stopped).toEqual({ code: 0, out: 'web: stopped\n', err: '' });
    expect(fx.api.programs.get('web')).toMatchObject({ state: 'stopped', held: true });
    const started = await fx.ctl(['start', 'web']);
    expect(started.out).toMatch(/^web: running \(pid \d+\)\n$/);
    const restarted = await fx.ctl(['restart', 'all']);
    expect(restarted.out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(fx.api.calls).toEqual(['stop web', 'start web', 'restart all']);
  });

  it('exits 1 and says why when a program did not start', async () => {
    fx.api.set('worker', { state: 'stopped', pid: null });
    fx.api.startOutcome.set('worker', {
      state: 'backoff',
      pid: null,
      last_exit: { code: 127, signal: null, at: '2025-01-01T00:00:00.000Z', requested: false },
      next_restart_in_ms: 200,
    });
    const r = await fx.ctl(['start', 'web', 'worker']);
    expect(r).toEqual({
      code: 1,
      out: expect.stringMatching(/^web: running \(pid \d+\)\nworker: backoff\n$/),
      err: 'tsvisor ctl: worker failed to start (exit 127, next try in 200 ms)\n',
    });
  });

  it('fails on an unknown name without touching known ones', async () => {
    const r = await fx.ctl(['stop', 'web', 'ghost']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('tsvisor ctl: unknown program "ghost"\n');
    expect(fx.api.programs.get('web')?.state).toBe('running');
  });

  it('sends a canonicalised signal', async () => {
    const r = await fx.ctl(['signal', 'hup', 'web', 'worker']);
    expect(r).toEqual({ code: 0, out: 'sent SIGHUP to web, worker\n', err: '' });
    expect(fx.api.calls).toContain('signal SIGHUP web worker');
  });

  it('rejects a bad signal before connecting, with exit 2', async () => {
    const r = await fx.ctl(['signal', 'SIGNOPE', 'web']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^tsvisor ctl: unknown signal "SIGNOPE"/);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(fx.api.calls).toEqual([]);
  });
});

describe('logs', () => {
  it('prints the last N lines, stderr lines on stderr', async () => {
    fx.api.emitLine('web', 'one');
    fx.api.emitLine('worker', 'other program');
    fx.api.emitLine('web', 'two', 'stderr');
    fx.api.emitLine('web', 'three');
    const r = await fx.ctl(['logs', 'web', '-n', '2']);
    expect(r).toEqual({ code: 0, out: 'three\n', err: 'two\n' });
  });

  it('joins the pieces of an over-long line back into one line', async () => {
    fx.api.emitLine('web', 'aaa', 'stdout', true);
    fx.api.emitLine('web', 'bbb', 'stdout', true);
    fx.api.emitLine('web', 'c');
    fx.api.emitLine('web', 'next');
    const r = await fx.ctl(['logs', 'web', '-n', '4']);
    expect(r).toEqual({ code: 0, out: 'aaabbbc\nnext\n', err: '' });
  });

  it('follows new lines until the server ends the stream, then unsubscribes', async () => {
    fx.api.emitLine('web', 'old');
    let out = '';
    const following = runCtl(
      ['--socket', fx.socketPath, 'logs', 'web', '-n', '1', '-f'],
      {},
      { write: (t: string) => (out += t) },
      { write: () => undefined },
    );
    await eventually(() => fx.api.followers.size === 1);
    fx.api.emitLine('web', 'new 1');
    fx.api.emitLine('worker', 'not mine');
    fx.api.emitLine('web', 'new 2');
    await eventually(() => out.includes('new 2'));
    await fx.server.close();
    expect(await following).toBe(0);
    expect(out).toBe('old\nnew 1\nnew 2\n');
    expect(fx.api.followers.size).toBe(0);
  });
});

describe('reload / shutdown / wait', () => {
  it('prints the reload diff', async () => {
    fx.api.reloadReport = {
      ok: true,
      added: ['c'],
      removed: ['d'],
      changed: ['web'],
      unchanged: ['worker'],
      errors: [],
    };
    const r = await fx.ctl(['reload']);
    expect(r).toEqual({
      code: 0,
      out: 'added: c\nremoved: d\nchanged: web\nunchanged: worker\n',
      err: '',
    });
  });

  it('says so when a reload changes nothing', async () => {
    fx.api.reloadReport = { ok: true, added: [], removed: [], changed: [], unchanged: ['web'], errors: [] };
    expect((await fx.ctl(['reload'])).out).toBe('reload: no changes\nunchanged: web\n');
  });

  it('exits 1 with the errors when the new config is invalid', async () => {
    fx.api.reloadReport = {
      ok: false,
      added: [],
      removed: [],
      changed: [],
      unchanged: [],
      errors: ['/etc/tsvisor.yaml:3:5: programs.web.command: Required'],
    };
    const r = await fx.ctl(['reload']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('  /etc/tsvisor.yaml:3:5: programs.web.command: Required\n');
  });

  it('asks for shutdown', async () => {
    expect(await fx.ctl(['shutdown'])).toEqual({ code: 0, out: 'tsvisor is shutting down\n', err: '' });
    expect(fx.api.calls).toEqual(['shutdown']);
  });

  it('waits until the program is running', async () => {
    fx.api.set('worker', { state: 'starting' });
    const waiting = fx.ctl(['wait', 'worker', '--for', 'running', '--timeout', '20s']);
    await new Promise((r) => setTimeout(r, 50));
    fx.api.set('worker', { state: 'running' });
    expect(await waiting).toEqual({ code: 0, out: 'worker is running\n', err: '' });
  });

  it('returns at once when already healthy, and exits 3 on timeout', async () => {
    expect((await fx.ctl(['wait', 'web', '--for', 'healthy'])).code).toBe(0);
    const r = await fx.ctl(['wait', 'worker', '--for', 'healthy', '--timeout', '100ms']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/did not become healthy/);
  });

  it('fails at once for an unknown program', async () => {
    const r = await fx.ctl(['wait', 'ghost', '--timeout', '1h']);
    expect(r).toEqual({ code: 1, out: '', err: 'tsvisor ctl: unknown program "ghost"\n' });
  });
});

describe('connection problems and usage', () => {
  it('explains a missing socket in one line', async () => {
    const path = join(fx.dir, 'missing.sock');
    const r = await ctlAt(path, ['status']);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: `tsvisor ctl: cannot connect to ${path}: no such file (is tsvisor running? set --socket or TSVISOR_SOCKET)\n`,
    });
  });

  it('uses TSVISOR_SOCKET when --socket is absent', async () => {
    let out = '';
    const code = await runCtl(
      ['status', 'web'],
      { TSVISOR_SOCKET: fx.socketPath },
      { write: (t: string) => (out += t) },
      { write: () => undefined },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^web\s+running/m);
  });

  it('exits 2 on usage errors and 0 on --help', async () => {
    const bad = await fx.ctl(['stats']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('tsvisor ctl: unknown command "stats" (see tsvisor ctl --help)\n');
    const help = await fx.ctl(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: tsvisor ctl/);
  });
});
