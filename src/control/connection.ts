// One client connection: frames lines into requests, runs them one at a time
// in arrival order, and writes the answers. Every failure mode of a peer
// (garbage, endless lines, vanishing mid-stream, never reading) ends in an
// error line or a closed socket, never in an exception that reaches PID 1.

import type { Socket } from 'node:net';
import { type ControlApi, ControlError } from './api.js';
import type { ControlLogger } from './control-logger.js';
import { dispatchRequest } from './dispatch.js';
import { createLineSplitter } from './line-splitter.js';
import { type ControlRequest, parseRequest } from './protocol.js';
import { encodeError, encodeEvent, encodeResult, MAX_REQUEST_BYTES } from './wire.js';

// A follower that stops reading while a program floods its output would
// otherwise make us queue every line in memory.
const MAX_UNSENT_BYTES = 8 * 1024 * 1024;
// Requests pipelined behind a slow one; beyond this we stop reading.
const MAX_QUEUED_LINES = 64;

/** Dependencies of a connection. */
export interface ConnectionOptions {
  readonly api: ControlApi;
  readonly log: ControlLogger;
  /** A connection with no request in flight and no traffic for this long is closed. */
  readonly idleTimeoutMs: number;
}

/** Handle the server keeps to end the connection at shutdown. */
export interface Connection {
  /** Ends streams, fails pending waits with `shutting-down`, then closes once the current request has answered. */
  shutdown(): void;
}

/** Serves requests arriving on `socket` until either side closes it. */
export function serveConnection(socket: Socket, options: ConnectionOptions): Connection {
  const { api, log } = options;
  const splitter = createLineSplitter(MAX_REQUEST_BYTES);
  const queue: string[] = [];
  let current: { request: ControlRequest | null; abort: AbortController } | null = null;
  let peerEnded = false;
  let closing = false;

  socket.setTimeout(options.idleTimeoutMs);
  socket.on('timeout', () => {
    if (current === null) socket.destroy();
  });
  socket.on('error', (error) => log.debug({ err: error }, 'control connection error'));
  socket.on('close', () => {
    queue.length = 0;
    current?.abort.abort(new ControlError('client went away', 'bad-request'));
  });
  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    const { lines, overflow } = splitter.push(chunk);
    for (const line of lines) if (line.trim() !== '') queue.push(line);
    if (overflow) {
      log.warn({ limitBytes: MAX_REQUEST_BYTES }, 'control request too large; closing connection');
      queue.length = 0;
      closing = true;
      write(encodeError(null, 'too-large', `request line exceeds ${MAX_REQUEST_BYTES} bytes`));
      current?.abort.abort(new ControlError('request too large', 'bad-request'));
      if (current === null) socket.end();
      return;
    }
    if (queue.length > MAX_QUEUED_LINES) socket.pause();
    pump();
  });
  socket.on('end', () => {
    peerEnded = true;
    // A half-closed follower has nobody left to read the stream: end it.
    if (current?.request?.cmd === 'logs') current.abort.abort(new ControlError('client closed', 'bad-request'));
    if (splitter.pendingBytes() > 0 && current === null && queue.length === 0) {
      write(encodeError(null, 'bad-request', 'connection closed in the middle of a request line'));
    }
    pump();
  });

  function pump(): void {
    if (current !== null) return;
    const line = queue.shift();
    if (line === undefined) {
      if ((peerEnded || closing) && !socket.destroyed) socket.end();
      return;
    }
    if (queue.length <= MAX_QUEUED_LINES && socket.isPaused()) socket.resume();
    const abort = new AbortController();
    current = { request: null, abort };
    void handle(line, abort)
      .catch((error: unknown) => log.error({ err: error }, 'control request handler failed'))
      .finally(() => {
        current = null;
        pump();
      });
  }

  async function handle(line: string, abort: AbortController): Promise<void> {
    const parsed = parseRequest(line);
    if (!parsed.ok) {
      write(encodeError(parsed.id, parsed.code, parsed.message));
      return;
    }
    const { request } = parsed;
    if (current) current.request = request;
    // emit runs inside the runtime's output callbacks (followLogs): it must never throw into them.
    const emit = (event: Parameters<typeof encodeEvent>[1]) => {
      try {
        write(encodeEvent(request.id, event));
      } catch (error) {
        log.warn({ err: error, cmd: request.cmd }, 'cannot send control event');
      }
    };
    try {
      const result = await dispatchRequest(api, request, emit, abort.signal);
      write(encodeResult(request.id, result));
    } catch (error) {
      if (error instanceof ControlError) {
        write(encodeError(request.id, error.code, error.message));
      } else {
        log.error({ err: error, cmd: request.cmd }, 'control request failed');
        const message = error instanceof Error ? error.message : String(error);
        write(encodeError(request.id, 'internal', message));
      }
    }
  }

  function write(text: string): void {
    if (socket.destroyed || !socket.writable) return;
    socket.write(text);
    if (socket.writableLength > MAX_UNSENT_BYTES) {
      log.warn({ unsentBytes: socket.writableLength }, 'control client is not reading; closing connection');
      socket.destroy();
    }
  }

  return {
    shutdown() {
      if (closing) return;
      closing = true;
      queue.length = 0;
      current?.abort.abort(new ControlError('tsvisor is shutting down', 'shutting-down'));
      pump();
    },
  };
}
