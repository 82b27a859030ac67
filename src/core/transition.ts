// The lifecycle of one program as a pure reducer:
// (state, event, config, now) -> (state, effects). The runtime executes the
// effects (spawn, signal, timers, logs) and feeds the results back as events,
// so every decision here is testable with a manual clock.

import type { ProgramConfig } from '../config/types.js';
import { nextRestartDelay } from './backoff.js';
import type { ExitInfo, ProgramEffect, ProgramEvent, ProgramState, StopReason, Transition } from './program-state.js';
import { decideRestart, isFailure } from './restart-policy.js';

const DOWN: ReadonlySet<ProgramState['status']> = new Set(['stopped', 'exited', 'fatal']);

/** True when no process of the program is running and none is being started or stopped. */
export function isDown(state: ProgramState): boolean {
  return DOWN.has(state.status) || state.status === 'backoff';
}

/** Apply one event to one program. Stale events (older generation) change nothing. */
export function transition(state: ProgramState, event: ProgramEvent, cfg: ProgramConfig, now: number): Transition {
  switch (event.type) {
    case 'start':
      return onStart(state, event.by, cfg, now);
    case 'spawned':
      if (event.generation !== state.generation) return unchanged(state);
      return onSpawned(state, event.pid, cfg, now);
    case 'adopted':
      if (event.generation !== state.generation || state.status !== 'starting') return unchanged(state);
      return moveTo(state, { ...state, status: 'running', pid: event.pid }, [], { pid: event.pid, adopted: true });
    case 'spawn-failed':
      if (event.generation !== state.generation) return unchanged(state);
      return onExit(state, { code: event.code, signal: null }, cfg, now, event.message);
    case 'exited':
      if (event.generation !== state.generation) return unchanged(state);
      return onExited(state, event, cfg, now);
    case 'restart-due':
      if (event.generation !== state.generation || state.status !== 'backoff') return unchanged(state);
      return spawn(state, { restarts: state.restarts + 1 }, cfg, now);
    case 'kill-due':
      if (event.generation !== state.generation || state.status !== 'stopping') return unchanged(state);
      return {
        state,
        effects: [
          { type: 'signal', signal: 'SIGKILL' },
          log('warn', 'did not stop within its grace period; sending SIGKILL', state, {
            grace_ms: cfg.stopGracePeriodMs,
          }),
        ],
      };
    case 'kill-now':
      if (state.status !== 'stopping') return unchanged(state);
      return {
        state,
        effects: [
          { type: 'cancel-timer', timer: 'kill' },
          { type: 'signal', signal: 'SIGKILL' },
          log('warn', 'sending SIGKILL', state, {}),
        ],
      };
    case 'stop':
      return onStop(state, event.reason, cfg);
    case 'health':
      if (event.generation !== state.generation || state.health === event.status) return unchanged(state);
      return onHealth(state, event.status, cfg);
    case 'blocked':
      if (state.blockedReason === event.reason) return unchanged(state);
      return {
        state: { ...state, blockedReason: event.reason },
        effects: [log('error', `not started: ${event.reason}`, state, {})],
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function onStart(state: ProgramState, by: 'boot' | 'operator', cfg: ProgramConfig, now: number): Transition {
  if (!isDown(state)) return unchanged(state);
  if (by === 'boot' && state.held) {
    return { state, effects: [log('info', 'not started: stopped by an operator', state, {})] };
  }
  // An operator start is a fresh start, as `docker start` is: counters and backoff reset.
  const fresh = by === 'operator' ? { held: false, restarts: 0, lastDelayMs: 0 } : {};
  return spawn(state, { ...fresh, blockedReason: null, completed: false }, cfg, now, [
    { type: 'cancel-timer', timer: 'restart' },
  ]);
}

function spawn(
  state: ProgramState,
  patch: Partial<ProgramState>,
  cfg: ProgramConfig,
  now: number,
  before: ProgramEffect[] = [],
): Transition {
  const generation = state.generation + 1;
  const next: ProgramState = {
    ...state,
    ...patch,
    status: 'starting',
    pid: null,
    startedAt: now,
    nextRestartAt: null,
    stopReason: null,
    generation,
    health: cfg.healthcheck !== undefined || cfg.notify ? 'starting' : 'none',
  };
  return moveTo(state, next, [...before, { type: 'spawn', generation }], { restarts: next.restarts });
}

function onSpawned(state: ProgramState, pid: number, cfg: ProgramConfig, now: number): Transition {
  if (state.status === 'stopping') {
    // Stop was requested before the pid was known; deliver the signal now.
    return {
      state: { ...state, pid, startedAt: now },
      effects: [{ type: 'signal', signal: cfg.stopSignal }],
    };
  }
  if (state.status !== 'starting') return unchanged(state);
  // A forking program is "starting" until its daemon is adopted from the pidfile.
  const status = cfg.type === 'forking' ? 'starting' : 'running';
  return moveTo(state, { ...state, status, pid, startedAt: now }, [], { pid });
}

function onExited(
  state: ProgramState,
  event: Extract<ProgramEvent, { type: 'exited' }>,
  cfg: ProgramConfig,
  now: number,
): Transition {
  // The start command of a forking program exiting 0 is its success, not its end.
  if (cfg.type === 'forking' && state.status === 'starting' && event.code === 0) {
    return { state: { ...state, pid: null }, effects: [{ type: 'adopt-pidfile', generation: state.generation }] };
  }
  return onExit(state, { code: event.code, signal: event.signal }, cfg, now, undefined);
}

function onExit(
  state: ProgramState,
  result: { code: number | null; signal: string | null },
  cfg: ProgramConfig,
  now: number,
  spawnError: string | undefined,
): Transition {
  const reason = state.status === 'stopping' ? state.stopReason : null;
  const requested = reason !== null && reason !== 'unhealthy';
  const lastExit: ExitInfo = { code: result.code, signal: result.signal, at: now, requested };
  const runMs = state.startedAt === null || spawnError !== undefined ? null : now - state.startedAt;
  const base: ProgramState = { ...state, pid: null, lastExit, stopReason: null, health: healthAfterExit(state) };
  const cancelKill: ProgramEffect = { type: 'cancel-timer', timer: 'kill' };
  const exitFields = { exit: describeExit(lastExit), run_ms: runMs === null ? null : Math.round(runMs) };
  const failLog: ProgramEffect[] = spawnError === undefined ? [] : [log('error', spawnError, state, exitFields)];

  if (reason === 'restart') return spawn(base, { restarts: 0, lastDelayMs: 0 }, cfg, now, [cancelKill]);
  if (reason !== null && reason !== 'unhealthy') {
    return moveTo(
      state,
      { ...base, status: 'stopped', held: state.held || reason === 'operator' },
      [cancelKill],
      exitFields,
    );
  }

  const facts = { ...result, requested: false, forcedFailure: reason === 'unhealthy' };
  const decision = decideRestart(cfg.restart, cfg.type, facts, state.restarts);
  if (!decision.restart) {
    const completed = decision.status === 'exited' && !isFailure(facts);
    return moveTo(state, { ...base, status: decision.status, completed }, [cancelKill, ...failLog], {
      ...exitFields,
      reason: decision.reason,
    });
  }
  const delay = nextRestartDelay(state.lastDelayMs, runMs, cfg.backoff);
  const next: ProgramState = { ...base, status: 'backoff', nextRestartAt: now + delay, lastDelayMs: delay };
  return moveTo(
    state,
    next,
    [cancelKill, ...failLog, { type: 'set-timer', timer: 'restart', delayMs: delay, generation: state.generation }],
    { ...exitFields, delay_ms: delay },
  );
}

function onStop(state: ProgramState, reason: StopReason, cfg: ProgramConfig): Transition {
  const holds = reason === 'operator';
  switch (state.status) {
    case 'running':
    case 'starting': {
      const next: ProgramState = { ...state, status: 'stopping', stopReason: reason, held: state.held || holds };
      // Without a pid yet the signal waits for `spawned` (see onSpawned).
      const signal: ProgramEffect[] = state.pid === null ? [] : [{ type: 'signal', signal: cfg.stopSignal }];
      return moveTo(
        state,
        next,
        [...signal, { type: 'set-timer', timer: 'kill', delayMs: cfg.stopGracePeriodMs, generation: state.generation }],
        { signal: cfg.stopSignal, reason },
      );
    }
    case 'stopping': {
      // A shutdown or operator stop outranks a pending restart: the program must stay down.
      const outranks = reason === 'shutdown' || reason === 'operator' || reason === 'reload';
      if (!outranks || state.stopReason === reason) return unchanged(state);
      return { state: { ...state, stopReason: reason, held: state.held || holds }, effects: [] };
    }
    case 'backoff':
      return moveTo(
        state,
        { ...state, status: 'stopped', nextRestartAt: null, held: state.held || holds },
        [{ type: 'cancel-timer', timer: 'restart' }],
        { reason },
      );
    case 'stopped':
    case 'exited':
    case 'fatal':
      if (!holds || state.held) return unchanged(state);
      return { state: { ...state, held: true }, effects: [log('info', 'held stopped by an operator', state, {})] };
    default: {
      const unreachable: never = state.status;
      return unreachable;
    }
  }
}

function onHealth(state: ProgramState, status: 'healthy' | 'unhealthy', cfg: ProgramConfig): Transition {
  const next: ProgramState = { ...state, health: status };
  const effects: ProgramEffect[] = [
    log(status === 'healthy' ? 'info' : 'warn', `health: ${status}`, state, { health: status, was: state.health }),
  ];
  if (status === 'unhealthy' && cfg.onUnhealthy === 'restart' && state.status === 'running') {
    const stopped = onStop(next, 'unhealthy', cfg);
    return { state: stopped.state, effects: [...effects, ...stopped.effects] };
  }
  return { state: next, effects };
}

function healthAfterExit(state: ProgramState): ProgramState['health'] {
  return state.health === 'none' ? 'none' : 'starting';
}

/** `exit 3`, `SIGKILL`: how an exit is shown in logs and the process table. */
export function describeExit(exit: { code: number | null; signal: string | null }): string {
  if (exit.signal !== null) return exit.signal;
  return `exit ${exit.code ?? '?'}`;
}

function moveTo(
  from: ProgramState,
  to: ProgramState,
  effects: ProgramEffect[],
  fields: Readonly<Record<string, unknown>>,
): Transition {
  if (from.status === to.status) return { state: to, effects };
  const level = to.status === 'fatal' ? 'error' : to.status === 'backoff' ? 'warn' : 'info';
  return {
    state: to,
    effects: [...effects, log(level, to.status, from, { from: from.status, to: to.status, ...fields })],
  };
}

function log(
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  state: ProgramState,
  fields: Readonly<Record<string, unknown>>,
): ProgramEffect {
  return { type: 'log', level, msg, fields: { program: state.name, ...fields } };
}

function unchanged(state: ProgramState): Transition {
  return { state, effects: [] };
}
