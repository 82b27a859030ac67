// Turns one validated request into ControlApi calls. Kept apart from the
// socket code so every command's semantics can be read in one place; the
// server only frames what this returns.

import { canonicalSignal } from '../config/signal-names.js';
import { type ControlApi, ControlError, type LogLine } from './api.js';
import type { ControlRequest } from './protocol.js';
import type { ControlEvent } from './wire.js';

/** Sends an intermediate event of a streaming command to the requester. */
export type EmitEvent = (event: ControlEvent['event']) => void;

/**
 * Runs a request against the api and resolves with its result. `abort` ends a
 * `logs -f` (resolving null) and abandons a `wait` (rejecting with the abort reason).
 */
export async function dispatchRequest(
  api: ControlApi,
  request: ControlRequest,
  emit: EmitEvent,
  abort: AbortSignal,
): Promise<unknown> {
  switch (request.cmd) {
    case 'status':
      return api.status(request.args.names);
    case 'start':
      return api.start(request.args.names);
    case 'stop':
      return api.stop(request.args.names);
    case 'restart':
      return api.restart(request.args.names);
    case 'signal': {
      const signal = canonicalSignal(request.args.signal);
      if (signal === undefined) throw new ControlError(`unknown signal "${request.args.signal}"`, 'bad-signal');
      return api.signal(signal, request.args.names);
    }
    case 'logs': {
      const { name, lines, follow } = request.args;
      const backlog = api.logs(name, lines);
      if (!follow) return backlog;
      return followLogs(api, name, backlog, emit, abort);
    }
    case 'reload':
      return api.reload();
    case 'shutdown':
      await api.shutdown();
      return null;
    case 'wait': {
      const { name, timeout_ms: timeoutMs } = request.args;
      // Resolving the name first makes an unknown program fail at once rather than after the timeout.
      const [current] = api.status([name]);
      emit({ type: 'waiting', program: current ?? null });
      return raceAbort(api.wait(name, request.args.for, timeoutMs), abort);
    }
    default:
      return assertNever(request);
  }
}

function followLogs(
  api: ControlApi,
  name: string,
  backlog: readonly LogLine[],
  emit: EmitEvent,
  abort: AbortSignal,
): Promise<null> {
  for (const line of backlog) emit({ type: 'log', line });
  // Subscribing in the same synchronous turn as reading the backlog: program
  // output is delivered by event-loop callbacks, so no line can land between
  // the two calls and be lost or shown twice.
  const unsubscribe = api.followLogs(name, (line) => emit({ type: 'log', line }));
  return new Promise((resolve) => {
    const end = () => {
      unsubscribe();
      resolve(null);
    };
    if (abort.aborted) end();
    else abort.addEventListener('abort', end, { once: true });
  });
}

function raceAbort<T>(work: Promise<T>, abort: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abort.reason);
    if (abort.aborted) onAbort();
    abort.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => abort.removeEventListener('abort', onAbort));
  });
}

function assertNever(value: never): never {
  throw new Error(`unhandled command ${JSON.stringify(value)}`);
}
