// The client side of the protocol: one connection per request, which keeps
// `tsvisor ctl` stateless and makes a dead server show up as a connect error
// rather than a hang.

import { connect } from 'node:net';
import { createLineSplitter } from './line-splitter.js';
import type { CommandName } from './protocol.js';
import { encodeRequest, PROTOCOL_VERSION } from './wire.js';

// Responses can be large (`logs -n 100000`); the client is not PID 1, but
// still should not be made to eat all memory by a misbehaving peer.
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** The socket could not be reached; `code` is the errno name (ENOENT, ECONNREFUSED, EACCES…). */
export class ControlConnectError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot connect to ${path}: ${describeErrno(code)}`, options);
    this.name = 'ControlConnectError';
  }
}

/** The server answered with `ok: false`. */
export class ControlRemoteError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ControlRemoteError';
  }
}

/** Options of one request. */
export interface RequestOptions {
  /** Called for each intermediate `event` line of a streaming command. */
  readonly onEvent?: (event: { type: string; [field: string]: unknown }) => void;
}

const REQUEST_ID = 1;

/** Sends one request and resolves with its result; rejects with ControlConnectError or ControlRemoteError. */
export function controlRequest(
  socketPath: string,
  cmd: CommandName,
  args: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const splitter = createLineSplitter(MAX_RESPONSE_BYTES);
    let connected = false;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      outcome();
    };
    socket.once('connect', () => {
      connected = true;
      socket.write(encodeRequest(REQUEST_ID, cmd, args));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) finish(() => reject(new ControlConnectError(socketPath, error.code ?? 'EIO', { cause: error })));
      else finish(() => reject(new ControlRemoteError(`connection to ${socketPath} failed: ${error.message}`, 'io')));
    });
    socket.on('close', () =>
      finish(() => reject(new ControlRemoteError('tsvisor closed the connection without answering', 'closed'))),
    );
    socket.on('data', (chunk: Buffer) => {
      const { lines, overflow } = splitter.push(chunk);
      for (const text of lines) {
        if (settled) return;
        handleLine(text);
      }
      if (overflow) finish(() => reject(new ControlRemoteError('response line too large', 'too-large')));
    });

    function handleLine(text: string): void {
      const parsed = parseResponseLine(text);
      if (parsed === undefined) {
        finish(() => reject(new ControlRemoteError('tsvisor sent a malformed response', 'bad-response')));
        return;
      }
      if (parsed.v !== PROTOCOL_VERSION) {
        const message = `tsvisor speaks control protocol v${parsed.v}, this client v${PROTOCOL_VERSION}`;
        finish(() => reject(new ControlRemoteError(message, 'bad-version')));
      } else if ('event' in parsed) {
        options.onEvent?.(parsed.event);
      } else if (parsed.ok) {
        finish(() => resolve(parsed.result));
      } else {
        finish(() => reject(new ControlRemoteError(parsed.error.message, parsed.error.code)));
      }
    }
  });
}

type ResponseLine =
  | { v: number; ok: true; result: unknown }
  | { v: number; ok: false; error: { code: string; message: string } }
  | { v: number; event: { type: string; [field: string]: unknown } };

// Hand-checked rather than with zod: see wire.ts on ctl start-up time.
function parseResponseLine(text: string): ResponseLine | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(raw) || typeof raw.v !== 'number') return undefined;
  if (isObject(raw.event) && typeof raw.event.type === 'string') {
    return { v: raw.v, event: raw.event as { type: string } };
  }
  if (raw.ok === true) return { v: raw.v, ok: true, result: raw.result };
  const error = raw.error;
  if (raw.ok === false && isObject(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return { v: raw.v, ok: false, error: { code: error.code, message: error.message } };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeErrno(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code;
  }
}
