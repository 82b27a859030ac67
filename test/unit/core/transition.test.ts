import { describe, expect, it } from 'vitest';
import type { ProgramConfig } from '../../../src/config/types.js';
import {
  initialProgramState,
  type ProgramEffect,
  type ProgramEvent,
  type ProgramState,
} from '../../../src/core/program-state.js';
import { transition } from '../../../src/core/transition.js';
import { programConfig } from '../../helpers/program-config.js';

/** Drives the reducer with a manual clock and records every effect. */
function driver(cfg: ProgramConfig) {
  let state: ProgramState = initialProgramState(cfg.name);
  let now = 0;
  const effects: ProgramEffect[] = [];
  return {
    get state() {
      return state;
    },
    effects,
    at(t: number) {
      now = t;
      return this;
    },
    send(event: ProgramEvent) {
      const r = transition(state, event, cfg, now);
      state = r.state;
      effects.push(...r.effects);
      return r.effects.filter((e) => e.type !== 'log');
    },
    gen() {
      return state.generation;
    },
  };
}

describe('program lifecycle reducer', () => {
  it('boot start spawns, spawned makes it running', () => {
    const d = driver(programConfig());
    expect(d.send({ type: 'start', by: 'boot' })).toEqual([
      { type: 'cancel-timer', timer: 'restart' },
      { type: 'spawn', generation: 1 },
    ]);
    expect(d.state.status).toBe('starting');
    d.at(5).send({ type: 'spawned', generation: 1, pid: 42 });
    expect(d.state).toMatchObject({ status: 'running', pid: 42, startedAt: 5, restarts: 0 });
  });

  it('on-failure:2 with exit 3 restarts twice with 100 ms then 200 ms, then goes fatal', () => {
    const d = driver(programConfig({ restart: { kind: 'on-failure', maxRestarts: 2 } }));
    const delays: number[] = [];
    let spawns = 0;
    d.send({ type: 'start', by: 'boot' });
    spawns++;
    for (let i = 0; i < 5 && d.state.status !== 'fatal'; i++) {
      d.at(i * 1000 + 1).send({ type: 'spawned', generation: d.gen(), pid: 100 + i });
      const fx = d.at(i * 1000 + 2).send({ type: 'exited', generation: d.gen(), code: 3, signal: null });
      const timer = fx.find((e) => e.type === 'set-timer');
      if (timer && timer.type === 'set-timer') {
        delays.push(timer.delayMs);
        const after = d.send({ type: 'restart-due', generation: timer.generation });
        if (after.some((e) => e.type === 'spawn')) spawns++;
      }
    }
    expect(spawns).toBe(3);
    expect(delays).toEqual([100, 200]);
    expect(d.state).toMatchObject({ status: 'fatal', restarts: 2, lastExit: { code: 3, signal: null } });
  });

  it('always restarts a program that exits 0; "no" never restarts', () => {
    const a = driver(programConfig());
    a.send({ type: 'start', by: 'boot' });
    a.send({ type: 'spawned', generation: 1, pid: 7 });
    a.send({ type: 'exited', generation: 1, code: 0, signal: null });
    expect(a.state.status).toBe('backoff');

    const n = driver(programConfig({ restart: { kind: 'no' } }));
    n.send({ type: 'start', by: 'boot' });
    n.send({ type: 'spawned', generation: 1, pid: 7 });
    const fx = n.send({ type: 'exited', generation: 1, code: 1, signal: null });
    expect(n.state.status).toBe('exited');
    expect(fx.some((e) => e.type === 'set-timer')).toBe(false);
  });

  it('a run longer than reset_after resets the delay to initial', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    const delays: number[] = [];
    const runs = [1, 1, 1, 20_000, 1];
    let t = 0;
    for (const run of runs) {
      d.at(t).send({ type: 'spawned', generation: d.gen(), pid: 1 });
      t += run;
      const fx = d.at(t).send({ type: 'exited', generation: d.gen(), code: 1, signal: null });
      const timer = fx.find((e) => e.type === 'set-timer');
      if (timer?.type === 'set-timer') delays.push(timer.delayMs);
      t += timer?.type === 'set-timer' ? timer.delayMs : 0;
      d.at(t).send({ type: 'restart-due', generation: d.gen() });
    }
    expect(delays).toEqual([100, 200, 400, 100, 200]);
    expect(d.state.nextRestartAt).toBeNull();
  });

  it('stop sends the stop signal and arms the kill timer; exit means stopped, not restarted', () => {
    const d = driver(programConfig({ stopSignal: 'SIGINT', stopGracePeriodMs: 3000 }));
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    expect(d.send({ type: 'stop', reason: 'shutdown' })).toEqual([
      { type: 'signal', signal: 'SIGINT' },
      { type: 'set-timer', timer: 'kill', delayMs: 3000, generation: 1 },
    ]);
    expect(d.send({ type: 'kill-due', generation: 1 })).toEqual([{ type: 'signal', signal: 'SIGKILL' }]);
    d.send({ type: 'exited', generation: 1, code: null, signal: 'SIGKILL' });
    expect(d.state).toMatchObject({ status: 'stopped', held: false, lastExit: { signal: 'SIGKILL', requested: true } });
  });

  it('an operator stop holds against boot starts until an operator start', () => {
    const d = driver(programConfig({ restart: { kind: 'unless-stopped' } }));
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    d.send({ type: 'stop', reason: 'operator' });
    d.send({ type: 'exited', generation: 1, code: 0, signal: 'SIGTERM' });
    expect(d.state).toMatchObject({ status: 'stopped', held: true });
    expect(d.send({ type: 'start', by: 'boot' })).toEqual([]);
    expect(d.send({ type: 'start', by: 'operator' }).some((e) => e.type === 'spawn')).toBe(true);
    expect(d.state.held).toBe(false);
  });

  it('stop during backoff cancels the pending restart', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    d.send({ type: 'exited', generation: 1, code: 1, signal: null });
    expect(d.send({ type: 'stop', reason: 'shutdown' })).toEqual([{ type: 'cancel-timer', timer: 'restart' }]);
    expect(d.state.status).toBe('stopped');
    expect(d.send({ type: 'restart-due', generation: 1 })).toEqual([]);
  });

  it('stop before the pid is known signals as soon as it is', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    expect(d.send({ type: 'stop', reason: 'shutdown' })).toEqual([
      { type: 'set-timer', timer: 'kill', delayMs: 10_000, generation: 1 },
    ]);
    expect(d.send({ type: 'spawned', generation: 1, pid: 5 })).toEqual([{ type: 'signal', signal: 'SIGTERM' }]);
  });

  it('stale events from an earlier generation change nothing', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    d.send({ type: 'exited', generation: 1, code: 1, signal: null });
    d.send({ type: 'restart-due', generation: 1 });
    const before = d.state;
    expect(d.send({ type: 'exited', generation: 1, code: 1, signal: null })).toEqual([]);
    expect(d.state).toBe(before);
  });

  it('a spawn failure goes through the restart policy like any failure', () => {
    const d = driver(programConfig({ restart: { kind: 'on-failure', maxRestarts: 1 } }));
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawn-failed', generation: 1, code: 127, message: 'command not found: nope' });
    expect(d.state).toMatchObject({ status: 'backoff', lastExit: { code: 127 } });
    expect(d.effects.some((e) => e.type === 'log' && e.level === 'error' && e.msg.includes('nope'))).toBe(true);
    d.send({ type: 'restart-due', generation: 1 });
    d.send({ type: 'spawn-failed', generation: 2, code: 127, message: 'command not found: nope' });
    expect(d.state.status).toBe('fatal');
  });

  it('operator restart respawns without backoff', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    d.send({ type: 'stop', reason: 'restart' });
    const fx = d.send({ type: 'exited', generation: 1, code: 0, signal: 'SIGTERM' });
    expect(fx).toContainEqual({ type: 'spawn', generation: 2 });
    expect(d.state.status).toBe('starting');
  });

  it('a shutdown outranks a pending restart', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    d.send({ type: 'stop', reason: 'restart' });
    d.send({ type: 'stop', reason: 'shutdown' });
    const fx = d.send({ type: 'exited', generation: 1, code: 0, signal: 'SIGTERM' });
    expect(fx.some((e) => e.type === 'spawn')).toBe(false);
    expect(d.state.status).toBe('stopped');
  });

  it('unhealthy with on_unhealthy restart stops and restarts through backoff', () => {
    const hc = {
      test: { kind: 'tcp', host: '127.0.0.1', port: 1 },
      intervalMs: 1,
      timeoutMs: 1,
      retries: 1,
      startPeriodMs: 0,
      startIntervalMs: 1,
    } as const;
    const d = driver(programConfig({ healthcheck: hc, restart: { kind: 'on-failure', maxRestarts: undefined } }));
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    expect(d.state.health).toBe('starting');
    d.send({ type: 'health', generation: 1, status: 'healthy' });
    expect(d.send({ type: 'health', generation: 1, status: 'unhealthy' })).toContainEqual({
      type: 'signal',
      signal: 'SIGTERM',
    });
    d.send({ type: 'exited', generation: 1, code: 0, signal: null });
    expect(d.state.status).toBe('backoff');
  });

  it('a forking program is running only once its daemon is adopted', () => {
    const d = driver(programConfig({ type: 'forking', pidfile: '/run/x.pid' }));
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 10 });
    expect(d.state.status).toBe('starting');
    expect(d.send({ type: 'exited', generation: 1, code: 0, signal: null })).toEqual([
      { type: 'adopt-pidfile', generation: 1 },
    ]);
    d.send({ type: 'adopted', generation: 1, pid: 11 });
    expect(d.state).toMatchObject({ status: 'running', pid: 11 });
    d.send({ type: 'exited', generation: 1, code: null, signal: 'SIGKILL' });
    expect(d.state.status).toBe('backoff');
  });

  it('a oneshot that exits 0 is completed', () => {
    const d = driver(programConfig({ type: 'oneshot', restart: { kind: 'on-failure', maxRestarts: undefined } }));
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    d.send({ type: 'exited', generation: 1, code: 0, signal: null });
    expect(d.state).toMatchObject({ status: 'exited', completed: true });
  });

  it('every state change is logged with from/to', () => {
    const d = driver(programConfig());
    d.send({ type: 'start', by: 'boot' });
    d.send({ type: 'spawned', generation: 1, pid: 9 });
    const changes = d.effects
      .filter((e) => e.type === 'log' && 'to' in e.fields)
      .map((e) => e.type === 'log' && e.fields);
    expect(changes).toEqual([
      expect.objectContaining({ program: 'web', from: 'stopped', to: 'starting' }),
      expect.objectContaining({ program: 'web', from: 'starting', to: 'running', pid: 9 }),
    ]);
  });
});
