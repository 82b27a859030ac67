import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HANDLED_SIGNALS } from '../../../src/config/signal-names.js';
import { configOf, programOf } from './parse-helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/configs/${name}`, import.meta.url), 'utf8');

describe('defaults', () => {
  it('fills every program default', () => {
    expect(programOf('command: app')).toEqual({
      name: 'p',
      command: ['app'],
      environment: {},
      workingDir: undefined,
      user: undefined,
      restart: { kind: 'always' },
      backoff: { initialMs: 100, maxMs: 60_000, resetAfterMs: 10_000 },
      stopSignal: 'SIGTERM',
      stopGracePeriodMs: 10_000,
      dependsOn: [],
      healthcheck: undefined,
      onUnhealthy: 'restart',
      critical: false,
      type: 'longrun',
      pidfile: undefined,
      notify: false,
      autostart: true,
      output: { mode: 'prefix', timestamps: false, file: undefined },
    });
  });

  it('fills every top-level default', () => {
    const c = configOf(fixture('minimal.yaml'));
    expect(c.source).toBe('t.yaml');
    expect(c.shutdown).toEqual({ timeoutMs: 9000 });
    expect(c.control).toEqual({ socket: '/run/tsvisor.sock', group: undefined, stateDir: '/var/lib/tsvisor' });
    expect(c.logging).toEqual({
      level: 'info',
      format: 'auto',
      output: { mode: 'prefix', timestamps: false, file: undefined },
      ringLines: 1000,
      maxLineBytes: 65536,
    });
    expect(Object.keys(c.signals)).toEqual(HANDLED_SIGNALS);
    expect(c.signals.SIGTERM).toEqual({ kind: 'shutdown' });
    expect(c.signals.SIGINT).toEqual({ kind: 'shutdown' });
    expect(c.signals.SIGQUIT).toEqual({ kind: 'shutdown' });
    expect(c.signals.SIGHUP).toEqual({ kind: 'reload' });
    expect(c.signals.SIGUSR1).toEqual({ kind: 'forward', targets: undefined, as: undefined });
    expect(c.signals.SIGWINCH).toEqual({ kind: 'forward', targets: undefined, as: undefined });
  });

  it('keeps programs in file order, numeric names included', () => {
    const c = configOf(
      'programs:\n  zeta: {command: a}\n  "10": {command: b}\n  alpha: {command: c}\n  "2": {command: d}\n',
    );
    expect(c.programs.map((p) => p.name)).toEqual(['zeta', '10', 'alpha', '2']);
  });
});

describe('full.yaml (every key)', () => {
  const c = configOf(fixture('full.yaml'));
  const prog = (name: string) => c.programs.find((p) => p.name === name);

  it('reads top-level keys', () => {
    expect(c.programs.map((p) => p.name)).toEqual(['migrate', 'db', 'web', 'legacy', 'worker']);
    expect(c.shutdown.timeoutMs).toBe(8000);
    expect(c.control).toEqual({ socket: '/run/tsvisor/control.sock', group: 'tsvisor', stateDir: '/var/lib/tsvisor' });
    expect(c.logging).toEqual({
      level: 'debug',
      format: 'json',
      output: { mode: 'prefix', timestamps: true, file: undefined },
      ringLines: 500,
      maxLineBytes: 16384,
    });
    expect(c.signals.SIGHUP).toEqual({ kind: 'forward', targets: ['web'], as: 'SIGHUP' });
    expect(c.signals.SIGUSR2).toEqual({ kind: 'ignore' });
    expect(c.signals.SIGQUIT).toEqual({ kind: 'shutdown' });
  });

  it('reads program keys', () => {
    expect(prog('migrate')).toMatchObject({ type: 'oneshot', restart: { kind: 'on-failure', maxRestarts: 3 } });
    expect(prog('db')).toMatchObject({
      command: ['postgres', '-D', '/var/lib/postgresql/data'],
      user: { user: 'postgres', group: 'postgres' },
      environment: { PGDATA: '/var/lib/postgresql/data', PGPORT: '5432' },
      stopSignal: 'SIGINT',
      stopGracePeriodMs: 30_000,
      healthcheck: {
        test: { kind: 'tcp', host: '127.0.0.1', port: 5432 },
        intervalMs: 2000,
        timeoutMs: 5000,
        retries: 3,
        startPeriodMs: 5000,
        startIntervalMs: 500,
      },
      output: { mode: 'prefix', timestamps: true, file: undefined },
    });
    expect(prog('web')).toMatchObject({
      command: ['gunicorn', '-b', '0.0.0.0:8000', 'app:create()'],
      workingDir: '/srv/app',
      user: { user: 1000, group: undefined },
      environment: { MODE: 'production', WORKERS: '4' },
      restart: { kind: 'unless-stopped' },
      backoff: { initialMs: 200, maxMs: 30_000, resetAfterMs: 60_000 },
      dependsOn: [
        { name: 'db', condition: 'healthy' },
        { name: 'migrate', condition: 'completed_successfully' },
      ],
      healthcheck: { test: { kind: 'http', url: 'http://127.0.0.1:8000/health' }, retries: 5 },
      onUnhealthy: 'restart',
      critical: true,
      output: {
        mode: 'json',
        timestamps: true,
        file: { path: '/var/log/web.log', maxSizeBytes: 50 * 1024 ** 2, maxFiles: 3 },
      },
    });
    expect(prog('legacy')).toMatchObject({
      type: 'forking',
      pidfile: '/run/legacy.pid',
      autostart: false,
      output: { mode: 'raw', timestamps: true, file: undefined },
    });
    expect(prog('worker')).toMatchObject({
      notify: true,
      dependsOn: [{ name: 'db', condition: 'started' }],
      onUnhealthy: 'shutdown',
    });
  });
});
